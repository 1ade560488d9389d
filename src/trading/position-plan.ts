import { TradeRejectedError } from '../core/errors.ts'
import type { OpenPosition } from './trade-records.ts'
import type { CheckedTradeEvent } from './trade-validation.ts'

// Relative tolerance when comparing a reduce's quantity with what is open:
// 0.1 + 0.2 must be able to close 0.3.
const QUANTITY_TOLERANCE = 1e-9

/** What an accepted event will do to the open positions. */
export type PositionPlan =
  | { kind: 'open', position: OpenPosition | undefined, key: string }
  | { kind: 'exit', position: OpenPosition, key: string, quantity: number, final: boolean }
  | { kind: 'orphan', pnl: number }

/**
 * Decides what a checked event does, without changing anything: opens or
 * adds to a position, exits (part of) one, records an orphan exit, or is
 * rejected. `maxOpen` is the open-position cap; null skips it (a replay).
 */
export function planEvent (open: ReadonlyMap<string, OpenPosition>, c: CheckedTradeEvent, maxOpen: number | null): PositionPlan | TradeRejectedError {
  const e = c.event
  const key = e.trade_id != null ? 'id\u0000' + e.trade_id : 'pos\u0000' + e.symbol + '\u0000' + c.side
  const position = open.get(key)
  if (position !== undefined) {
    if (position.symbol !== e.symbol) {
      return new TradeRejectedError('symbol_mismatch', `trade_id ${JSON.stringify(e.trade_id)} is a ${position.symbol} position, the event says ${e.symbol}`)
    }
    if (position.side !== c.side) {
      return new TradeRejectedError('side_mismatch', `trade_id ${JSON.stringify(e.trade_id)} is a ${position.side} position; ` +
        'an event gives the position\'s side (the opening order\'s side), not the closing order\'s')
    }
  }
  if (c.kind === 'opened') {
    if (position === undefined && maxOpen !== null && open.size >= maxOpen) {
      return new TradeRejectedError('too_many_open_positions', `${maxOpen} positions are open (maxOpenPositions)`)
    }
    return { kind: 'open', position, key }
  }
  if (position === undefined) {
    // The exit of a position opened before the ledger saw it: its reported P&L is all there is to record.
    if (e.pnl != null) return { kind: 'orphan', pnl: e.pnl }
    const what = e.trade_id != null ? `trade_id ${JSON.stringify(e.trade_id)}` : `${e.symbol} ${c.side} (without trade_id)`
    return new TradeRejectedError('no_open_position', `no open position for ${what}, and no pnl: ` +
      'the exit of a position the ledger never saw open is recorded only with its realized pnl')
  }
  if (e.timestamp < position.opened_at) {
    return new TradeRejectedError('exit_before_entry', `exit at ${e.timestamp} is before the position opened at ${position.opened_at}`)
  }
  if (c.kind === 'closed') return { kind: 'exit', position, key, quantity: position.quantity, final: true }
  const excess = e.quantity - position.quantity
  if (excess > QUANTITY_TOLERANCE * position.quantity) {
    return new TradeRejectedError('quantity_exceeds_position', `reduce of ${e.quantity} exceeds the open quantity ${position.quantity}`)
  }
  const final = excess >= -QUANTITY_TOLERANCE * position.quantity
  return { kind: 'exit', position, key, quantity: final ? position.quantity : e.quantity, final }
}
