import type { TradeEvent } from '../trading/trade-event.ts'
import type { TradeEventOptions } from './trade-event-options.ts'

/**
 * One trade event as `MetricsLogger.logTrade` takes it: the spec's
 * positional `logTradeEvent` arguments and options as named fields.
 *
 * @example
 * logger.logTrade({ event: 'closed', symbol: 'BTCUSDT', side: 'long', quantity: 0.5, price: 61_900, fees: 12.38, exitReason: 'take_profit' })
 */
export interface TradeInput extends TradeEventOptions {
  /** `opened`, `reduced` or `closed` (docs/TRADING_METRICS.md). */
  event: string
  symbol: string
  /** `long`/`short`, or the opening order's `buy`/`sell` (any case). */
  side: string
  quantity: number
  /** Fill price, quote currency, > 0. */
  price: number
  /** Realized P&L the bot computed, net of fees, quote currency. */
  pnl?: number | null
  /** Free-form details; only the ledger's kept keys are stored (TradingOptions.metadataKeys). */
  metadata?: Readonly<Record<string, unknown>> | null
}

/** The ledger's event for the logger's arguments; `nowMs` when no timestamp is given. */
export function tradeEventOf (input: TradeInput, nowMs: number): TradeEvent {
  const event: TradeEvent = {
    event: input.event,
    symbol: input.symbol,
    side: input.side,
    quantity: input.quantity,
    price: input.price,
    pnl: input.pnl ?? null,
    fees: input.fees ?? null,
    trade_id: input.tradeId ?? null,
    timestamp: input.timestampMs ?? nowMs,
    metadata: input.metadata ?? null,
    decision_price: input.decisionPrice ?? null,
    order_type: input.orderType ?? null,
    liquidity: input.liquidity ?? null,
    requested_at: input.requestedAtMs ?? null,
    exchange: input.exchange ?? null,
    stop_price: input.stopPrice ?? null
  }
  // Context fields only when given: the journal stores absent ones as absent.
  if (input.strategy != null) event.strategy = input.strategy
  if (input.entryTag != null) event.entry_tag = input.entryTag
  if (input.exitReason != null) event.exit_reason = input.exitReason
  return event
}
