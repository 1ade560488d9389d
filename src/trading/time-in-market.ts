import type { TradeLedger } from './trade-ledger.ts'
import { matchesFilter } from './trade-selection.ts'
import type { ResolvedFilter } from './trade-selection.ts'

/**
 * Percent of [sinceMs, untilMs] during which at least one position (of the
 * filter's symbol and side) was open: the union of the positions' open
 * spans (first `opened` to final exit, or to `untilMs` for one still open),
 * clipped to the window, over the window's length. Orphans (never seen
 * open) have no span. Null when the window has no length. The closed
 * positions' spans come from the ledger's holding spans (exact from their
 * fold boundary on, see docs/TRADING_METRICS.md), the open ones from the
 * positions: one open since `o` covers [o, untilMs] whole.
 */
export function timeInMarketPct (ledger: TradeLedger, sinceMs: number, untilMs: number, filter: ResolvedFilter): number | null {
  const length = untilMs - sinceMs
  if (!(length > 0)) return null
  let earliest = Infinity
  for (const p of ledger.openPositionValues()) {
    if (p.opened_at < earliest && matchesFilter(p, filter)) earliest = p.opened_at
  }
  if (earliest <= sinceMs) return 100
  const closedUntil = Math.min(earliest, untilMs)
  let covered = ledger.holding.covered(filter, sinceMs, closedUntil)
  if (closedUntil < untilMs) covered += untilMs - closedUntil
  return covered / length * 100
}

/**
 * Positions of the filter open at `atMs`: opened at or before it and not
 * finally closed at or before it; orphans, never seen open, are not
 * counted. For a moment now, the positions open now.
 */
export function openPositionsAt (ledger: TradeLedger, atMs: number, filter: ResolvedFilter): number {
  let n = ledger.holding.openAt(filter, atMs)
  for (const p of ledger.openPositionValues()) if (p.opened_at <= atMs && matchesFilter(p, filter)) n++
  return n
}

/**
 * Largest fall of a curve from its running peak, percent of the peak:
 * max over i of (peak_i − v_i) / peak_i × 100, peak_i the highest value up
 * to i. Null with fewer than one point or when a peak is not positive.
 */
export function maxDrawdownPct (values: ArrayLike<number>): number | null {
  if (values.length === 0) return null
  let peak = -Infinity
  let worst = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v > peak) peak = v
    if (peak <= 0) return null
    const dd = (peak - v) / peak
    if (dd > worst) worst = dd
  }
  return worst * 100
}
