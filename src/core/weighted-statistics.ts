import type { Series } from './series.ts'
import type { Selection } from './point-set.ts'
import { readSeries } from './point-set.ts'
import type { SampledInfo, SamplingMode } from './sampling.ts'
import type { Statistics } from './statistics.ts'
import { NO_DATA, percentileSorted } from './statistics.ts'
import type { NoData } from './statistics.ts'

/** Points in time order, each with the number of recorded points it stands for. */
export interface WeightedPointSet {
  readonly timesMs: Float64Array
  readonly values: Float64Array
  readonly weights: Float64Array
}

/** Statistics of a sampled metric: weighted, with the estimated count and how it was sampled. */
export interface SampledStatistics extends Statistics {
  /** Σ weights: the number of recorded points the stored ones stand for. */
  estimated_count: number
  sampled: SampledInfo
}

/**
 * Reads the selection from each series with every point's weight (1 where
 * a series is not sampled), merged in time order; last N applies after.
 */
export function readWeighted (seriesList: readonly Series[], sel: Selection): WeightedPointSet {
  const parts: Array<{ timesMs: ArrayLike<number>, values: ArrayLike<number>, weights: Float64Array }> = []
  let total = 0
  for (const s of seriesList) {
    const p = readSeries(s, sel)
    const n = p.values.length
    if (n === 0) continue
    const weights = new Float64Array(n)
    const sampler = s.sampler
    for (let i = 0; i < n; i++) weights[i] = sampler === null ? 1 : sampler.weightAt(p.timesMs[i])
    parts.push({ timesMs: p.timesMs, values: p.values, weights })
    total += n
  }
  const timesMs = new Float64Array(total)
  const values = new Float64Array(total)
  const weights = new Float64Array(total)
  let k = 0
  for (const p of parts) {
    timesMs.set(p.timesMs, k); values.set(p.values, k); weights.set(p.weights, k)
    k += p.values.length
  }
  let out: WeightedPointSet = { timesMs, values, weights }
  if (parts.length > 1) {
    // Stable sort by time keeps series order at equal times, as readMerged does.
    const order = new Uint32Array(total)
    for (let i = 0; i < total; i++) order[i] = i
    order.sort((a, b) => timesMs[a] - timesMs[b] || a - b)
    out = {
      timesMs: Float64Array.from(order, (i) => timesMs[i]),
      values: Float64Array.from(order, (i) => values[i]),
      weights: Float64Array.from(order, (i) => weights[i])
    }
  }
  if (sel.lastN !== undefined && total > sel.lastN) {
    const from = total - sel.lastN
    return { timesMs: out.timesMs.subarray(from), values: out.values.subarray(from), weights: out.weights.subarray(from) }
  }
  return out
}

const PS = [0.5, 0.9, 0.95, 0.99]

/**
 * Weighted statistics (docs/ANALYSIS.md): mean Σwx/Σw; stddev
 * √(Σw(x − mean)²/Σw); percentiles by linear interpolation between the
 * sorted values placed at u_k = S_{k−1}/(S_n − w_n) (S the running weight
 * sum), which is type 7 when all weights are equal; min, max, latest and
 * times are those of the stored points.
 */
export function summarizeWeighted (p: WeightedPointSet, mode: SamplingMode): SampledStatistics | NoData {
  const { timesMs, values, weights } = p
  const n = values.length
  if (n === 0) return NO_DATA
  let sw = 0
  let swx = 0
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < n; i++) {
    sw += weights[i]
    swx += weights[i] * values[i]
    if (values[i] < min) min = values[i]
    if (values[i] > max) max = values[i]
  }
  const mean = swx / sw
  let sq = 0
  for (let i = 0; i < n; i++) sq += weights[i] * (values[i] - mean) ** 2
  const [p50, p90, p95, p99] = weightedPercentiles(values, weights, PS)
  return {
    count: n,
    mean,
    min,
    max,
    latest: values[n - 1],
    stddev: Math.sqrt(sq / sw),
    p50,
    p90,
    p95,
    p99,
    first_timestamp: timesMs[0],
    latest_timestamp: timesMs[n - 1],
    estimated_count: sw,
    sampled: { mode, rate: n / sw }
  }
}

/** Weighted percentiles for ascending `ps` (see summarizeWeighted). */
export function weightedPercentiles (values: Float64Array, weights: Float64Array, ps: readonly number[]): number[] {
  const n = values.length
  // Equal weights (a constant every_nth interval, say) reduce to type 7 on the
  // sorted values; the native sort measured ~4x faster than an index sort.
  let equal = true
  for (let i = 1; i < n && equal; i++) equal = weights[i] === weights[0]
  if (equal) {
    const sorted = Float64Array.from(values).sort()
    return ps.map((p) => percentileSorted(sorted, p))
  }
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  order.sort((a, b) => values[a] - values[b])
  if (n === 1) return ps.map(() => values[0])
  let total = 0
  for (let i = 0; i < n; i++) total += weights[i]
  const span = total - weights[order[n - 1]]
  const out: number[] = []
  let k = 0
  let before = 0 // S_{k-1} for the value at sorted position k
  for (const p of ps) {
    // Advance to the last k with u_k <= p.
    while (k + 1 < n && (before + weights[order[k]]) / span <= p) {
      before += weights[order[k]]
      k++
    }
    if (k === n - 1) { out.push(values[order[k]]); continue }
    const uk = before / span
    const uNext = (before + weights[order[k]]) / span
    const x = values[order[k]]
    out.push(x + (p - uk) / (uNext - uk) * (values[order[k + 1]] - x))
  }
  return out
}
