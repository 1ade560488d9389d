import type { SeriesStore } from '../core/store.ts'
import type { ApplyResult } from '../trading/trade-ledger.ts'

/**
 * The series of realized P&L: one point per exit (`reduced` or `closed`),
 * its value the ledger's P&L of that exit (reported, or computed from
 * prices and fees), labelled with the position's `symbol` and `side`
 * (`long`/`short`). Its points add up to the ledger's `total_pnl`.
 */
export const TRADE_PNL_METRIC = 'trade_pnl'

/**
 * Records the exit's realized P&L as a `trade_pnl` point and returns it, so
 * that the `trade_<event>` point carries the same figure; null when `applied`
 * is not an exit (an `opened` event, an event the ledger ignores).
 *
 * @example
 * const value = recordExitPnl(store, ledger.apply(event)) ?? event.pnl ?? 0
 */
export function recordExitPnl (store: SeriesStore, applied: ApplyResult): number | null {
  if (applied.status !== 'reduced' && applied.status !== 'closed') return null
  const t = applied.trade
  // The labels were checked on the event's own series first: this lookup cannot throw on them.
  store.series(TRADE_PNL_METRIC, { symbol: t.symbol, side: t.side }).record(t.pnl, t.closed_at)
  return t.pnl
}
