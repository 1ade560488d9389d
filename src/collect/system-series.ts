import type { SeriesStore } from '../core/store.ts'
import type { SystemSample } from './system-sample.ts'

/** The system sample fields stored as series, in the order of `SystemSample`. */
export const SYSTEM_SERIES_FIELDS = Object.freeze([
  'cpu_percent',
  'memory_percent',
  'memory_used_mb',
  'disk_usage_percent',
  'active_threads',
  'open_files',
  'network_connections',
  'event_loop_lag_p99_ms',
  'heap_used_mb'
] as const satisfies ReadonlyArray<keyof SystemSample>)

/** A system sample field stored as a series. */
export type SystemSeriesField = typeof SYSTEM_SERIES_FIELDS[number]

/** Prefix of the series names of system sample fields: `system_cpu_percent`, ... */
export const SYSTEM_SERIES_PREFIX = 'system_'

/** Series names of the system sample fields, `system_<field>`, in field order. */
export const SYSTEM_SERIES_NAMES: readonly string[] = Object.freeze(SYSTEM_SERIES_FIELDS.map((f) => SYSTEM_SERIES_PREFIX + f))

const NAMES = new Set(SYSTEM_SERIES_NAMES)

/** True for the series name of a system sample field (`system_memory_percent`). */
export function isSystemSeriesName (name: string): boolean {
  return NAMES.has(name)
}

/**
 * Records each field of `sample` as a point of its `system_<field>` series
 * at the sample's time, so that the analysis routes (compare, correlate,
 * forecast, peaks, capacity) read process resources like any metric. A
 * field that is null (not measurable here, or its read failed) gets no
 * point: a gap, not a made-up 0. Called once per sample (every 5 s), so a
 * lookup per field costs nothing worth binding.
 */
export function recordSystemSample (store: SeriesStore, sample: SystemSample): void {
  for (let i = 0; i < SYSTEM_SERIES_FIELDS.length; i++) {
    const value = sample[SYSTEM_SERIES_FIELDS[i]]
    if (typeof value === 'number' && Number.isFinite(value)) store.series(SYSTEM_SERIES_NAMES[i]).record(value, sample.timestamp)
  }
}

/**
 * Metric names in the store that the bot (or its events) recorded: the
 * `system_*` series the sampler fills are left out, so that "no metrics
 * recorded" still means the bot has sent nothing.
 */
export function botMetricCount (store: SeriesStore): number {
  let n = store.metricCount
  for (const name of SYSTEM_SERIES_NAMES) if (store.has(name)) n--
  return n
}
