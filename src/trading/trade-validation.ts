import { InvalidTradeEventError } from '../core/errors.ts'
import type { TradeEvent } from './trade-event.ts'
import { checkFillFields } from './fill-fields.ts'
import { parseSide } from './trade-records.ts'
import { checkTradeContext } from './trade-context.ts'
import type { PositionSide } from './trade-records.ts'

/** The event names that build trades; any other name is ignored by the ledger. */
export const TRADE_BUILDING_EVENTS: readonly string[] = Object.freeze(['opened', 'reduced', 'closed'])

/** Field limits: lengths in UTF-16 code units; `maxMagnitude` bounds |quantity|, |price|, |pnl| and |fees|. */
export const TRADE_LIMITS = Object.freeze({
  symbolLength: 64,
  tradeIdLength: 128,
  // Far past any account, and small enough that sums and squares over a
  // lifetime of trades stay finite: at 1.7e308 a few trades overflowed the
  // totals and /trading could not be written as JSON.
  maxMagnitude: 1e15
})

// C0 controls and DEL: a symbol becomes a Prometheus label value.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/** A validated trade-building event, with its side normalized. */
export interface CheckedTradeEvent {
  kind: 'opened' | 'reduced' | 'closed'
  side: PositionSide
  event: TradeEvent
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= TRADE_LIMITS.maxMagnitude

/**
 * The trade validator: the one set of rules for a trade event, whichever way
 * it arrives (`MetricsLogger.logTradeEvent`, `logTrade`, `POST /events`, a
 * journal replay). The event name must be `opened`, `reduced` or `closed`
 * (any other name would build nothing, so a misspelt `close` is refused
 * rather than recorded as a metric of its own); then every field is checked
 * (docs/TRADING_METRICS.md, "Rejected events"). Returns the checked event,
 * with its side normalized to long or short, or the error naming the first
 * bad field. Never throws.
 *
 * @example
 * const r = validateTradeEvent({ event: 'opened', symbol: 'BTCUSDT', side: 'buy', quantity: 1, price: 0, ... })
 * // r instanceof InvalidTradeEventError, r.reason === 'price'
 */
export function validateTradeEvent (e: TradeEvent): CheckedTradeEvent | InvalidTradeEventError {
  if (typeof e !== 'object' || e === null) return new InvalidTradeEventError('not_an_object', 'must be an object')
  const kind = e.event
  if (typeof kind !== 'string') return new InvalidTradeEventError('event', '`event` must be a string')
  if (kind !== 'opened' && kind !== 'reduced' && kind !== 'closed') {
    return new InvalidTradeEventError('event', `\`event\` must be opened, reduced or closed, got ${JSON.stringify(kind.slice(0, 64))}`)
  }
  return checkFields(e, kind)
}

/**
 * The ledger's check: `validateTradeEvent`, except that an event of another
 * name is null (nothing to build) rather than an error, so that a journal
 * written when other names were recorded still replays.
 */
export function checkTradeEvent (e: TradeEvent): CheckedTradeEvent | InvalidTradeEventError | null {
  if (typeof e === 'object' && e !== null && typeof e.event === 'string' && !TRADE_BUILDING_EVENTS.includes(e.event)) return null
  return validateTradeEvent(e)
}

function checkFields (e: TradeEvent, kind: 'opened' | 'reduced' | 'closed'): CheckedTradeEvent | InvalidTradeEventError {
  const symbol: unknown = e.symbol
  if (typeof symbol !== 'string' || symbol.length === 0 || symbol.length > TRADE_LIMITS.symbolLength || CONTROL.test(symbol)) {
    return new InvalidTradeEventError('symbol', `\`symbol\` must be a string of 1 to ${TRADE_LIMITS.symbolLength} characters without control characters`)
  }
  const side = parseSide(e.side)
  if (side === null) {
    return new InvalidTradeEventError('side', `\`side\` must be long, short, buy or sell, got ${JSON.stringify(e.side)}`)
  }
  // `closed` closes whatever remains, so its quantity may be 0 (not known to the bot).
  const minQuantity = kind === 'closed' ? 0 : Number.MIN_VALUE
  if (!isFiniteNumber(e.quantity) || e.quantity < minQuantity) {
    return new InvalidTradeEventError('quantity', `\`quantity\` must be a finite number ${kind === 'closed' ? '>= 0' : '> 0'} up to 1e15, got ${String(e.quantity)}`)
  }
  if (!isFiniteNumber(e.price) || e.price <= 0) {
    return new InvalidTradeEventError('price', `\`price\` must be a finite number > 0 up to 1e15, got ${String(e.price)}`)
  }
  if (e.pnl != null && !isFiniteNumber(e.pnl)) return new InvalidTradeEventError('pnl', '`pnl` must be a finite number of magnitude up to 1e15, or null')
  if (e.fees != null && !isFiniteNumber(e.fees)) return new InvalidTradeEventError('fees', '`fees` must be a finite number of magnitude up to 1e15, or null')
  if (e.trade_id != null && (typeof e.trade_id !== 'string' || e.trade_id.length === 0 || e.trade_id.length > TRADE_LIMITS.tradeIdLength)) {
    return new InvalidTradeEventError('trade_id', `\`trade_id\` must be a string of 1 to ${TRADE_LIMITS.tradeIdLength} characters or null`)
  }
  if (!isFiniteNumber(e.timestamp) || e.timestamp < 0) {
    return new InvalidTradeEventError('timestamp', `\`timestamp\` must be epoch milliseconds (finite, >= 0), got ${String(e.timestamp)}`)
  }
  const m: unknown = e.metadata
  if (m != null && (typeof m !== 'object' || Array.isArray(m))) {
    return new InvalidTradeEventError('metadata', '`metadata` must be an object of key to value, or null')
  }
  const fill = checkFillFields(e)
  if (fill !== null) return fill
  const context = checkTradeContext(e, kind)
  if (context !== null) return context
  return { kind, side, event: e }
}
