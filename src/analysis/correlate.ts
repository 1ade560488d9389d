import { studentTTwoSided } from './distributions.ts'
import { downsample } from './downsample.ts'
import type { SeriesPoints } from './downsample.ts'

/** Two series' bucket means on the buckets where both have points. */
export interface Aligned {
  stepMs: number
  /** Bucket starts, epoch ms. */
  startMs: Float64Array
  x: Float64Array
  y: Float64Array
}

/**
 * Aligns two series on a common step: each is downsampled to bucket means
 * on the same grid (origin `originMs`), and only buckets where both have
 * points are kept.
 */
export function align (a: SeriesPoints, b: SeriesPoints, stepMs: number, originMs = 0): Aligned {
  const da = downsample(a, stepMs, originMs)
  const db = downsample(b, stepMs, originMs)
  const cap = Math.min(da.startMs.length, db.startMs.length)
  const startMs = new Float64Array(cap)
  const x = new Float64Array(cap)
  const y = new Float64Array(cap)
  let i = 0
  let j = 0
  let k = 0
  while (i < da.startMs.length && j < db.startMs.length) {
    const ta = da.startMs[i]
    const tb = db.startMs[j]
    if (ta < tb) i++
    else if (tb < ta) j++
    else {
      startMs[k] = ta
      x[k] = da.mean[i++]
      y[k++] = db.mean[j++]
    }
  }
  return { stepMs, startMs: startMs.subarray(0, k), x: x.subarray(0, k), y: y.subarray(0, k) }
}

/** A correlation coefficient and its two-sided p-value (null when undefined). */
export interface Coefficient {
  coefficient: number | null
  p_value: number | null
}

/**
 * Pearson's r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²), with the p-value of
 * t = r√((n − 2)/(1 − r²)) on n − 2 degrees of freedom (as scipy.stats.pearsonr).
 * Null with fewer than 3 pairs or a constant input.
 */
export function pearson (x: ArrayLike<number>, y: ArrayLike<number>): Coefficient {
  const n = x.length
  if (n < 3) return { coefficient: null, p_value: null }
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i] }
  mx /= n
  my /= n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx
    const dy = y[i] - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  if (sxx === 0 || syy === 0) return { coefficient: null, p_value: null }
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)))
  return { coefficient: r, p_value: correlationPValue(r, n) }
}

/** Two-sided p-value of a correlation r from n pairs, Student t with n − 2 df. */
function correlationPValue (r: number, n: number): number {
  if (Math.abs(r) === 1) return 0
  const t = r * Math.sqrt((n - 2) / (1 - r * r))
  return studentTTwoSided(t, n - 2)
}

/** Ranks 1..n of `v`, ties getting the average of the ranks they span. */
export function averageRanks (v: ArrayLike<number>): Float64Array {
  const n = v.length
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  order.sort((i, j) => v[i] - v[j])
  const ranks = new Float64Array(n)
  let i = 0
  while (i < n) {
    let j = i + 1
    while (j < n && v[order[j]] === v[order[i]]) j++
    const r = (i + j + 1) / 2 // average of 1-based ranks i+1..j
    for (let k = i; k < j; k++) ranks[order[k]] = r
    i = j
  }
  return ranks
}

/**
 * Spearman's ρ: Pearson's r of the average ranks, with the t-distribution
 * p-value scipy.stats.spearmanr uses.
 */
export function spearman (x: ArrayLike<number>, y: ArrayLike<number>): Coefficient {
  if (x.length < 3) return { coefficient: null, p_value: null }
  return pearson(averageRanks(x), averageRanks(y))
}

export interface CorrelateResult {
  step_ms: number
  /** Buckets where both series have points. */
  aligned_count: number
  pearson: Coefficient
  spearman: Coefficient
}

/**
 * Aligns two series on `stepMs` buckets and correlates their bucket means.
 *
 * @example
 * correlate(store.read('trades_total'), store.read('cpu_percent'), 60_000).pearson.coefficient
 */
export function correlate (a: SeriesPoints, b: SeriesPoints, stepMs: number, originMs = 0): CorrelateResult {
  const { x, y } = align(a, b, stepMs, originMs)
  return { step_ms: stepMs, aligned_count: x.length, pearson: pearson(x, y), spearman: spearman(x, y) }
}
