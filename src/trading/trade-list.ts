import { InvalidArgumentError } from '../core/errors.ts'
import type { TradeLedger } from './trade-ledger.ts'
import type { ClosedTrade } from './trade-records.ts'
import { resolveFilter, selectTrades } from './trade-selection.ts'
import type { TradeFilter } from './trade-selection.ts'
import { resolveWindow } from './trade-window.ts'
import type { WindowQuery } from './trade-window.ts'

/** A page request over closed trade records. */
export interface TradeListQuery extends WindowQuery, TradeFilter {
  /** Records per page, 1..1000; default 100. */
  limit?: number
  /** Records to skip from the newest; default 0. */
  offset?: number
}

export interface TradePage {
  /**
   * Records matching the query, all pages: those in memory and, with
   * persistence, those that left it (without, those are not listed).
   */
  total: number
  limit: number
  offset: number
  /** Newest first. The ledger's frozen records. */
  trades: ClosedTrade[]
}

export const MAX_TRADE_PAGE = 1000

/**
 * One page of closed trade records, newest first: from memory, then from
 * the ledger's settled store (records that left memory close before every
 * record in it, so the order runs on). Throws InvalidArgumentError on bad
 * paging or filters.
 */
export function listTrades (ledger: TradeLedger, query: TradeListQuery, nowMs: number): TradePage {
  const limit = query.limit ?? 100
  const offset = query.offset ?? 0
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRADE_PAGE) {
    throw new InvalidArgumentError('limit', `must be an integer from 1 to ${MAX_TRADE_PAGE}, got ${String(limit)}`)
  }
  if (!Number.isInteger(offset) || offset < 0) throw new InvalidArgumentError('offset', `must be an integer >= 0, got ${String(offset)}`)
  const window = resolveWindow(query, nowMs)
  const filter = resolveFilter(query)
  const selected = selectTrades(ledger.trades, window.sinceMs, window.untilMs, filter)
  const inMemory = selected.length
  const trades: ClosedTrade[] = []
  for (let i = inMemory - 1 - offset; i >= 0 && trades.length < limit; i--) trades.push(selected[i])
  const store = ledger.settledCount > 0 ? ledger.settledStore : null
  if (store === null) return { total: inMemory, limit, offset, trades }
  const settled = store.count(window.sinceMs, window.untilMs, filter)
  if (trades.length < limit && offset + trades.length < inMemory + settled) {
    const older = store.page(window.sinceMs, window.untilMs, filter, Math.max(0, offset - inMemory), limit - trades.length)
    for (let i = 0; i < older.length; i++) trades.push(older[i])
  }
  return { total: inMemory + settled, limit, offset, trades }
}
