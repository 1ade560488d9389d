import type { Exposition } from '../export/exposition.ts'
import type { MetricsLogger } from '../logger/metrics-logger.ts'
import type { Persistence } from '../persist/persistence.ts'

/** Thresholds of the built-in health checks, percent. */
export interface HealthThresholds {
  cpuWarningPercent: number
  memoryWarningPercent: number
}

/**
 * What the routes work with. The embedding app (or the stand-alone server)
 * builds it; routes never reach for globals or the environment.
 */
export interface ApiContext {
  logger: MetricsLogger
  health: HealthThresholds
  /** Renders GET /api/metrics; other layers add families to it with `addProvider`. */
  exposition: Exposition
  /** The database journaling the logger's trade events, or null when memory-only. */
  persistence: Persistence | null
}
