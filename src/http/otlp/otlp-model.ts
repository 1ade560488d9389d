/**
 * The part of an OTLP metrics request (opentelemetry-proto
 * `collector/metrics/v1`, `metrics/v1`) the service records, the same from
 * protobuf and from JSON. Attribute values are strings (labels); times are
 * epoch ms.
 */
export interface OtlpNumberPoint {
  attributes: Record<string, string>
  timeMs: number
  value: number
}

export interface OtlpHistogramPoint {
  attributes: Record<string, string>
  timeMs: number
  count: number
  sum: number | null
  /** Per bucket, not cumulative: bucket i holds (bounds[i-1], bounds[i]]; the last is (bounds[n-1], +Inf). */
  bucketCounts: number[]
  bounds: number[]
}

/** An OTLP Summary data point: count, sum and quantiles over the observations since the start time. */
export interface OtlpSummaryPoint {
  attributes: Record<string, string>
  timeMs: number
  count: number
  sum: number
  quantiles: Array<{ quantile: number, value: number }>
}

/** Exponential histograms are read as histograms without buckets (count and sum only). */
export type OtlpMetricKind = 'gauge' | 'sum' | 'histogram' | 'exponential_histogram' | 'summary' | 'unsupported'

export interface OtlpMetric {
  name: string
  unit: string
  kind: OtlpMetricKind
  /** Sums: a counter (monotonic) or an up-down counter. */
  monotonic: boolean
  /** Sums and (exponential) histograms: 1 delta, 2 cumulative (AggregationTemporality); summaries are cumulative. */
  temporality: number
  points: OtlpNumberPoint[]
  histogramPoints: OtlpHistogramPoint[]
  summaryPoints: OtlpSummaryPoint[]
}

export interface OtlpResourceMetrics {
  resource: Record<string, string>
  metrics: OtlpMetric[]
}

export function emptyMetric (): OtlpMetric {
  return { name: '', unit: '', kind: 'unsupported', monotonic: false, temporality: 0, points: [], histogramPoints: [], summaryPoints: [] }
}
