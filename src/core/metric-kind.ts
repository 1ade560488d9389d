/**
 * How a metric is exposed to Prometheus. The JSON API reads every kind the
 * same way (points in the ring); the kind decides what else a series keeps.
 * - gauge: a level (positions, risk, CPU). Exposed as its latest value.
 * - counter: events (trades). Exposed as the number of points recorded.
 * - total: a non-negative quantity per event (symbols scanned). Exposed as a
 *   counter of the running sum of the values.
 * - histogram: timings in seconds. Exposed with cumulative bucket counts.
 */
export const MetricKind = {
  gauge: 'gauge',
  counter: 'counter',
  total: 'total',
  histogram: 'histogram'
} as const
export type MetricKind = typeof MetricKind[keyof typeof MetricKind]

/**
 * Default histogram bounds in seconds, chosen for a trading bot's timings:
 * sub-millisecond market-data handling up to multi-second scans.
 */
export const DEFAULT_SECONDS_BUCKETS: readonly number[] = Object.freeze([
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
])

/** What is known about a metric name beyond its points. */
export interface MetricDefinition {
  kind: MetricKind
  /** One line of help text for the exposition. */
  help: string
  /** Base unit, e.g. `seconds`; empty when unitless. */
  unit: string
  /** Histogram upper bounds, ascending; only for histograms. */
  buckets: readonly number[]
}

export function defaultDefinition (name: string): MetricDefinition {
  return { kind: MetricKind.gauge, help: `${name} (recorded with logMetric)`, unit: '', buckets: [] }
}
