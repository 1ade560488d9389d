import type { MetricsLogger } from '../../logger/metrics-logger.ts'
import type { OtlpMetric, OtlpResourceMetrics } from './otlp-model.ts'

/** OTLP unit -> the Prometheus unit word appended to names (as Prometheus' own OTLP translation does). */
const UNITS: Readonly<Record<string, string>> = {
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  min: 'minutes',
  h: 'hours',
  d: 'days',
  By: 'bytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  '%': 'percent',
  Hz: 'hertz',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  Cel: 'celsius',
  m: 'meters'
}

function sanitize (raw: string, label: boolean): string {
  let s = raw.replace(label ? /[^a-zA-Z0-9_]/g : /[^a-zA-Z0-9_:]/g, '_').replace(/__+/g, '_')
  if (/^[0-9]/.test(s)) s = '_' + s
  return s
}

/**
 * An OTLP metric name as Prometheus names it: characters outside
 * `[a-zA-Z0-9_:]` become `_`, the unit is appended as a word (`s` ->
 * `_seconds`, `By` -> `_bytes`, `1` -> `_ratio` for gauges; `{annotations}`
 * dropped), and a monotonic sum ends in `_total`. `http.server.duration` in
 * `s` is `http_server_duration_seconds`.
 */
export function prometheusName (metric: Pick<OtlpMetric, 'name' | 'unit' | 'kind' | 'monotonic'>): string {
  let name = sanitize(metric.name, false)
  const unit = metric.unit.replace(/\{[^}]*\}/g, '').trim()
  const word = unit === '1' ? (metric.kind === 'gauge' ? 'ratio' : '') : UNITS[unit] ?? (unit === '' ? '' : sanitize(unit.replace('/', '_per_'), false))
  if (word !== '' && !name.split('_').includes(word)) name += '_' + word
  if (metric.kind === 'sum' && metric.monotonic && !name.endsWith('_total')) name += '_total'
  return name.replace(/^_+(?=[a-zA-Z])/, '')
}

/** Attributes as labels: Prometheus label names; `bot` from the resource wins over an attribute of that name. */
function labelsOf (attributes: Record<string, string>, bot: string | null): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(attributes)) {
    const name = sanitize(k, true)
    if (name.startsWith('__') || name === 'le' || name === 'quantile') continue
    out[name] = v
  }
  if (bot !== null) out.bot = bot
  return out
}

const DELTA = 1

/** Running totals of delta sums and histograms, and the last cumulative histogram, per series. */
export class OtlpState {
  private readonly totals = new Map<string, { count: number, sum: number, buckets: number[] }>()
  /** Past this many series the oldest state is forgotten (a delta total then starts again). */
  readonly maxSeries: number

  constructor (maxSeries = 10_000) {
    this.maxSeries = maxSeries
  }

  /** The previous cumulative (count, sum) of a series, after storing the new one. */
  swap (key: string, next: { count: number, sum: number, buckets: number[] }): { count: number, sum: number, buckets: number[] } | undefined {
    const prev = this.totals.get(key)
    this.totals.delete(key)
    this.totals.set(key, next)
    if (this.totals.size > this.maxSeries) this.totals.delete(this.totals.keys().next().value as string)
    return prev
  }
}

/** How a request went: data points recorded and rejected (with the first reason). */
export interface OtlpRecordResult {
  accepted: number
  rejected: number
  firstError: string | null
}

/**
 * Records one export's mean of new observations as a point standing for
 * them: the name's points are weighted (sampling mode `weighted`), so a
 * statistic over them is a statistic over observations, an export of 10,000
 * counting 10,000 times one of 1. False when the store refuses the series.
 */
function recordMean (logger: MetricsLogger, name: string, mean: number, observations: number, labels: Record<string, string>, timeMs: number): boolean {
  const store = logger.store
  // An embedder's own sampling of the name is left as it is.
  if (store.family(name)?.sampling == null) store.setSampling(name, { mode: 'weighted' })
  try {
    store.series(name, labels).recordWeighted(mean, observations, timeMs)
    return true
  } catch {
    return false
  }
}

