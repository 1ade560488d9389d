import { PositionSide } from './trade-records.ts'

/** How an order met the book, as the exchange reports it. */
export const Liquidity = {
  maker: 'maker',
  taker: 'taker'
} as const
export type Liquidity = typeof Liquidity[keyof typeof Liquidity]

/** The order type of a fill; anything else is kept as `other`. */
export const OrderType = {
  market: 'market',
  limit: 'limit',
  other: 'other'
} as const
export type OrderType = typeof OrderType[keyof typeof OrderType]

/** What a trade event says about how it was filled. Every field is optional on the wire. */
export interface FillContext {
  /** The price when the signal decided, quote currency; null when not reported. */
  decision_price: number | null
  order_type: OrderType | null
  liquidity: Liquidity | null
  /** Epoch ms the order was sent; null when not reported. */
  requested_at: number | null
  exchange: string | null
}

/** One fill's execution figures (see docs/TRADING_METRICS.md, "Execution quality"). */
export interface FillQuality {
  /** +1 for a buy order, −1 for a sell order. */
  direction: 1 | -1
  /** Slippage in basis points, adverse positive; null without a decision price. */
  slippage_bps: number | null
  /** What the slippage cost in quote currency (adverse positive); null without a decision price. */
  slippage_cost: number | null
  /** Seconds from the order's request to its fill; null without `requested_at`. */
  fill_latency_seconds: number | null
}

/**
 * The direction of the order behind a trade event: opening a long and
 * closing a short are buys; opening a short and closing a long are sells.
 */
export function orderDirection (side: PositionSide, opening: boolean): 1 | -1 {
  return (side === PositionSide.long) === opening ? 1 : -1
}

/**
 * Slippage and latency of one fill. Slippage is
 * `direction·(fill − decision)/decision·10⁴` bps, so paying more on a buy or
 * receiving less on a sell is positive (adverse); its cost is
 * `direction·(fill − decision)·quantity`. A latency below zero (clocks of two
 * hosts) is kept as reported: it says the clocks disagree.
 *
 * @example
 * fillQuality(PositionSide.long, true, 0.5, 100.1, 1_000, { decision_price: 100, requested_at: 800, ... })
 * // { direction: 1, slippage_bps: 10, slippage_cost: 0.05, fill_latency_seconds: 0.2 }
 */
export function fillQuality (
  side: PositionSide,
  opening: boolean,
  quantity: number,
  fillPrice: number,
  filledAtMs: number,
  context: FillContext
): FillQuality {
  const direction = orderDirection(side, opening)
  const decision = context.decision_price
  const hasDecision = decision !== null && decision > 0
  return {
    direction,
    slippage_bps: hasDecision ? direction * (fillPrice - decision) / decision * 1e4 : null,
    slippage_cost: hasDecision ? direction * (fillPrice - decision) * quantity : null,
    fill_latency_seconds: context.requested_at === null ? null : (filledAtMs - context.requested_at) / 1000
  }
}
