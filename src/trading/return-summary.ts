import type { DailyReturns } from './return-ratios.ts'

/** Days in the rolling Sharpe ratio's window. */
export const ROLLING_SHARPE_DAYS = 30

/**
 * What the daily ratios (return-ratios.ts) and the risk figures
 * (risk-figures.ts) read of daily returns r₁..r_N, in day order: sums,
 * the compounded equity curve and the order statistics. Made from an
 * array (`summarizeReturns`) or kept day by day (daily-return-run.ts),
 * so that a call need not hold or sort every day's return.
 */
export interface ReturnSummary {
  /** N, the days of returns. */
  days: number
  /** Σ rᵢ / N. */
  mean: number
  /** Sample standard deviation, √(Σ (rᵢ − mean)² / (N − 1)). */
  sd: number
  /** Downside deviation with target 0, √(Σ min(rᵢ, 0)² / N). */
  downside: number
  /** Compounded equity at the end, from 1 at the start: Π (1 + rᵢ). */
  finalEquity: number
  /** Largest drawdown of the compounded curve, a fraction (the start counts as a peak). */
  maxDrawdown: number
  /** Root mean square of the curve's daily drawdowns. */
  ulcerIndex: number
  /** Sum and count of the positive returns, and of the negative ones (losses as a positive sum). */
  gains: number
  up: number
  losses: number
  down: number
  /** q(5 %), q(95 %) (linear between closest ranks) and the mean of the returns at or below q(5 %). */
  var95: number
  p95: number
  cvar95: number
  /** The last `ROLLING_SHARPE_DAYS` returns (all when fewer), oldest first. */
  recent: Float64Array
}

/** Daily returns as their summary, or why there are none. */
export type ReturnDays = { summary: ReturnSummary, reason: null } | { summary: null, reason: string }

/**
 * The `q` quantile (0..1) of ascending `sorted`, interpolating linearly
 * between the closest ranks: numpy.percentile's default (`linear`).
 */
export function quantileSorted (sorted: ArrayLike<number>, q: number): number {
  return quantileAt(sorted.length, q, (i) => sorted[i])
}

/** The `q` quantile of `n` ascending values read by rank with `at`. */
export function quantileAt (n: number, q: number, at: (rank: number) => number): number {
  const h = (n - 1) * q
  const lo = Math.floor(h)
  const hi = Math.ceil(h)
  if (lo === hi) return at(lo)
  const low = at(lo)
  return low + (h - lo) * (at(hi) - low)
}

/** A summary of fewer than 2 days: the figures read only `days` then. */
export function shortSummary (days: number, recent: Float64Array): ReturnSummary {
  return { days, mean: 0, sd: 0, downside: 0, finalEquity: 1, maxDrawdown: 0, ulcerIndex: 0, gains: 0, up: 0, losses: 0, down: 0, var95: 0, p95: 0, cvar95: 0, recent }
}

/**
 * The summary of daily returns held in an array: sums in day order, the
 * standard deviation in two passes, the order statistics from one sort.
 */
export function summarizeReturns (daily: DailyReturns): ReturnDays {
  if (daily.returns === null) return { summary: null, reason: daily.reason }
  const r = daily.returns
  const n = r.length
  const recent = r.slice(Math.max(0, n - ROLLING_SHARPE_DAYS))
  if (n < 2) return { summary: shortSummary(n, recent), reason: null }
  let sum = 0
  for (let i = 0; i < n; i++) sum += r[i]
  const mean = sum / n
  let sq = 0
  let downSq = 0
  // The compounded daily equity curve from 1 at the window's start; the
  // start counts as a peak, so a first losing day is a drawdown.
  let equity = 1
  let peak = 1
  let sumSquaredDrawdown = 0
  let maxDrawdown = 0
  let gains = 0
  let losses = 0
  let up = 0
  let down = 0
  for (let i = 0; i < n; i++) {
    const x = r[i]
    const d = x - mean
    sq += d * d
    if (x < 0) downSq += x * x
    equity *= 1 + x
    if (equity > peak) peak = equity
    const dd = (peak - equity) / peak
    sumSquaredDrawdown += dd * dd
    if (dd > maxDrawdown) maxDrawdown = dd
    if (x > 0) { gains += x; up++ } else if (x < 0) { losses -= x; down++ }
  }
  const sorted = Float64Array.from(r).sort()
  const var95 = quantileSorted(sorted, 0.05)
  let tail = 0
  let tailCount = 0
  for (let i = 0; i < n && sorted[i] <= var95; i++) { tail += sorted[i]; tailCount++ }
  return {
    summary: {
      days: n,
      mean,
      sd: Math.sqrt(sq / (n - 1)),
      downside: Math.sqrt(downSq / n),
      finalEquity: equity,
      maxDrawdown,
      ulcerIndex: Math.sqrt(sumSquaredDrawdown / n),
      gains,
      up,
      losses,
      down,
      var95,
      p95: quantileSorted(sorted, 0.95),
      cvar95: tail / tailCount,
      recent
    },
    reason: null
  }
}
