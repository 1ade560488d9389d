import type { SeriesStore } from '../core/store.ts'
import { fillContextOf } from '../trading/fill-fields.ts'
import { fillQuality } from '../trading/fill-quality.ts'
import type { TradeEvent } from '../trading/trade-event.ts'
import type { ApplyResult } from '../trading/trade-ledger.ts'

/** Series of each fill's slippage, basis points (Prometheus `breakout_slippage_bps`). */
export const FILL_SLIPPAGE_METRIC = 'fill_slippage_bps'
/** Series of each fill's signal-to-fill latency, seconds (Prometheus `breakout_fill_latency_seconds`). */
export const FILL_LATENCY_METRIC = 'fill_latency'

/** Label value for an exchange or order type the event did not report. */
export const UNREPORTED = 'unknown'

/**
 * Records the fill of an event the ledger built a trade from: its slippage
 * when it carried `decision_price`, its latency when it carried
 * `requested_at`, labelled `symbol`, `exchange`, `order_type`. The same
 * figures the ledger's execution report adds up.
 */
export function recordFillPoints (store: SeriesStore, applied: ApplyResult, e: TradeEvent): void {
  if (e.decision_price == null && e.requested_at == null) return
  let opening: boolean
  let quantity: number
  let side
  if (applied.status === 'opened' || applied.status === 'increased') {
    opening = true
    quantity = e.quantity
    side = applied.position.side
  } else if (applied.status === 'reduced' || applied.status === 'closed') {
    opening = false
    quantity = applied.trade.quantity
    side = applied.trade.side
  } else {
    return
  }
  const context = fillContextOf(e)
  const q = fillQuality(side, opening, quantity, e.price, e.timestamp, context)
  const labels = { symbol: e.symbol, exchange: context.exchange ?? UNREPORTED, order_type: context.order_type ?? UNREPORTED }
  if (q.slippage_bps !== null) store.series(FILL_SLIPPAGE_METRIC, labels).record(q.slippage_bps, e.timestamp)
  if (q.fill_latency_seconds !== null) store.series(FILL_LATENCY_METRIC, labels).record(q.fill_latency_seconds, e.timestamp)
}
