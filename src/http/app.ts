import Fastify, { LogController } from 'fastify'
import type { FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import type { Exposition } from '../export/exposition.ts'
import type { MetricsLogger } from '../logger/metrics-logger.ts'
import type { Persistence } from '../persist/persistence.ts'
import type { HealthThresholds } from './api-context.ts'
import { errorHandler, notFoundHandler } from './error-handler.ts'
import { metricsApi } from './plugin.ts'

/** Request bodies larger than this are refused with 413 (a 10,000-item batch fits). */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024

export interface AppOptions {
  logger: MetricsLogger
  health?: Partial<HealthThresholds>
  /** Fastify log level; `silent` for tests. */
  logLevel?: string
  /** The database the logger's trades are journaled to, or null for memory only. */
  persistence?: Persistence | null
  /** The exposition GET /api/metrics serves; default: one over `logger`. */
  exposition?: Exposition
}

/**
 * The stand-alone service's Fastify app: the Metrics API under /api/metrics
 * and its OpenAPI description at /api/docs.
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
  await app.register(metricsApi, {
    prefix: '/api/metrics',
    logger: options.logger,
    health: options.health,
    exposition: options.exposition,
    persistence: options.persistence
  })
  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger())
  return app
}
