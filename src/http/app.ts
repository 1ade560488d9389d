import type { ServerOptions } from 'node:https'
import Fastify, { LogController } from 'fastify'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import type { BotIdentity } from '../export/bot-identity.ts'
import type { Exposition } from '../export/exposition.ts'
import type { MetricsLogger } from '../logger/metrics-logger.ts'
import type { HealthConfig } from '../health/health-config.ts'
import { attachNotifiers } from '../health/notifications.ts'
import { healthProbes } from './health-probes.ts'
import type { Persistence } from '../persist/persistence.ts'
import { errorHandler, notFoundHandler } from './error-handler.ts'
import { metricsApi } from './plugin.ts'
import { otlpRoutes } from './otlp/otlp-routes.ts'
import { dashboardRoutes } from './dashboard.ts'
import { lazyChildLoggerFactory } from './request-logger.ts'
import type { StreamHub, StreamOptions } from './stream-hub.ts'
import { security } from './security/security-plugin.ts'
import { EARLY_ERROR_HEADERS } from './security/response-headers.ts'
import { BODY_LIMIT_BYTES } from './security/body-policy.ts'
import type { SecurityOptions } from './security/security-plugin.ts'

export { BODY_LIMIT_BYTES }

/** Time a client has to send a whole request, ms: a slow sender cannot hold a socket for ever. */
export const REQUEST_TIMEOUT_MS = 30_000

/** Certificate and private key, PEM, when the service speaks TLS itself. */
export interface TlsOptions {
  cert: string | Buffer
  key: string | Buffer
}

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
  /** Live stream limits, or a hub of your own (see StreamHub). */
  streams?: StreamHub | Partial<StreamOptions>
  /** Directory of the built dashboard served at `/`, or false for none. Default: web/dist of the package. */
  dashboard?: string | false
  /** The database the logger's trades are journaled to, or null for memory only. */
  persistence?: Persistence | null
  /** Where log lines go (default stdout); tests read the audit lines from here. */
  logStream?: { write: (line: string) => void }
  /** Keys, rate limits, CORS; the defaults are safe for loopback use. */
  security?: Partial<SecurityOptions>
  /** Serve HTTPS with this certificate. */
  tls?: TlsOptions | null
  /** Fastify's trustProxy: which proxies' X-Forwarded-For to believe (see SECURITY.md). Default false. */
  trustProxy?: boolean | number | string | string[]
  /** Whole-request receive timeout, ms. Default REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number
  /** The exposition GET /api/metrics serves; default: one over `logger`. */
  exposition?: Exposition
  /** The bot this service speaks for, shown in GET /summary (`bot`) and the dashboard header. */
  bot?: BotIdentity
  /** Byte budget of the cache of serialised read answers (GET /metric, /all); 0 turns it off. Default 32 MiB. */
  readCacheBytes?: number
}

/**
 * The stand-alone service's Fastify app: the security layer first (so every
 * route is covered), the dashboard at `/`, the Metrics API under
 * /api/metrics, liveness and readiness under /api/health, and the OpenAPI
 * description at /api/docs.
 */
export async function buildApp (options: AppOptions): Promise<FastifyInstance> {
  const requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS
  const fastifyOptions: FastifyServerOptions & { https?: ServerOptions, http?: ServerOptions } = {
    logger: {
      level: options.logLevel ?? 'info',
      // Keys travel in these headers: they never reach the log, wherever a headers object is logged.
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]', '*.headers.authorization', '*.headers["x-api-key"]'],
      ...(options.logStream === undefined ? {} : { stream: options.logStream })
    },
    // A scrape every 5 s and dashboards polling would drown the log: requests are not logged, errors are.
    logController: new LogController({ disableRequestLogging: true }),
    // Each request's child logger is made when it first logs: most never do (see LazyRequestLogger).
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: BODY_LIMIT_BYTES,
    // Metric names reach 200 characters; the router's default (100) would answer 404 to the longer ones.
    routerOptions: { maxParamLength: 256 },
    requestTimeout: requestTimeoutMs,
    // An idle socket is closed after twice the request timeout.
    connectionTimeout: 2 * requestTimeoutMs,
    // Fastify takes a hop count too; its types omit it.
    trustProxy: (options.trustProxy ?? false) as FastifyServerOptions['trustProxy'],
    // Bad percent-encoding and over-long parameters are refused before routing: answer them as every other error.
    frameworkErrors: (error, request, reply) => {
      void reply.headers(EARLY_ERROR_HEADERS)
      errorHandler(error, request, reply)
    },
    // verbose: schema errors carry the failing schema, so 400s can name the range.
    ajv: { customOptions: { verbose: true } }
  }
  // Node checks the timeouts above every 30 s by default: check often enough that they hold within a quarter.
  const serverOptions = { headersTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.min(30_000, Math.max(250, Math.floor(requestTimeoutMs / 4))) }
  if (options.tls != null) fastifyOptions.https = { ...serverOptions, ...options.tls }
  else fastifyOptions.http = serverOptions
  const app = Fastify(fastifyOptions) as unknown as FastifyInstance
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  await app.register(security, { ...options.security, tls: options.tls != null })
  await app.register(swagger, {
    openapi: {
      info: { title: 'Breakout Metrics API', version: '0.1.0', description: 'Metrics and monitoring for algorithmic trading bots.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API key (METRICS_API_KEYS); see SECURITY.md' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' }
        }
      },
      security: [{ bearer: [] }, { apiKey: [] }]
    }
  })
  const engine = options.logger.health
  const notifiers = engine === null || options.health === undefined
    ? null
    : attachNotifiers(engine, options.health, { warn: (message) => app.log.warn(message), tradeSource: options.logger })
  if (notifiers !== null) app.addHook('onClose', async () => { notifiers.close() })
  await app.register(metricsApi, {
    prefix: '/api/metrics',
    logger: options.logger,
    notifiers,
    exposition: options.exposition,
    persistence: options.persistence,
    streams: options.streams,
    bot: options.bot,
    readCacheBytes: options.readCacheBytes
  })
  // OTLP's own path, at the root: SDK exporters post to <endpoint>/v1/metrics.
  await app.register(otlpRoutes, { logger: options.logger })
  // Probes need the logger's running engine: with `health: false` they are not served.
  if (engine !== null) await app.register(healthProbes, { prefix: '/api/health', engine })
  if (options.dashboard !== false) await dashboardRoutes(app, options.dashboard)
  // Hidden from the description it serves: listing itself would tell a client nothing new.
  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger())
  return app
}
