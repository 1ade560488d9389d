import type { FastifyInstance } from 'fastify'
import { isLoopback } from './config.ts'
import type { ServiceConfig } from './config.ts'
import { ConfigError } from './core/errors.ts'
import { buildApp } from './http/app.ts'
import { MetricsLogger } from './logger/metrics-logger.ts'

/** A running service: its app, logger and address, and how to stop it. */
export interface RunningService {
  app: FastifyInstance
  logger: MetricsLogger
  /** Base URL, e.g. http://127.0.0.1:8000 */
  url: string
  /** Stops accepting requests, stops timers; idempotent. */
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

/** Starts the Metrics API as configured. */
export async function startService (config: Readonly<ServiceConfig>): Promise<RunningService> {
  checkExposure(config)
  const logger = new MetricsLogger({
    ...config.store,
    sampler: { intervalMs: config.sampleIntervalMs, dataDir: config.dataDir }
  })
  const app = await buildApp({ logger, health: config.health, logLevel: config.logLevel })
  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
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
  return { app, logger, url: `http://${host}:${port}`, stop }
}
