import { readFileSync } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import { isLoopback } from './config.ts'
import type { ServiceConfig } from './config.ts'
import { ConfigError } from './core/errors.ts'
import { hostname } from 'node:os'
import { Exposition } from './export/exposition.ts'
import { exposeRemoteWrite } from './export/exposition-remote-write.ts'
import type { RemoteWriter } from './export/remote-write.ts'
import { buildApp } from './http/app.ts'
import type { SecurityOptions } from './http/security/security-plugin.ts'
import { MetricsLogger } from './logger/metrics-logger.ts'

/** A running service: its app, logger and address, and how to stop it. */
export interface RunningService {
  app: FastifyInstance
  logger: MetricsLogger
  /** Base URL, e.g. http://127.0.0.1:8000 */
  url: string
  /** Pushes the exposition to REMOTE_WRITE_URL; null when not configured. */
  remoteWriter: RemoteWriter | null
  /** Stops accepting requests, stops timers; idempotent. */
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
 * loopback, only loopback Host names are answered: the DNS-rebinding defence.
 */
export function securityOptionsOf (config: Pick<ServiceConfig, 'host' | 'apiKeys' | 'rateLimits' | 'corsOrigins'>): Partial<SecurityOptions> {
  return {
    keys: config.apiKeys,
    rateLimits: config.rateLimits,
    corsOrigins: config.corsOrigins,
    loopbackHostsOnly: config.apiKeys.length === 0 && isLoopback(config.host)
  }
}

function readPem (field: string, path: string): Buffer {
  try {
    return readFileSync(path)
  } catch (error) {
    throw new ConfigError(field, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
}

/** Starts the Metrics API as configured. */
export async function startService (config: Readonly<ServiceConfig>): Promise<RunningService> {
  checkExposure(config)
  const logger = new MetricsLogger({
    ...config.store,
    sampler: { intervalMs: config.sampleIntervalMs, dataDir: config.dataDir }
  })
  const tls = config.tlsCertFile === null || config.tlsKeyFile === null
    ? null
    : { cert: readPem('tls-cert', config.tlsCertFile), key: readPem('tls-key', config.tlsKeyFile) }
  const exposition = new Exposition(logger)
  const app = await buildApp({
    logger,
    exposition,
    health: config.health,
    logLevel: config.logLevel,
    tls,
    trustProxy: config.trustProxy,
    requestTimeoutMs: config.requestTimeoutMs,
    security: securityOptionsOf(config)
  })
  let remoteWriter: RemoteWriter | null = null
  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    // Last push first, while the exposition still has everything.
    await remoteWriter?.stop()
    await app.close()
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
  const counts = { read: 0, write: 0, admin: 0 }
  for (const k of config.apiKeys) counts[k.scope]++
  app.log.info({ api_keys: counts, tls: tls !== null, cors_origins: config.corsOrigins, trust_proxy: config.trustProxy }, 'security')
  for (const warning of securityWarnings(config)) app.log.warn(warning)
  return { app, logger, url: `${tls === null ? 'http' : 'https'}://${host}:${port}`, remoteWriter, stop }
}
