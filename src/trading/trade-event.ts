/**
 * One trade event as the bot reports it. `opened` starts a position,
 * `reduced` closes part of it, `closed` closes the rest. The logger and
 * `POST /events` refuse other names (validateTradeEvent); the ledger ignores them.
 */
export interface TradeEvent {
  /** `opened`, `reduced` or `closed`. */
  event: string
  symbol: string
  /** `long`/`short`, or the opening order's `buy`/`sell`. */
  side: string
  quantity: number
  price: number
  /** Realized P&L the bot computed, when it did (quote currency). */
  pnl: number | null
  /** Fees paid on this event (quote currency). */
  fees: number | null
  /** Ties events of one position together; without it, one open position per symbol and side. */
  trade_id: string | null
  /** Epoch ms. */
  timestamp: number
  /** Free-form details; kept with the trade, never as labels. */
  metadata: Readonly<Record<string, unknown>> | null
  /** The price when the signal decided (quote currency): gives the fill's slippage. */
  decision_price?: number | null
  /** `market` or `limit`. */
  order_type?: string | null
  /** `maker` or `taker`, as the exchange reported the fill. */
  liquidity?: string | null
  /** Epoch ms the order was sent: gives the signal-to-fill latency. */
  requested_at?: number | null
  /** Venue of the fill; groups the execution figures. */
  exchange?: string | null
  /** On `opened`: the protective stop, quote currency; gives R-multiples. */
  stop_price?: number | null
  /** The strategy that traded the position (a label value; see trade-context.ts). */
  strategy?: string | null
  /** Why the position was opened; on `opened` only. */
  entry_tag?: string | null
  /** Why (part of) the position was closed; on `reduced`/`closed` only. */
  exit_reason?: string | null
}
