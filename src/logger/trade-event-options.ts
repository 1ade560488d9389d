/**
 * Optional details of a trade event given to `logTradeEvent`. The context
 * fields (strategy, entry tag, exit reason) feed the breakdowns; the execution
 * fields feed `/trading/execution`, the slippage and fill-latency histograms,
 * and the R-multiples (docs/TRADING_METRICS.md).
 */
export interface TradeEventOptions {
  /** Fees paid on this event, quote currency. */
  fees?: number | null
  /** Ties the events of one position together. */
  tradeId?: string | null
  /** Time of the event, epoch ms (default now). */
  timestampMs?: number
  /** The price when the signal decided, quote currency. */
  decisionPrice?: number | null
  /** `market` or `limit`. */
  orderType?: 'market' | 'limit' | null
  /** `maker` or `taker`, as the exchange reported the fill. */
  liquidity?: 'maker' | 'taker' | null
  /** Epoch ms the order was sent. */
  requestedAtMs?: number | null
  /** Venue of the fill. */
  exchange?: string | null
  /** On `opened`: the protective stop price, quote currency. */
  stopPrice?: number | null
  /** The strategy that traded the position: a label value of 1 to 64 characters. */
  strategy?: string | null
  /** Why the position was opened (on `opened`): a label value. */
  entryTag?: string | null
  /** Why (part of) the position was closed (on `reduced`/`closed`): a label value. */
  exitReason?: string | null
}
