import type { Columns } from './downsample.ts'
import { lowerBound } from './downsample.ts'
import { percentileSorted } from '../../src/core/statistics.ts'
import { TradeAggregate } from '../../src/trading/trade-aggregate.ts'
import { outcomeOf } from '../../src/trading/trade-records.ts'
import { DEFAULT_TRADING_OPTIONS } from '../../src/trading/trading-options.ts'

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
    for (let k = 0; k < ps.length; k++) q[k].push(values.length === 0 ? null : percentileSorted(values, ps[k]))
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
 * Win rate, profit factor and drawdown of closed trade records, from the
 * server's own trading code (the same aggregate and break-even rule): the
 * dashboard's figures until the service serves GET /trading.
 */
export function tradeFigures (pnls: readonly number[]): TradeFigures {
  const tolerance = DEFAULT_TRADING_OPTIONS.breakEvenTolerance
  const a = new TradeAggregate()
  for (const pnl of pnls) a.add({ pnl, fees: 0, outcome: outcomeOf(pnl, tolerance), final: true, holding_seconds: null })
  return {
    closed_trades: a.count,
    wins: a.wins,
    losses: a.losses,
    break_even: a.breakEven,
    win_rate: a.count === 0 ? null : a.wins / a.count,
    total_pnl: a.total,
    gross_profit: a.grossProfit,
    gross_loss: a.grossLoss,
    profit_factor: a.losses === 0 ? null : a.grossProfit / -a.grossLoss,
    max_drawdown: a.maxDrawdown
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
