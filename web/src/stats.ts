import type { Columns } from './downsample.ts'
import { lowerBound } from './downsample.ts'

/**
 * The p-quantile of sorted values by linear interpolation between closest
 * ranks (Hyndman & Fan type 7, numpy's default), as the server's statistics
 * (docs/statistics.md). NaN for no values.
 */
export function quantileSorted (sorted: readonly number[], p: number): number {
  const n = sorted.length
  if (n === 0) return NaN
  const h = (n - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(n - 1, lo + 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

/** Per time bucket: its start (epoch ms) and the quantiles of its points (null when empty). */
export interface BucketQuantiles {
  t: number[]
  q: Array<Array<number | null>>
}

/**
 * Splits [x0, x1) into `buckets` equal slices and gives each slice's
 * quantiles `ps` (e.g. [0.5, 0.99]): "p50 / p99 over time". Empty slices
 * give null, drawn as gaps.
 */
export function bucketQuantiles (points: Columns, x0: number, x1: number, buckets: number, ps: readonly number[]): BucketQuantiles {
  const width = (x1 - x0) / buckets
  const t: number[] = []
  const q: Array<Array<number | null>> = ps.map(() => [])
  let i = lowerBound(points.t, x0)
  for (let b = 0; b < buckets; b++) {
    const start = x0 + b * width
    const end = b === buckets - 1 ? x1 + 1e-9 : start + width
    const values: number[] = []
    while (i < points.t.length && points.t[i] < end) values.push(points.v[i++])
    values.sort((a, c) => a - c)
    t.push(start)
    for (let k = 0; k < ps.length; k++) q[k].push(values.length === 0 ? null : quantileSorted(values, ps[k]))
  }
  return { t, q }
}

/**
 * Sums of values per time bucket, scaled to a per-minute rate: "symbols
 * scanned per minute" from the symbols each scan covered. Buckets before
 * the first point are left out: no data is not a rate of 0.
 */
export function bucketRatePerMinute (points: Columns, x0: number, x1: number, bucketMs: number): Columns {
  const t: number[] = []
  const v: number[] = []
  let i = lowerBound(points.t, x0)
  if (i === points.t.length) return { t, v }
  const first = x0 + Math.floor((points.t[i] - x0) / bucketMs) * bucketMs
  for (let start = first; start < x1; start += bucketMs) {
    const end = start + bucketMs
    let sum = 0
    while (i < points.t.length && points.t[i] < end) sum += points.v[i++]
    t.push(start)
    v.push(sum * 60_000 / bucketMs)
  }
  return { t, v }
}

/** |pnl| at most this is break-even, as the trading statistics (docs/TRADING_METRICS.md). */
export const BREAK_EVEN_TOLERANCE = 1e-9

/** Figures of closed trade records, from their P&L in closing order. */
export interface TradeFigures {
  closed_trades: number
  wins: number
  losses: number
  break_even: number
  /** wins / closed trades, 0..1; null with no trades. */
  win_rate: number | null
  total_pnl: number
  gross_profit: number
  /** Sum of the losses, <= 0. */
  gross_loss: number
  /** gross_profit / |gross_loss|; null with no losses (infinite or 0/0). */
  profit_factor: number | null
  /** Largest fall of the realized P&L curve from its running peak (which starts at 0), >= 0. */
  max_drawdown: number
}

/**
 * Win rate, profit factor and drawdown of closed trade records, defined as
 * the server's trading statistics: the dashboard's own figures until the
 * service serves GET /trading.
 */
export function tradeFigures (pnls: readonly number[]): TradeFigures {
  let wins = 0
  let losses = 0
  let profit = 0
  let loss = 0
  let equity = 0
  let peak = 0
  let drawdown = 0
  for (const x of pnls) {
    if (x > BREAK_EVEN_TOLERANCE) { wins++; profit += x } else if (x < -BREAK_EVEN_TOLERANCE) { losses++; loss += x }
    equity += x
    if (equity > peak) peak = equity
    if (peak - equity > drawdown) drawdown = peak - equity
  }
  const n = pnls.length
  return {
    closed_trades: n,
    wins,
    losses,
    break_even: n - wins - losses,
    win_rate: n === 0 ? null : wins / n,
    total_pnl: equity,
    gross_profit: profit,
    gross_loss: loss,
    profit_factor: losses === 0 ? null : profit / -loss,
    max_drawdown: drawdown
  }
}

/** The realized P&L curve (running sum) and its drawdown from the running peak (<= 0), per point. */
export function equityAndDrawdown (pnl: Columns): { equity: Columns, drawdown: Columns } {
  const eq: number[] = []
  const dd: number[] = []
  let sum = 0
  let peak = 0
  for (const x of pnl.v) {
    sum += x
    if (sum > peak) peak = sum
    eq.push(sum)
    dd.push(sum - peak)
  }
  return { equity: { t: pnl.t.slice(), v: eq }, drawdown: { t: pnl.t.slice(), v: dd } }
}
