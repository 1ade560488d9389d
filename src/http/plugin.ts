import type { FastifyInstance } from 'fastify'
import type { BotIdentity } from '../export/bot-identity.ts'
import { Exposition } from '../export/exposition.ts'
import { riskFamilies } from '../export/risk-families.ts'
import { tradingFamilies } from '../export/trading-families.ts'
import type { MetricsLogger } from '../logger/metrics-logger.ts'
import { HealthEngine } from '../health/health-engine.ts'
import type { Notifiers } from '../health/notifications.ts'
import type { Persistence } from '../persist/persistence.ts'
import type { ApiContext } from './api-context.ts'
import { errorHandler } from './error-handler.ts'
import { DEFAULT_READ_CACHE_BYTES, ReadCache } from './read-cache.ts'
import { ROUTES } from './routes/index.ts'
import { StreamHub } from './stream-hub.ts'
import { protectApi } from './security/api-security.ts'
import type { ApiSecurityOptions } from './security/api-security.ts'
import type { StreamOptions } from './stream-hub.ts'

/** Options of the Metrics API plugin. */
export interface MetricsApiOptions extends ApiSecurityOptions {
  /** The logger whose metrics the routes serve. */
  logger: MetricsLogger
  /** The logger's notifiers (`attachNotifiers`), for their counters in GET /alerts. */
  notifiers?: Notifiers | null
  /** The exposition GET /api/metrics serves; default: one over `logger` with Node's process metrics. */
  exposition?: Exposition
  /** Live stream limits (GET /stream), or a hub of your own; default: DEFAULT_STREAM_OPTIONS. */
  streams?: StreamHub | Partial<StreamOptions>
  /**
   * The database the logger's trades are journaled to (after `attach` or
   * `restore`), or null/absent for memory only. It is subscribed to the
   * logger if it is not yet: POST /clear clears it too, and a batch of
   * events is one transaction in it.
   */
  persistence?: Persistence | null
  /** The bot these metrics belong to, shown in GET /summary as `bot`; absent: `bot` is null. */
  bot?: BotIdentity
  /**
   * Byte budget of the cache of serialised answers of GET /metric/{name} and
   * GET /all (see ReadCache); 0 turns it off. Default DEFAULT_READ_CACHE_BYTES (32 MiB).
   */
  readCacheBytes?: number
}

/**
 * The Metrics API as a Fastify plugin: mount it on any app, under any prefix.
 * Errors of its routes answer as `{"error", "message"}` JSON. Its routes
 * carry the same protection as the stand-alone service's (API keys and
 * scopes, rate limits, body limits, Host check, audit), from the same
 * `security` options, wherever it is mounted; see SECURITY.md.
 *
 * @example
 * import Fastify from 'fastify'
 * import { MetricsLogger } from 'breakout-metrics'
 * import { metricsApi, parseApiKeys } from 'breakout-metrics/http'
 * const app = Fastify({ logger: true })
 * await app.register(metricsApi, {
 *   prefix: '/api/metrics',
 *   logger: new MetricsLogger(),
 *   security: { keys: parseApiKeys(process.env.METRICS_API_KEYS ?? '', 'METRICS_API_KEYS') }
 * })
 */
export async function metricsApi (app: FastifyInstance, options: MetricsApiOptions): Promise<void> {
  // First: the layer's onRoute hooks must see every route below.
  await protectApi(app, options)
  // A logger made with `health: false` still answers /health: built-in rules, evaluated per request.
  let health = options.logger.health
  if (health === null) {
    const own = new HealthEngine({ store: options.logger.store, system: options.logger.sampler, clock: options.logger })
    app.addHook('onClose', async () => { own.close() })
    health = own
  }
  const ctx: ApiContext = {
    logger: options.logger,
    health,
    notifiers: options.notifiers ?? null,
    exposition: options.exposition ?? new Exposition(options.logger),
    streams: options.streams instanceof StreamHub ? options.streams : new StreamHub(options.streams, () => options.logger.now()),
    bot: options.bot ?? null,
    readCache: new ReadCache(options.readCacheBytes ?? DEFAULT_READ_CACHE_BYTES),
    allowUnauthenticatedClear: options.allowUnauthenticatedClear === true
  }
  // Routes never call the database: it follows the logger (a no-op when `attach` did it already).
  if (options.persistence != null) options.persistence.subscribe(options.logger)
  const removeTrading = ctx.exposition.addProvider(tradingFamilies(options.logger.trades))
  const removeRisk = ctx.exposition.addProvider(riskFamilies(options.logger.trades, () => options.logger.now()))
  app.addHook('onClose', async () => { removeTrading(); removeRisk() })
  app.setErrorHandler(errorHandler)
  for (const routes of ROUTES) await routes(app, ctx)
}
