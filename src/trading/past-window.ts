import { DAY_MS } from './calendar.ts'
import { filterKey } from './filter-targets.ts'
import { HOUR_MS } from './hour-book.ts'
import type { HourCell } from './hour-cell.ts'
import { memoryHours } from './memory-hours.ts'
import type { TradeLedger } from './trade-ledger.ts'
import type { ClosedTrade } from './trade-records.ts'
import { dailyReturns } from './return-ratios.ts'
import type { DailyReturns } from './return-ratios.ts'
import { dailyReturnsFromDays } from './running-statistics.ts'
import { lowerBoundClosedAt, matchesFilter, pnlBefore, selectTrades, upperBoundClosedAt } from './trade-selection.ts'
import type { ResolvedFilter } from './trade-selection.ts'

const ANY: ResolvedFilter = { symbol: null, side: null }
const NO_DAYS: ReadonlyMap<number, number> = new Map()
/**
 * Records in memory a walk takes one by one; from this many on it merges
 * the cells of the hours it covers. A cell of one record costs about what
 * adding the record does; the cells are kept across reads.
 */
const MEMORY_CELLS_FROM = 32
// SQLite takes a LIMIT as a 64-bit integer: every record of a cut hour.
const NO_LIMIT = 2 ** 53 - 1

/**
 * True when records that left memory may close at or after `sinceMs`: the
 * window reaches back past memory and is answered from the hour cells
 * (docs/TRADING_METRICS.md, "Windows past memory").
 */
export function reachesPastMemory (ledger: TradeLedger, sinceMs: number): boolean {
  if (ledger.settledCount === 0) return false
  const r = ledger.trades
  return r.length === 0 || sinceMs <= r[0].closed_at
}

/** What a walk over a window visits, in closing order. */
export interface WindowVisitor {
  cell: (cell: HourCell, hourStartMs: number) => void
  record: (t: Readonly<ClosedTrade>) => void
}

/**
 * Walks the records of a filter closed in [sinceMs, untilMs] in closing
 * order: those that left memory as whole-hour cells (an hour the window
 * cuts as its records, read back from the settled store; without a store
 * that hour is left out), then the records in memory, the hours the window
 * covers whole as their cells (memory-hours.ts), the others record by record.
 */
export function walkWindow (ledger: TradeLedger, sinceMs: number, untilMs: number, filter: ResolvedFilter, visit: WindowVisitor): void {
  walkSettled(ledger, sinceMs, untilMs, filter, visit)
  const r = ledger.trades
  const to = upperBoundClosedAt(r, untilMs)
  let i = lowerBoundClosedAt(r, sinceMs)
  if (to - i >= MEMORY_CELLS_FROM) {
    // Hours whose every moment is in the window: [first, last].
    const first = Math.ceil(sinceMs / HOUR_MS)
    const last = Math.floor((untilMs + 1) / HOUR_MS) - 1
    const cut = Math.min(to, lowerBoundClosedAt(r, first * HOUR_MS))
    for (; i < cut; i++) if (matchesFilter(r[i], filter)) visit.record(r[i])
    const hours = memoryHours(ledger, filter)
    for (let k = hours.lowerBound(first); k < hours.hours.length && hours.hours[k] <= last; k++) visit.cell(hours.cells[k], hours.hours[k] * HOUR_MS)
    i = Math.max(i, lowerBoundClosedAt(r, (last + 1) * HOUR_MS))
  }
  for (; i < to; i++) if (matchesFilter(r[i], filter)) visit.record(r[i])
}

/** The part of walkWindow over the records that left memory. */
function walkSettled (ledger: TradeLedger, sinceMs: number, untilMs: number, filter: ResolvedFilter, visit: WindowVisitor): void {
  if (ledger.settledCount === 0) return
  const hours = ledger.book.hours
  const order = hours.hourNumbers
  const key = filterKey(filter.symbol, filter.side)
  const first = Number.isFinite(sinceMs) ? Math.floor(sinceMs / HOUR_MS) : -Infinity
  const last = Math.floor(untilMs / HOUR_MS)
  for (let i = Number.isFinite(first) ? hours.lowerBound(first) : 0; i < order.length && order[i] <= last; i++) {
    const hour = order[i]
    const start = hour * HOUR_MS
    const end = start + HOUR_MS - 1
    if (start >= sinceMs && end <= untilMs) {
      const c = hours.cell(hour, key)
      if (c !== undefined) visit.cell(c, start)
    } else {
      for (const t of cutHour(ledger, Math.max(sinceMs, start), Math.min(untilMs, end), filter)) visit.record(t)
    }
  }
}

