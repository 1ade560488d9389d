import { closingPnl, grossPnl, sideSign, tradeFee } from './pnl.ts'
import type { ClosingPnl, Side } from './pnl.ts'

const DAY_MS = 86_400_000

/** Why a position is closed or reduced. */
export const ExitReason = {
  stopLoss: 'stop_loss',
  takeProfit: 'take_profit',
  timeExit: 'time_exit',
  partialTakeProfit: 'partial_take_profit'
} as const
export type ExitReason = typeof ExitReason[keyof typeof ExitReason]

/** A position as planned at entry. Prices in USDT, times epoch ms. */
export interface PositionPlan {
  readonly id: string
  readonly symbol: string
  readonly side: Side
  readonly quantity: number
  readonly entryPrice: number
  readonly stopPrice: number
  readonly takeProfitPrice: number
  /** Price at which half the position is taken off once, or null for none. */
  readonly partialPrice: number | null
  /** Time exit: the position is closed at the first check at or after this time. */
  readonly exitByMs: number
}

/** An open position. */
export interface Position extends PositionPlan {
  readonly openedAtMs: number
  /** Quantity still open. */
  remaining: number
  reduced: boolean
}

/** What to do with a position at `price` and `nowMs`: close it, reduce it, or nothing. */
export type ExitAction = { kind: 'close' | 'reduce', reason: ExitReason } | null

/** Exit rules: stop loss, then take profit, then time exit, then a single partial take profit. */
export function exitAction (position: Position, price: number, nowMs: number): ExitAction {
  const s = sideSign(position.side)
  if (s * (price - position.stopPrice) <= 0) return { kind: 'close', reason: ExitReason.stopLoss }
  if (s * (price - position.takeProfitPrice) >= 0) return { kind: 'close', reason: ExitReason.takeProfit }
  if (nowMs >= position.exitByMs) return { kind: 'close', reason: ExitReason.timeExit }
  if (!position.reduced && position.partialPrice !== null && s * (price - position.partialPrice) >= 0) {
    return { kind: 'reduce', reason: ExitReason.partialTakeProfit }
  }
  return null
}

/** Portfolio figures at current prices: USDT, and fractions of equity. */
export interface Valuation {
  equity: number
  /** Notional of every open position at current prices, USDT. */
  exposure: number
  /** Notional of the largest open position, USDT. */
  largestPosition: number
}

/**
 * Paper positions and the cash balance. Fees leave the balance when paid
 * (entry fee at open, exit fee at close); realized P&L is reported net of both.
 */
export class PaperBook {
  readonly startingBalance: number
  readonly feeRate: number
  /** Cash, USDT: starting balance plus realized price moves less every fee paid. */
  balance: number
  /** Net realized P&L since creation, USDT. */
  realizedPnl = 0
  private readonly positions = new Map<string, Position>()
  private day = Number.NaN
  private dayPnl = 0

  constructor (startingBalance: number, feeRate: number) {
    this.startingBalance = startingBalance
    this.balance = startingBalance
    this.feeRate = feeRate
  }

  /** Open positions, in the order they were opened. */
  get open (): readonly Position[] {
    return [...this.positions.values()]
  }

  get openCount (): number {
    return this.positions.size
  }

  hasSymbol (symbol: string): boolean {
    for (const p of this.positions.values()) if (p.symbol === symbol) return true
    return false
  }

  /** Opens a position; returns the entry fee paid, USDT. */
  openPosition (plan: PositionPlan, atMs: number): number {
    const fee = tradeFee(plan.quantity, plan.entryPrice, this.feeRate)
    this.balance -= fee
    this.positions.set(plan.id, { ...plan, openedAtMs: atMs, remaining: plan.quantity, reduced: false })
    return fee
  }

  /** Closes `quantity` of position `id` at `price` (all that remains when it is not less). */
  closePart (id: string, quantity: number, price: number, atMs: number): ClosingPnl & { quantity: number, closed: boolean } {
    const p = this.positions.get(id)
    if (p === undefined) throw new RangeError(`no open position ${id}`)
    const q = Math.min(quantity, p.remaining)
    const result = closingPnl(p.side, p.entryPrice, price, q, this.feeRate)
    this.balance += grossPnl(p.side, p.entryPrice, price, q) - result.fees
    this.realizedPnl += result.pnl
    this.rollDay(atMs)
    this.dayPnl += result.pnl
    const closed = q >= p.remaining
    if (closed) {
      this.positions.delete(id)
    } else {
      p.remaining -= q
      p.reduced = true
    }
    return { ...result, quantity: q, closed }
  }

  /** Net P&L realized since 00:00 UTC of the day of `nowMs`, USDT. */
  dailyPnl (nowMs: number): number {
    this.rollDay(nowMs)
    return this.dayPnl
  }

  /** Equity and exposure with `priceOf(symbol)` as the mark price. */
  value (priceOf: (symbol: string) => number): Valuation {
    let equity = this.balance
    let exposure = 0
    let largestPosition = 0
    for (const p of this.positions.values()) {
      const mark = priceOf(p.symbol)
      equity += grossPnl(p.side, p.entryPrice, mark, p.remaining)
      const notional = p.remaining * mark
      exposure += notional
      if (notional > largestPosition) largestPosition = notional
    }
    return { equity, exposure, largestPosition }
  }

  private rollDay (nowMs: number): void {
    const day = Math.floor(nowMs / DAY_MS)
    if (day > this.day || Number.isNaN(this.day)) {
      this.day = day
      this.dayPnl = 0
    }
  }
}
