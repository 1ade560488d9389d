import type { BotIdentity } from '../export/bot-identity.ts'
import type { Exposition } from '../export/exposition.ts'
import type { HealthEngine } from '../health/health-engine.ts'
import type { Notifiers } from '../health/notifications.ts'
import type { MetricsLogger } from '../logger/metrics-logger.ts'
import type { StreamHub } from './stream-hub.ts'
import type { ReadCache } from './read-cache.ts'

/**
 * What the routes work with. The embedding app (or the stand-alone server)
 * builds it; routes never reach for globals or the environment.
 */
export interface ApiContext {
  logger: MetricsLogger
  /** The logger's health engine, or one evaluated on demand only when the logger has none. */
  health: HealthEngine
  /** Webhook and Alertmanager delivery, for their counters in GET /alerts; null when none. */
  notifiers: Notifiers | null
  /** Renders GET /api/metrics; other layers add families to it with `addProvider`. */
  exposition: Exposition
  /** Serves GET /stream's live updates. */
  streams: StreamHub
  /** The bot these metrics belong to (GET /summary's `bot`), or null when not given. */
  bot?: BotIdentity | null
  /** Serialised answers of the read routes, valid while the series they read are unchanged. */
  readCache: ReadCache
  /** POST /clear runs without an admin key (an embedding app with `security: false` that said so). */
  allowUnauthenticatedClear?: boolean
}