/**
 * Records that left memory closed in [fromMs, toMs] (within one hour), in
 * closing order, from the settled store; none without one. A store written
 * under a larger `tradesInMemory` may hold records now in memory: those are
 * left to the walk over memory.
 */
export function cutHour (ledger: TradeLedger, fromMs: number, toMs: number, filter: ResolvedFilter): Array<Readonly<ClosedTrade>> {
  const store = ledger.settledStore
  if (store === null) return []
  const rows = store.page(fromMs, toMs, filter, 0, NO_LIMIT).reverse()
  const r = ledger.trades
  if (r.length === 0) return rows
  const boundary = r[0].closed_at
  const inMemory = new Set<number>()
  for (let i = 0; i < r.length && r[i].closed_at === boundary; i++) inMemory.add(r[i].id)
  return rows.filter((t) => t.closed_at < boundary || (t.closed_at === boundary && !inMemory.has(t.id)))
}

/**
 * Realized P&L of every record (any symbol and side) closed before `ms`:
 * whole hours from the cells, the cut hour from the store, then memory.
 */
export function accountPnlBefore (ledger: TradeLedger, ms: number): number {
  let sum = 0
  const hours = ledger.book.hours
  const order = hours.hourNumbers
  const all = filterKey(null, null)
  const cut = Math.floor(ms / HOUR_MS)
  for (let i = 0; i < order.length && order[i] < cut; i++) sum += hours.cell(order[i], all)?.total ?? 0
  if (ledger.settledCount > 0 && cut * HOUR_MS < ms) {
    for (const t of cutHour(ledger, cut * HOUR_MS, ms, ANY)) if (t.closed_at < ms) sum += t.pnl
  }
  return sum + pnlBefore(ledger.trades, ms)
}

/**
 * Realized P&L of the whole account per UTC day number, every record (in
 * memory or not): the running figures of window `all` keep it as records
 * arrive, so a window need not add up every hour and record for it. Do not
 * change the map.
 */
export function accountDayPnl (ledger: TradeLedger): ReadonlyMap<number, number> {
  // Infinity: the figures of every record, even one closed after a window's end.
  return ledger.runningFigures(null, null, Infinity)?.group?.dayPnl ?? NO_DAYS
}

/**
 * Daily returns of a filter's records over [fromMs, toMs] (return-ratios.ts,
 * dailyReturns), counting the records that left memory: from the hour
 * cells when the span reaches back past memory.
 */
export function windowDailyReturns (ledger: TradeLedger, fromMs: number, toMs: number, filter: ResolvedFilter): DailyReturns {
  const balance = ledger.options.startingBalance
  const account = ledger.trades
  if (!reachesPastMemory(ledger, Math.floor(fromMs / DAY_MS) * DAY_MS)) {
    // Every record that left memory closed before the span: its P&L is part of the equity before.
    const settled = ledger.settledFigures()?.aggregate.total ?? 0
    return dailyReturns(account, selectTrades(account, fromMs, toMs, filter), fromMs, toMs, balance === null ? null : balance + settled)
  }
  const selected = new Map<number, number>()
  const add = (ms: number, pnl: number): void => {
    const day = Math.floor(ms / DAY_MS)
    selected.set(day, (selected.get(day) ?? 0) + pnl)
  }
  walkWindow(ledger, fromMs, toMs, filter, { cell: (c, at) => add(at, c.total), record: (t) => add(t.closed_at, t.pnl) })
  return dailyReturnsFromDays(accountDayPnl(ledger), selected, fromMs, toMs, balance)
}
