import { DAY_MS } from './calendar.ts'
import type { TradeLedger } from './trade-ledger.ts'
import { lowerBoundClosedAt } from './trade-selection.ts'

/**
 * Current drawdown of realized equity from its peak, percent (0..100):
 * with E₀ the starting balance and Eₖ = E₀ + x₁ + … + xₖ over every closed
 * record in `closed_at` order, it is (max(E₀..Eₙ) − Eₙ) / max(E₀..Eₙ) × 100.
 * Null without a starting balance (no base), or when the peak is not
 * positive. Realized only: the ledger does not mark open positions.
 *
 * @example currentDrawdownPct(ledger) // 12.5 after 10,000 -> 10,400 -> 9,100
 */
export function currentDrawdownPct (ledger: TradeLedger): number | null {
  const base = ledger.options.startingBalance
  if (base === null) return null
  // Records that left memory: their sum and peak are where the walk starts.
  const settled = ledger.settledFigures()?.aggregate
  let equity = settled === undefined ? base : base + settled.total
  let peak = settled === undefined ? base : base + settled.maxPrefix
  for (const t of ledger.trades) {
    equity += t.pnl
    if (equity > peak) peak = equity
  }
  return peak > 0 ? (peak - equity) / peak * 100 : null
}

/**
 * Realized P&L of the records closed in the UTC day holding `nowMs`
 * (epoch ms), quote currency; 0 when none closed that day.
 */
export function dailyRealizedPnl (ledger: TradeLedger, nowMs: number): number {
  const trades = ledger.trades
  const start = Math.floor(nowMs / DAY_MS) * DAY_MS
  // The day's records that left memory are in the settled P&L per day.
  let sum = ledger.settledFigures()?.dayPnl.get(start / DAY_MS) ?? 0
  for (let i = lowerBoundClosedAt(trades, start); i < trades.length && trades[i].closed_at < start + DAY_MS; i++) sum += trades[i].pnl
  return sum
}

/**
 * `currentDrawdownPct` recomputed only when the ledger changed: it walks
 * every record, and health rules read it every few seconds.
 */
export function cachedDrawdownPct (ledger: TradeLedger): () => number | null {
  let version = -1
  let value: number | null = null
  return () => {
    if (ledger.version !== version) {
      value = currentDrawdownPct(ledger)
      version = ledger.version
    }
    return value
  }
}
