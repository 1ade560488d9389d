import type { SystemSamplerOptions } from '../collect/system-sampler.ts'
import type { Clock } from '../collect/clock.ts'
import type { MetricsError } from '../core/errors.ts'
import type { Labels } from '../core/label-set.ts'
import type { StoreOptions } from '../core/store.ts'
import type { HealthEngineOptions } from '../health/health-engine.ts'

/** Options of a MetricsRecorder; every one has a default. */
export interface MetricsRecorderOptions extends Partial<StoreOptions> {
  /**
   * Throw the typed error at the caller instead of dropping a bad point.
   * For tests and development; a running bot wants the default, false.
   */
  strict?: boolean
  /**
   * Receives a dropped point's error, once per metric name and error code.
   * Default: a process warning.
   */
  onError?: (error: MetricsError) => void
  /** `cached` (default, see collect/clock.ts), `system` (Date.now() per point) or your own. */
  clock?: 'cached' | 'system' | Clock
  /** System sampler settings, or false for none. Default: every 5 s. */
  sampler?: false | SystemSamplerOptions
  /**
   * Health rules evaluated over this logger's metrics and samples
   * (docs/HEALTH.md), or false for none. Default: the built-in rules every
   * 5 s. A `HealthConfig` (from `healthConfigFrom`) fits here as it is.
   */
  health?: false | LoggerHealthOptions
}

/** Health settings of a logger: the engine's options without what the logger supplies. */
export type LoggerHealthOptions = Omit<HealthEngineOptions, 'store' | 'system' | 'clock'> & {
  /** False: no health engine, as `health: false`. */
  enabled?: boolean
}

/** A point as the JSON API returns it. */
export interface PointJson {
  timestamp: number
  value: number
}

/** One series with its labels and points, as `getAllMetrics` returns it. */
export interface SeriesJson {
  labels: Labels
  points: PointJson[]
}

/** What the general logger's `clearMetrics` removed from memory. */
export interface RecorderClearResult {
  metrics: number
  series: number
  points: number
  samples: number
}
