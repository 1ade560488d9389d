/**
 * Profit and loss of paper trades, in the quote currency (USDT). A fee is a
 * rate on traded notional, paid on entry and on exit (0.04 % is a typical
 * futures taker fee).
 */

/** Side of a position. */
export const Side = { long: 'long', short: 'short' } as const
export type Side = typeof Side[keyof typeof Side]

/** Typical taker fee, fraction of notional. */
export const DEFAULT_FEE_RATE = 0.0004

/** +1 for a long (gains when the price rises), -1 for a short. */
export function sideSign (side: Side): 1 | -1 {
  return side === Side.long ? 1 : -1
}

/** Fee for trading `quantity` at `price`, USDT. */
export function tradeFee (quantity: number, price: number, feeRate: number): number {
  return quantity * price * feeRate
}

/** P&L before fees of `quantity` held from `entryPrice` to `exitPrice`, USDT. */
export function grossPnl (side: Side, entryPrice: number, exitPrice: number, quantity: number): number {
  return sideSign(side) * (exitPrice - entryPrice) * quantity
}

/** What closing part or all of a position realizes. */
export interface ClosingPnl {
  /** P&L net of the entry fee of the closed quantity and of the exit fee, USDT. */
  pnl: number
  /** The exit fee paid on this close, USDT. */
  fees: number
}

/**
 * Realized P&L of closing `quantity` of a position: the price move, less the
 * share of the entry fee that quantity paid and the exit fee. Reported with
 * a `reduced` or `closed` event, the event's `pnl` is therefore net, and its
 * `fees` is what was paid on that event alone.
 *
 * @example
 * closingPnl('long', 60000, 61000, 0.5, 0.0004)  // { pnl: 475.8, fees: 12.2 }
 */
export function closingPnl (side: Side, entryPrice: number, exitPrice: number, quantity: number, feeRate: number): ClosingPnl {
  const fees = tradeFee(quantity, exitPrice, feeRate)
  const pnl = grossPnl(side, entryPrice, exitPrice, quantity) - tradeFee(quantity, entryPrice, feeRate) - fees
  return { pnl, fees }
}

/**
 * Price at which a position of `side` entered at `entryPrice` would be
 * `fraction` of the entry price in profit (negative: in loss), before fees.
 */
export function priceAtMove (side: Side, entryPrice: number, fraction: number): number {
  return entryPrice * (1 + sideSign(side) * fraction)
}
