import type { FastifyInstance } from 'fastify'
import { isLoopback } from './config.ts'
import type { ServiceConfig } from './config.ts'
import { ConfigError } from './core/errors.ts'
import { buildApp } from './http/app.ts'
import { MetricsLogger } from './logger/metrics-logger.ts'
import { Persistence } from './persist/persistence.ts'
import type { RestoreReport } from './persist/persistence.ts'

/** A running service: its app, logger and address, and how to stop it. */
export interface RunningService {
  app: FastifyInstance
  logger: MetricsLogger
  /** The database, or null with --no-persist. */
  persistence: Persistence | null
  /** What was restored from the database at start, or null with --no-persist. */
  restored: RestoreReport | null
  /** Base URL, e.g. http://127.0.0.1:8000 */
  url: string
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
 * Starts the Metrics API as configured. With persistence on, the trade
 * ledger and the rings are restored from the data directory first; a
 * database that cannot be used stops the start with a PersistenceError.
 */
export async function startService (config: Readonly<ServiceConfig>): Promise<RunningService> {
  checkExposure(config)
  const logger = new MetricsLogger({
    ...config.store,
    sampler: { intervalMs: config.sampleIntervalMs, dataDir: config.dataDir },
    trading: config.trading
  })
  let app: FastifyInstance | null = null
  let persistence: Persistence | null = null
  let restored: RestoreReport | null = null
  if (config.persist) {
    try {
      persistence = Persistence.open(config.dataDir, {
        ...config.persistence,
        onError: (error) => {
          if (app !== null) app.log.error({ code: error.code, reason: error.reason }, error.message)
          else process.emitWarning(error.message, { code: error.code })
        }
      })
      restored = persistence.restore({ ledger: logger.trades, store: logger.store })
    } catch (error) {
      persistence?.close()
      logger.close()
      throw error
    }
    persistence.startSnapshots()
  }
  let built: FastifyInstance
  try {
    built = await buildApp({ logger, health: config.health, logLevel: config.logLevel, persistence })
  } catch (error) {
    persistence?.close()
    logger.close()
    throw error
  }
  app = built
  if (restored !== null) logRestore(built, persistence!, restored)
  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    await built.close()
    persistence?.close()
    logger.close()
  }
  try {
    await built.listen({ port: config.port, host: config.host })
  } catch (error) {
    await stop()
    throw error
  }
  const address = built.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host
  return { app: built, logger, persistence, restored, url: `http://${host}:${port}`, stop }
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
