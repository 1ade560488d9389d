import { InvalidTradeEventError } from '../core/errors.ts'
import type { TradeEvent } from './trade-event.ts'
import { Liquidity, OrderType } from './fill-quality.ts'
import type { FillContext } from './fill-quality.ts'

/** Longest `exchange` name, UTF-16 code units: it becomes a Prometheus label value. */
export const MAX_EXCHANGE_LENGTH = 64

// Same bound as the other money fields (TRADE_LIMITS.maxMagnitude).
const MAX_PRICE = 1e15

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

const positivePrice = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_PRICE

/**
 * Checks the optional execution fields of a trade-building event
 * (`decision_price`, `order_type`, `liquidity`, `requested_at`, `exchange`,
 * `stop_price`); absent or null fields pass. Returns the error naming the
 * first bad field, or null. Never throws.
 */
export function checkFillFields (e: TradeEvent): InvalidTradeEventError | null {
  if (e.decision_price != null && !positivePrice(e.decision_price)) {
    return new InvalidTradeEventError('decision_price', `\`decision_price\` must be a finite number > 0 up to 1e15, or null, got ${String(e.decision_price)}`)
  }
  if (e.stop_price != null && !positivePrice(e.stop_price)) {
    return new InvalidTradeEventError('stop_price', `\`stop_price\` must be a finite number > 0 up to 1e15, or null, got ${String(e.stop_price)}`)
  }
  if (e.order_type != null && e.order_type !== OrderType.market && e.order_type !== OrderType.limit) {
    return new InvalidTradeEventError('order_type', `\`order_type\` must be market or limit, or null, got ${JSON.stringify(e.order_type)}`)
  }
  if (e.liquidity != null && e.liquidity !== Liquidity.maker && e.liquidity !== Liquidity.taker) {
    return new InvalidTradeEventError('liquidity', `\`liquidity\` must be maker or taker, or null, got ${JSON.stringify(e.liquidity)}`)
  }
  if (e.requested_at != null && (typeof e.requested_at !== 'number' || !Number.isFinite(e.requested_at) || e.requested_at < 0)) {
    return new InvalidTradeEventError('requested_at', `\`requested_at\` must be epoch milliseconds (finite, >= 0), or null, got ${String(e.requested_at)}`)
  }
  const x = e.exchange
  if (x != null && (typeof x !== 'string' || x.length === 0 || x.length > MAX_EXCHANGE_LENGTH || CONTROL.test(x))) {
    return new InvalidTradeEventError('exchange', `\`exchange\` must be a string of 1 to ${MAX_EXCHANGE_LENGTH} characters without control characters, or null`)
  }
  return null
}

/** The fill context of a checked event; absent fields are null. */
export function fillContextOf (e: TradeEvent): FillContext {
  return {
    decision_price: e.decision_price ?? null,
    order_type: (e.order_type as OrderType | null | undefined) ?? null,
    liquidity: (e.liquidity as Liquidity | null | undefined) ?? null,
    requested_at: e.requested_at ?? null,
    exchange: e.exchange ?? null
  }
}

/** True when the event carries any execution field: only those are journaled as such. */
export function hasFillFields (e: TradeEvent): boolean {
  return e.decision_price != null || e.order_type != null || e.liquidity != null ||
    e.requested_at != null || e.exchange != null || e.stop_price != null
}
