import type { TradeLedger } from './trade-ledger.ts'
import { matchesFilter } from './trade-selection.ts'
import type { ResolvedFilter } from './trade-selection.ts'

/**
 * Percent of [sinceMs, untilMs] during which at least one position (of the
 * filter's symbol and side) was open: the union of the positions' open
 * spans (first `opened` to final exit, or to `untilMs` for one still open),
 * clipped to the window, over the window's length. Orphans (never seen
 * open) have no span. Null when the window has no length.
 */
export function timeInMarketPct (ledger: TradeLedger, sinceMs: number, untilMs: number, filter: ResolvedFilter): number | null {
  const length = untilMs - sinceMs
  if (!(length > 0)) return null
  const spans: Array<[number, number]> = []
  const add = (from: number, to: number): void => {
    const a = Math.max(from, sinceMs)
    const b = Math.min(to, untilMs)
    if (b > a) spans.push([a, b])
  }
  for (const t of ledger.trades) {
    if (t.final && t.opened_at !== null && matchesFilter(t, filter)) add(t.opened_at, t.closed_at)
  }
  for (const p of ledger.openPositions()) if (matchesFilter(p, filter)) add(p.opened_at, untilMs)
  spans.sort((x, y) => x[0] - y[0])
  let covered = 0
  let end = -Infinity
  for (const [a, b] of spans) {
    if (b <= end) continue
    covered += b - Math.max(a, end)
    end = b
  }
  return covered / length * 100
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
