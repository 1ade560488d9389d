import type { TradeEventOptions } from '../index.ts'
import { ExitReason } from './paper-book.ts'
import type { Random } from './prng.ts'
import { priceStep, roundToStep } from './symbols.ts'

/** Worst slippage of a fill, fraction of price. */
const MAX_SLIPPAGE = 0.00015

/** The market price moved against an order of `direction` (1 buy, -1 sell) by a random slippage, on the price step. */
export function fillPrice (price: number, direction: 1 | -1, rng: Random): number {
  const slipped = price * (1 + direction * rng.uniform(0, MAX_SLIPPAGE))
  return roundToStep(slipped, priceStep(price))
}

/** The venue the demo's paper fills report. */
const DEMO_EXCHANGE = 'paper'

/** Profit targets rest in the book as limit orders; stops and time exits cross the spread. */
export function exitOrderType (reason: ExitReason): 'market' | 'limit' {
  return reason === ExitReason.takeProfit || reason === ExitReason.partialTakeProfit ? 'limit' : 'market'
}

/**
 * The execution fields of a demo order: decided at the market price, sent
 * `latencySeconds` before its fill, taker for market orders and maker for limits.
 */
export function fillDetails (decisionPrice: number, orderType: 'market' | 'limit', atMs: number, latencySeconds: number): TradeEventOptions {
  return {
    decisionPrice,
    orderType,
    liquidity: orderType === 'limit' ? 'maker' : 'taker',
    requestedAtMs: atMs - latencySeconds * 1000,
    exchange: DEMO_EXCHANGE
  }
}

/** The demo's two strategies: breakouts above a range and below it. */
export function strategyOf (direction: 1 | -1): string {
  return direction > 0 ? 'breakout_up' : 'breakout_down'
}

/** How far past the range edge the entry was confirmed: past 0.2 % a strong break, else an edge break. */
export function entryTagOf (price: number, level: number, direction: 1 | -1): string {
  return (price - level) * direction / level > 0.002 ? 'strong_break' : 'edge_break'
}
