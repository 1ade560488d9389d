import type { FastifyInstance } from 'fastify'
import type { BotIdentity } from '../export/bot-identity.ts'
import { Exposition } from '../export/exposition.ts'
import { tradingFamilies } from '../export/trading-families.ts'
import type { MetricsLogger } from '../logger/metrics-logger.ts'
import { HealthEngine } from '../health/health-engine.ts'
import type { Notifiers } from '../health/notifications.ts'
import type { Persistence } from '../persist/persistence.ts'
import type { ApiContext } from './api-context.ts'
import { errorHandler } from './error-handler.ts'
import { ROUTES } from './routes/index.ts'
import { StreamHub } from './stream-hub.ts'
import type { StreamOptions } from './stream-hub.ts'

/** Options of the Metrics API plugin. */
export interface MetricsApiOptions {
  /** The logger whose metrics the routes serve. */
  logger: MetricsLogger
  /** The logger's notifiers (`attachNotifiers`), for their counters in GET /alerts. */
  notifiers?: Notifiers | null
  /** The exposition GET /api/metrics serves; default: one over `logger` with Node's process metrics. */
  exposition?: Exposition
  /** Live stream limits (GET /stream), or a hub of your own; default: DEFAULT_STREAM_OPTIONS. */
  streams?: StreamHub | Partial<StreamOptions>
  /**
   * The database the logger's trades are journaled to (after `restore`), or
   * null/absent for memory only. POST /clear clears it too, and a batch of
   * events is one transaction in it.
   */
  persistence?: Persistence | null
  /** The bot these metrics belong to, shown in GET /summary as `bot`; absent: `bot` is null. */
  bot?: BotIdentity
}

/**
 * The Metrics API as a Fastify plugin: mount it on any app, under any prefix.
 * Errors of its routes answer as `{"error", "message"}` JSON.
 *
 * @example
 * import Fastify from 'fastify'
 * import { MetricsLogger, metricsApi } from 'breakout-metrics'
 * const app = Fastify()
 * await app.register(metricsApi, { prefix: '/api/metrics', logger: new MetricsLogger() })
 */
export async function metricsApi (app: FastifyInstance, options: MetricsApiOptions): Promise<void> {
  // A logger made with `health: false` still answers /health: built-in rules, evaluated per request.
  let health = options.logger.health
  if (health === null) {
    const own = new HealthEngine({ store: options.logger.store, system: options.logger.sampler })
    app.addHook('onClose', async () => { own.close() })
    health = own
  }
  const ctx: ApiContext = {
    logger: options.logger,
    health,
    notifiers: options.notifiers ?? null,
    exposition: options.exposition ?? new Exposition(options.logger),
    streams: options.streams instanceof StreamHub ? options.streams : new StreamHub(options.streams),
    persistence: options.persistence ?? null,
    bot: options.bot ?? null
  }
  const removeProvider = ctx.exposition.addProvider(tradingFamilies(options.logger.trades))
  app.addHook('onClose', async () => { removeProvider() })
  app.setErrorHandler(errorHandler)
  for (const routes of ROUTES) await routes(app, ctx)
}
