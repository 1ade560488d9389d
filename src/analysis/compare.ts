import { InvalidArgumentError } from '../core/errors.ts'
import { percentileSorted, summarize } from '../core/statistics.ts'
import type { StatisticsResult } from '../core/statistics.ts'
import { normalQuantile, studentTQuantile } from './distributions.ts'
import { mannWhitneyU } from './mann-whitney.ts'
import type { MannWhitneyResult } from './mann-whitney.ts'
import type { SeriesPoints } from './downsample.ts'

/** Which way is bad. Latency, cycle time, memory: higher is worse (the default). */
export const Direction = {
  higherIsWorse: 'higher_is_worse',
  lowerIsWorse: 'lower_is_worse'
} as const
export type Direction = typeof Direction[keyof typeof Direction]

export const Verdict = {
  regressed: 'regressed',
  improved: 'improved',
  noSignificantChange: 'no significant change',
  insufficientData: 'insufficient data'
} as const
export type Verdict = typeof Verdict[keyof typeof Verdict]

export interface CompareOptions {
  /** Significance level of the test and 1 − confidence of the intervals; 0 < alpha < 1, default 0.05. */
  alpha?: number
  /** Default `higher_is_worse`. */
  direction?: Direction
}

/** A change from window a to window b, with a confidence interval for b − a. */
export interface Change {
  a: number
  b: number
  /** b − a. */
  difference: number
  /** (b − a) / |a|; null when a is 0. */
  relative: number | null
  ci_low: number
  ci_high: number
  /** 1 − alpha. */
  confidence: number
  method: 'welch_t' | 'order_statistic_normal'
}

export interface CompareResult {
  a: StatisticsResult
  b: StatisticsResult
  mean_change: Change | null
  p99_change: Change | null
  test: MannWhitneyResult | null
  alpha: number
  direction: Direction
  verdict: Verdict
  /** The verdict in a sentence, with the figures that decided it. */
  explanation: string
}

/** Validates alpha (0 < alpha < 1) and returns it, or the default. */
export function validateAlpha (alpha: number | undefined): number {
  if (alpha === undefined) return 0.05
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new InvalidArgumentError('alpha', `must be a number between 0 and 1 (exclusive), got ${String(alpha)}`)
  }
  return alpha
}

/**
 * Compares window b (after) with window a (before): both windows'
 * statistics, the change in mean (Welch t interval) and in p99
 * (order-statistic interval), a two-sided Mann-Whitney U test, and a
 * verdict. Definitions: docs/ANALYSIS.md.
 *
 * @example
 * const r = compareWindows(store.read('engine_cycle_time', { untilMs: deployMs }),
 *   store.read('engine_cycle_time', { sinceMs: deployMs }))
 * r.verdict // 'regressed' | 'improved' | 'no significant change' | 'insufficient data'
 */
export function compareWindows (a: SeriesPoints, b: SeriesPoints, options: CompareOptions = {}): CompareResult {
  const alpha = validateAlpha(options.alpha)
  const direction = options.direction ?? Direction.higherIsWorse
  if (direction !== Direction.higherIsWorse && direction !== Direction.lowerIsWorse) {
    throw new InvalidArgumentError('direction', `must be higher_is_worse or lower_is_worse, got ${String(direction)}`)
  }
  const statsA = summarize(a.timesMs, a.values)
  const statsB = summarize(b.timesMs, b.values)
  const na = a.values.length
  const nb = b.values.length
  if (na === 0 || nb === 0) {
    return {
      a: statsA,
      b: statsB,
      mean_change: null,
      p99_change: null,
      test: null,
      alpha,
      direction,
      verdict: Verdict.insufficientData,
      explanation: `window ${na === 0 ? 'a' : 'b'} has no points: nothing to compare`
    }
  }
  const sortedA = Float64Array.from(a.values).sort()
  const sortedB = Float64Array.from(b.values).sort()
  const test = mannWhitneyU(sortedA, sortedB)
  const meanChange = welchChange(a.values, b.values, alpha)
  const p99Change = quantileChange(sortedA, sortedB, 0.99, alpha)
  const significant = test.p_value < alpha
  const bHigher = test.prob_b_greater > 0.5
  let verdict: Verdict = Verdict.noSignificantChange
  if (significant && test.prob_b_greater !== 0.5) {
    verdict = bHigher === (direction === Direction.higherIsWorse) ? Verdict.regressed : Verdict.improved
  }
  const pct = (c: Change): string => c.relative === null ? `${signed(c.difference)}` : `${signed(c.relative * 100)}%`
  const explanation = `b is ${bHigher ? 'higher' : 'lower'} than a in ${round(100 * (bHigher ? test.prob_b_greater : 1 - test.prob_b_greater))}% of pairs ` +
    `(mean ${pct(meanChange)}, p99 ${pct(p99Change)}); Mann-Whitney p = ${test.p_value.toPrecision(3)} ` +
    `${significant ? '<' : '>='} alpha ${alpha}: ${verdict}`
  return { a: statsA, b: statsB, mean_change: meanChange, p99_change: p99Change, test, alpha, direction, verdict, explanation }
}

