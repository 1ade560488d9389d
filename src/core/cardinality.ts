import type { DistinctCount } from './distinct-counters.ts'
import type { SeriesStore } from './store.ts'

/** One label of a metric and how many values it has. */
export interface LabelCardinality {
  label: string
  distinct_values: number
}

/** Series and label counts of one metric name. */
export interface MetricCardinality {
  name: string
  /** Series, the overflow series included. */
  series: number
  /** Points that went to the overflow series because a limit was reached. */
  folded_points: number
  /** Whether label sets have started folding into the overflow series. */
  overflow: boolean
  /** Labels by distinct values, most first. */
  labels: LabelCardinality[]
  /** Whether the metric is sampled, and how. */
  sampling: string | null
}

export interface CardinalityReport {
  series_total: number
  metrics_total: number
  folded_points_total: number
  limits: { max_series: number, max_label_sets_per_metric: number }
  /** Metrics by series count, most first (the first `top` of them). */
  metrics: MetricCardinality[]
  /** (metric, label) pairs with the most distinct values over every metric. */
  top_labels: Array<LabelCardinality & { metric: string }>
  /** Approximate distinct counts kept instead of labels. */
  distinct_counters: DistinctCount[]
}

/**
 * Series count by metric and the labels with the most distinct values:
 * where cardinality comes from, before it reaches the limits.
 * Exact: label sets are bounded by the store's limits.
 *
 * @example
 * cardinality(logger.store, { top: 10 }).top_labels[0] // { metric: 'orders', label: 'symbol', distinct_values: 312 }
 */
export function cardinality (store: SeriesStore, options: { top?: number } = {}): CardinalityReport {
  const top = options.top ?? 20
  const metrics: MetricCardinality[] = []
  const topLabels: Array<LabelCardinality & { metric: string }> = []
  let folded = 0
  for (const family of store.allFamilies()) {
    const values = new Map<string, Set<string>>()
    for (const s of family.series) {
      if (s === family.overflow) continue
      for (const label in s.labels) {
        let set = values.get(label)
        if (set === undefined) values.set(label, set = new Set())
        set.add(s.labels[label])
      }
    }
    const labels = [...values].map(([label, set]) => ({ label, distinct_values: set.size }))
      .sort((a, b) => b.distinct_values - a.distinct_values || a.label.localeCompare(b.label))
    for (const l of labels) topLabels.push({ metric: family.name, ...l })
    folded += family.foldedPoints
    metrics.push({
      name: family.name,
      series: family.series.length,
      folded_points: family.foldedPoints,
      overflow: family.overflow !== null,
      labels,
      sampling: family.sampling?.mode ?? null
    })
  }
  metrics.sort((a, b) => b.series - a.series || a.name.localeCompare(b.name))
  topLabels.sort((a, b) => b.distinct_values - a.distinct_values || a.metric.localeCompare(b.metric) || a.label.localeCompare(b.label))
  return {
    series_total: store.size,
    metrics_total: store.metricCount,
    folded_points_total: folded,
    limits: { max_series: store.options.maxSeries, max_label_sets_per_metric: store.options.maxLabelSetsPerMetric },
    metrics: metrics.slice(0, top),
    top_labels: topLabels.slice(0, top),
    distinct_counters: store.distinct.list()
  }
}
