import type { FastifyInstance } from 'fastify'
import { isLoopback } from './config.ts'
import type { ServiceConfig } from './config.ts'
import { ConfigError } from './core/errors.ts'
import { hostname } from 'node:os'
import { Exposition } from './export/exposition.ts'
import { exposeRemoteWrite } from './export/exposition-remote-write.ts'
import type { RemoteWriter } from './export/remote-write.ts'
import { healthConfigFrom } from './health/health-config.ts'
import type { HealthConfig } from './health/health-config.ts'
import { buildApp } from './http/app.ts'
import { MetricsLogger } from './logger/metrics-logger.ts'
import { Persistence } from './persist/persistence.ts'
import type { RestoreReport } from './persist/persistence.ts'

/** A running service: its app, logger and address, and how to stop it. */
export interface RunningService {
  app: FastifyInstance
  logger: MetricsLogger
  /** Base URL, e.g. http://127.0.0.1:8000 */
  url: string
  /** Pushes the exposition to REMOTE_WRITE_URL; null when not configured. */
  remoteWriter: RemoteWriter | null
  /** The database, or null with --no-persist. */
  persistence: Persistence | null
  /** What was restored from the database at start, or null with --no-persist. */
  restored: RestoreReport | null
  /** Stops accepting requests, takes a last ring snapshot, stops timers; idempotent. */
  stop: () => Promise<void>
}

/**
 * Refuses a listen address reachable from other machines unless the
 * operator said so: an unauthenticated metrics API must not be exposed by
 * accident.
 */
export function checkExposure (config: Pick<ServiceConfig, 'host' | 'insecure'>): void {
  if (isLoopback(config.host) || config.insecure) return
  throw new ConfigError('host', `refusing to listen on ${config.host} without API keys: anyone who can reach it could read ` +
    'and clear the metrics. Listen on 127.0.0.1, configure keys, or pass --insecure to accept the risk.')
}

/**
 * The health config when the caller has none: the built-in rules, with the
 * service config's CPU and memory warning thresholds.
 */
function defaultHealth (config: Readonly<ServiceConfig>): HealthConfig {
  return healthConfigFrom({
    rules: [
      { id: 'cpu_high', warning: config.health.cpuWarningPercent },
      { id: 'memory_high', warning: config.health.memoryWarningPercent }
    ]
  })
}

/**
 * Starts the Metrics API as configured. `health` (rules, notifications;
 * see `loadHealthConfig`) drives /health, /alerts, the probes and alert
 * delivery. With persistence on, the trade ledger and the rings are
 * restored from the data directory first; a database that cannot be used
 * stops the start with a PersistenceError.
 */
export async function startService (config: Readonly<ServiceConfig>, health: HealthConfig = defaultHealth(config)): Promise<RunningService> {
  checkExposure(config)
  const logger = new MetricsLogger({
    ...config.store,
    sampler: { intervalMs: config.sampleIntervalMs, dataDir: config.dataDir },
    health,
    trading: config.trading
  })
  const log: { app: FastifyInstance | null } = { app: null }
  let persistence: Persistence | null = null
  let restored: RestoreReport | null = null
  let app: FastifyInstance
  const exposition = new Exposition(logger)
  try {
    if (config.persist) ({ persistence, restored } = openPersistence(config, logger, log))
    app = await buildApp({ logger, health, logLevel: config.logLevel, exposition, persistence })
  } catch (error) {
    persistence?.close()
    logger.close()
    throw error
  }
  log.app = app
  if (persistence !== null && restored !== null) logRestore(app, persistence, restored)
  let remoteWriter: RemoteWriter | null = null
  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    // Last push first, while the exposition still has everything.
    await remoteWriter?.stop()
    await app.close()
    persistence?.close()
    logger.close()
  }
  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (error) {
    await stop()
    throw error
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host
  if (config.remoteWrite !== null) {
    const rw = config.remoteWrite
    remoteWriter = exposeRemoteWrite(exposition, {
      url: rw.url,
      bearerToken: rw.bearerToken ?? undefined,
      intervalMs: rw.intervalMs,
      maxQueueSamples: rw.maxQueueSamples,
      // Room for the whole queue at ~100 bytes a sample.
      maxQueueBytes: Math.max(16 * 1024 * 1024, rw.maxQueueSamples * 128),
      // As Prometheus would label a scrape of this service (monitoring/prometheus.yml).
      job: 'breakout-bot-api',
      instance: `${hostname()}:${port}`,
      onError: (err) => { app.log.warn({ code: err.code, status: err.status }, err.message) }
    })
    remoteWriter.start()
  }
  return { app, logger, url: `http://${host}:${port}`, remoteWriter, persistence, restored, stop }
}

/** Opens the database, restores ledger and rings from it, starts the snapshots. Throws PersistenceError. */
function openPersistence (config: Readonly<ServiceConfig>, logger: MetricsLogger, log: { app: FastifyInstance | null }):
{ persistence: Persistence, restored: RestoreReport } {
  const persistence = Persistence.open(config.dataDir, {
    ...config.persistence,
    onError: (error) => {
      if (log.app !== null) log.app.log.error({ code: error.code, reason: error.reason }, error.message)
      else process.emitWarning(error.message, { code: error.code })
    }
  })
  try {
    const restored = persistence.restore({ ledger: logger.trades, store: logger.store })
    persistence.startSnapshots()
    return { persistence, restored }
  } catch (error) {
    persistence.close()
    throw error
  }
}

function logRestore (app: FastifyInstance, persistence: Persistence, r: RestoreReport): void {
  app.log.info({
    database: persistence.path,
    trade_events: r.tradeEvents,
    snapshot_taken_at: r.snapshot.takenAtMs,
    series: r.snapshot.series,
    points: r.snapshot.points
  }, 'restored from the database')
  if (r.rejectedOnReplay > 0) app.log.warn({ rejected: r.rejectedOnReplay }, 'journaled trade events the ledger now rejects')
  for (const s of r.snapshot.skipped) app.log.warn({ metric: s.name, labels: s.labels }, `snapshot series not restored: ${s.reason}`)
}
