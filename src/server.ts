import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { isLoopback } from './config.ts'
import type { ServiceConfig } from './config.ts'
import { ConfigError } from './core/errors.ts'
import { redactUrlIn } from './core/redact-url.ts'
import { hostname } from 'node:os'
import { Exposition } from './export/exposition.ts'
import { exposeRemoteWrite } from './export/exposition-remote-write.ts'
import { botLabelPairs } from './export/bot-identity.ts'
import type { RemoteWriter } from './export/remote-write.ts'
import { buildApp } from './http/app.ts'
import type { SecurityOptions } from './http/security/security-plugin.ts'
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
 * Refuses a listen address reachable from other machines when no API key
 * is configured, unless the operator said so (--insecure): an
 * unauthenticated metrics API must not be exposed by accident.
 */
export function checkExposure (config: Pick<ServiceConfig, 'host' | 'insecure' | 'apiKeys'>): void {
  if (isLoopback(config.host) || config.apiKeys.length > 0 || config.insecure) return
  throw new ConfigError('host', `refusing to listen on ${config.host} without API keys: anyone who can reach it could read ` +
    'the metrics and push false ones. Set METRICS_API_KEYS (see SECURITY.md), listen on 127.0.0.1, or pass --insecure to accept the risk.')
}

/** What the operator should know about the security of this configuration, one sentence each. */
export function securityWarnings (config: Pick<ServiceConfig, 'host' | 'insecure' | 'apiKeys' | 'tlsCertFile'>): string[] {
  const warnings: string[] = []
  const exposed = !isLoopback(config.host)
  const scopes = new Set(config.apiKeys.map((k) => k.scope))
  if (exposed && config.apiKeys.length === 0) {
    warnings.push(`listening on ${config.host} without API keys (--insecure): anyone who can reach it can read and write metrics`)
  }
  if (exposed && config.apiKeys.length > 0 && config.tlsCertFile === null) {
    warnings.push(`API keys cross the network in clear on ${config.host}: serve TLS (--tls-cert, --tls-key) or put a TLS-terminating proxy in front`)
  }
  if (config.apiKeys.length > 0 && !scopes.has('admin')) warnings.push('no admin key configured: POST /clear is refused')
  if (config.apiKeys.length > 0 && !scopes.has('read') && !scopes.has('admin')) warnings.push('no read or admin key configured: no one can read the metrics')
  return warnings
}

/**
 * The HTTP security layer's options for a configuration. Without keys on
 * loopback, only loopback Host names and ALLOWED_HOSTS are answered: the
 * DNS-rebinding defence.
 */
export function securityOptionsOf (config: Pick<ServiceConfig, 'host' | 'apiKeys' | 'rateLimits' | 'corsOrigins' | 'allowedHosts'>): Partial<SecurityOptions> {
  return {
    keys: config.apiKeys,
    rateLimits: config.rateLimits,
    corsOrigins: config.corsOrigins,
    loopbackHostsOnly: config.apiKeys.length === 0 && isLoopback(config.host),
    allowedHosts: config.allowedHosts
  }
}

function readPem (field: string, path: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    throw new ConfigError(field, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
}

/**
 * Starts the Metrics API as configured. `config.health` (rules,
 * notifications; see `loadConfig`) drives /health, /alerts, the probes and
 * alert delivery. With persistence on, the trade ledger, the rings, the
 * annotations and the system samples are restored from the data directory
 * first; a database that cannot be used stops the start with a
 * PersistenceError.
 */
export async function startService (config: Readonly<ServiceConfig>): Promise<RunningService> {
  const { health } = config
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
  const tls = config.tlsCertFile === null || config.tlsKeyFile === null
    ? null
    : { cert: readPem('tls-cert', config.tlsCertFile), key: readPem('tls-key', config.tlsKeyFile) }
  const exposition = new Exposition(logger, { constantLabels: botLabelPairs(config.bot) })
  try {
    if (config.persist) ({ persistence, restored } = openPersistence(config, logger, log))
    app = await buildApp({
      logger,
      exposition,
      health,
      logLevel: config.logLevel,
      persistence,
      bot: config.bot,
      tls,
      trustProxy: config.trustProxy,
      requestTimeoutMs: config.requestTimeoutMs,
      readCacheBytes: config.readCacheBytes,
      security: securityOptionsOf(config)
    })
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
      labels: Object.fromEntries(botLabelPairs(config.bot)),
      // The store's URL may hold credentials or a token: the log names its host only.
      onError: (err) => { app.log.warn({ code: err.code, status: err.status }, redactUrlIn(err.message, rw.url)) }
    })
    remoteWriter.start()
  }
  const counts = { read: 0, write: 0, admin: 0 }
  for (const k of config.apiKeys) counts[k.scope]++
  app.log.info({ api_keys: counts, tls: tls !== null, cors_origins: config.corsOrigins, allowed_hosts: config.allowedHosts, trust_proxy: config.trustProxy }, 'security')
  for (const warning of securityWarnings(config)) app.log.warn(warning)
  return { app, logger, url: `${tls === null ? 'http' : 'https'}://${host}:${port}`, remoteWriter, persistence, restored, stop }
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
    const restored = persistence.attach(logger)
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
    annotations: r.annotations,
    system_samples: r.systemSamples,
    snapshot_taken_at: r.snapshot.takenAtMs,
    series: r.snapshot.series,
    points: r.snapshot.points
  }, 'restored from the database')
  if (r.rejectedOnReplay > 0) app.log.warn({ rejected: r.rejectedOnReplay }, 'journaled trade events the ledger now rejects')
  for (const s of r.snapshot.skipped) app.log.warn({ metric: s.name, labels: s.labels }, `snapshot series not restored: ${s.reason}`)
}