function signed (x: number): string {
  return (x >= 0 ? '+' : '') + x.toPrecision(3)
}

function round (x: number): string {
  return x.toFixed(1)
}

/** Sample mean and variance (n − 1), two passes. */
function meanVar (v: ArrayLike<number>): [number, number] {
  const n = v.length
  let sum = 0
  for (let i = 0; i < n; i++) sum += v[i]
  const mean = sum / n
  let sq = 0
  for (let i = 0; i < n; i++) { const d = v[i] - mean; sq += d * d }
  return [mean, n > 1 ? sq / (n - 1) : 0]
}

/**
 * mean(b) − mean(a) ± t(1 − α/2, ν)·se, se² = s_a²/n_a + s_b²/n_b, ν by
 * Welch–Satterthwaite (scipy.stats.ttest_ind(b, a, equal_var=False).confidence_interval).
 */
export function welchChange (a: ArrayLike<number>, b: ArrayLike<number>, alpha: number): Change {
  const [ma, va] = meanVar(a)
  const [mb, vb] = meanVar(b)
  const qa = va / a.length
  const qb = vb / b.length
  const se = Math.sqrt(qa + qb)
  const diff = mb - ma
  let half = 0
  if (se > 0) {
    const df = (qa + qb) ** 2 / ((a.length > 1 ? qa * qa / (a.length - 1) : 0) + (b.length > 1 ? qb * qb / (b.length - 1) : 0))
    half = studentTQuantile(1 - alpha / 2, df) * se
  }
  return change(ma, mb, diff - half, diff + half, alpha, 'welch_t')
}

/**
 * Standard error of the type 7 p-quantile of a sorted sample from its
 * distribution-free order-statistic interval: ranks l = ⌊np − z√(np(1−p))⌋
 * and u = ⌈np + z√(np(1−p))⌉ (1-based, clamped to 1..n), se = (x₍ᵤ₎ − x₍ₗ₎) / (2z).
 */
export function quantileStandardError (sorted: Float64Array, p: number, z: number): number {
  const n = sorted.length
  const spread = z * Math.sqrt(n * p * (1 - p))
  const l = Math.min(n, Math.max(1, Math.floor(n * p - spread)))
  const u = Math.min(n, Math.max(1, Math.ceil(n * p + spread)))
  return (sorted[u - 1] - sorted[l - 1]) / (2 * z)
}

/** q_p(b) − q_p(a) ± z·√(se_a² + se_b²), z = Φ⁻¹(1 − α/2). */
export function quantileChange (sortedA: Float64Array, sortedB: Float64Array, p: number, alpha: number): Change {
  const z = normalQuantile(1 - alpha / 2)
  const qa = percentileSorted(sortedA, p)
  const qb = percentileSorted(sortedB, p)
  const half = z * Math.hypot(quantileStandardError(sortedA, p, z), quantileStandardError(sortedB, p, z))
  return change(qa, qb, qb - qa - half, qb - qa + half, alpha, 'order_statistic_normal')
}

function change (a: number, b: number, low: number, high: number, alpha: number, method: Change['method']): Change {
  return { a, b, difference: b - a, relative: a === 0 ? null : (b - a) / Math.abs(a), ci_low: low, ci_high: high, confidence: 1 - alpha, method }
}
