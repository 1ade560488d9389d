import Fastify, { LogController } from 'fastify'
import type { FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import type { Exposition } from '../export/exposition.ts'
import type { MetricsLogger } from '../logger/metrics-logger.ts'
import type { HealthConfig } from '../health/health-config.ts'
import { attachNotifiers } from '../health/notifications.ts'
import { healthProbes } from './health-probes.ts'
import type { Persistence } from '../persist/persistence.ts'
import { errorHandler, notFoundHandler } from './error-handler.ts'
import { metricsApi } from './plugin.ts'

/** Request bodies larger than this are refused with 413 (a 10,000-item batch fits). */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024

export interface AppOptions {
  /** The logger whose metrics the API serves; its health engine drives /health, /alerts and the probes. */
  logger: MetricsLogger
  /**
   * Where alert changes are sent (webhook, Alertmanager): the service's
   * `HealthConfig` fits as it is. The rules themselves are the logger's
   * (`new MetricsLogger({ health: config })`).
   */
  health?: Pick<HealthConfig, 'webhook' | 'alertmanager'> & { instance?: string }
  /** Fastify log level; `silent` for tests. */
  logLevel?: string
  /** The database the logger's trades are journaled to, or null for memory only. */
  persistence?: Persistence | null
  /** The exposition GET /api/metrics serves; default: one over `logger`. */
  exposition?: Exposition
}

/**
 * The stand-alone service's Fastify app: the Metrics API under /api/metrics,
 * liveness and readiness under /api/health, and the OpenAPI description at
 * /api/docs.
 */
export async function buildApp (options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      // Keys travel in these headers: they never reach the log.
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]']
    },
    // A scrape every 5 s and dashboards polling would drown the log: requests are not logged, errors are.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    // verbose: schema errors carry the failing schema, so 400s can name the range.
    ajv: { customOptions: { verbose: true } }
  })
  // JSON only: a text body must not be coerced into a batch.
  app.removeContentTypeParser('text/plain')
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  await app.register(swagger, {
    openapi: {
      info: { title: 'Breakout Metrics API', version: '0.1.0', description: 'Metrics and monitoring for algorithmic trading bots.' }
    }
  })
  const engine = options.logger.health
  const notifiers = engine === null || options.health === undefined
    ? null
    : attachNotifiers(engine, options.health, { warn: (message) => app.log.warn(message) })
  if (notifiers !== null) app.addHook('onClose', async () => { notifiers.close() })
  await app.register(metricsApi, {
    prefix: '/api/metrics',
    logger: options.logger,
    notifiers,
    exposition: options.exposition,
    persistence: options.persistence
  })
  // Probes need the logger's running engine: with `health: false` they are not served.
  if (engine !== null) await app.register(healthProbes, { prefix: '/api/health', engine })
  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger())
  return app
}