/**
 * Records decoded OTLP metrics into the logger. Gauges and sums: one point
 * per data point under the Prometheus name (delta sums summed into a
 * running total, so the series reads as Prometheus' counter). Histograms:
 * `<name>_count`, `<name>_sum`, `<name>_bucket{le}` (cumulative over
 * buckets), and `<name>` with the mean of the observations since the
 * previous export, weighted by their number, so GET /metric/<name>
 * summarises the observations. Exponential histograms: the same without
 * `_bucket`. Summaries: `<name>_count`, `<name>_sum` and `<name>{quantile}`.
 * The resource's `service.instance.id`, else `service.name`, is the `bot` label.
 * Points go through the logger's limits: bad ones are dropped and counted there.
 */
export function recordOtlp (logger: MetricsLogger, state: OtlpState, batch: readonly OtlpResourceMetrics[], nowMs: number): OtlpRecordResult {
  const result: OtlpRecordResult = { accepted: 0, rejected: 0, firstError: null }
  const reject = (n: number, why: string): void => {
    result.rejected += n
    result.firstError ??= why
  }
  for (const rm of batch) {
    const bot = rm.resource['service.instance.id'] ?? rm.resource['service.name'] ?? null
    for (const m of rm.metrics) {
      if (m.kind === 'unsupported') { reject(Math.max(1, m.points.length), `${m.name}: a metric without gauge, sum, histogram, exponential histogram or summary data`); continue }
      if (m.name === '') { reject(m.points.length + m.histogramPoints.length + m.summaryPoints.length, 'a metric without a name'); continue }
      const name = prometheusName(m)
      for (const p of m.points) {
        if (!Number.isFinite(p.value)) { reject(1, `${m.name}: a data point without a finite value`); continue }
        const labels = labelsOf(p.attributes, bot)
        let value = p.value
        if (m.kind === 'sum' && m.temporality === DELTA) {
          const key = name + '\u0000' + JSON.stringify(labels)
          const prev = state.swap(key, { count: 0, sum: 0, buckets: [] })
          value += prev?.sum ?? 0
          state.swap(key, { count: 0, sum: value, buckets: [] })
        }
        logger.logMetric(name, value, labels, p.timeMs > 0 ? p.timeMs : nowMs)
        result.accepted++
      }
      for (const h of m.histogramPoints) {
        if (h.bucketCounts.length !== 0 && h.bucketCounts.length !== h.bounds.length + 1) {
          reject(1, `${m.name}: ${h.bucketCounts.length} bucket counts for ${h.bounds.length} bounds (want bounds + 1)`)
          continue
        }
        const labels = labelsOf(h.attributes, bot)
        const t = h.timeMs > 0 ? h.timeMs : nowMs
        const key = name + '\u0000' + JSON.stringify(labels)
        const sum = h.sum ?? 0
        const delta = m.temporality === DELTA
        const prev = state.swap(key, { count: h.count, sum, buckets: h.bucketCounts })
        const total = delta && prev !== undefined
          ? { count: prev.count + h.count, sum: prev.sum + sum, buckets: h.bucketCounts.map((c, i) => c + (prev.buckets[i] ?? 0)) }
          : { count: h.count, sum, buckets: h.bucketCounts }
        if (delta) state.swap(key, total)
        // A cumulative count that went down is a restarted client: all its observations are new.
        const restarted = prev === undefined || h.count < prev.count
        const newCount = delta || restarted ? h.count : h.count - prev.count
        const newSum = delta || restarted ? sum : sum - prev.sum
        logger.logMetric(`${name}_count`, total.count, labels, t)
        if (h.sum !== null) logger.logMetric(`${name}_sum`, total.sum, labels, t)
        let cumulative = 0
        for (let i = 0; i < total.buckets.length; i++) {
          cumulative += total.buckets[i]
          const le = i < h.bounds.length ? String(h.bounds[i]) : '+Inf'
          logger.logMetric(`${name}_bucket`, cumulative, { ...labels, le }, t)
        }
        const mean = newSum / newCount
        if (h.sum !== null && newCount >= 1 && Number.isFinite(mean) && !recordMean(logger, name, mean, newCount, labels, t)) {
          reject(1, `${m.name}: the store refused the series ${name}`)
          continue
        }
        result.accepted++
      }
      for (const q of m.summaryPoints) {
        const labels = labelsOf(q.attributes, bot)
        const t = q.timeMs > 0 ? q.timeMs : nowMs
        logger.logMetric(`${name}_count`, q.count, labels, t)
        logger.logMetric(`${name}_sum`, q.sum, labels, t)
        for (const { quantile, value } of q.quantiles) logger.logMetric(name, value, { ...labels, quantile: String(quantile) }, t)
        result.accepted++
      }
    }
  }
  return result
}
