import { lowerBound } from '../core/sorted-search.ts'
import { filterKey } from './filter-targets.ts'
import { HOUR_MS } from './hour-book.ts'
import { HourCell } from './hour-cell.ts'
import type { TradeLedger } from './trade-ledger.ts'
import type { ClosedTrade } from './trade-records.ts'
import { matchesFilter } from './trade-selection.ts'
import type { ResolvedFilter } from './trade-selection.ts'

/**
 * Per UTC hour, a cell (hour-cell.ts) of the records of one filter that are
 * in memory: a window that reaches back past memory merges the whole hours
 * it covers instead of adding each record (docs/TRADING_METRICS.md,
 * "Windows past memory"). Kept across reads: records that arrive in closing
 * order are added to the last hours; a record out of order, records
 * leaving memory or a clear build the cells anew (one pass over memory).
 */
export class MemoryHours {
  /** Hour numbers (epoch ms / HOUR_MS) that hold a cell, ascending, and their cells. */
  readonly hours: number[] = []
  readonly cells: HourCell[] = []
  private readonly filter: ResolvedFilter
  private newest: Readonly<ClosedTrade> | null = null
  private count = 0
  private settled = 0
  private version = -1

  constructor (filter: ResolvedFilter) {
    this.filter = filter
  }

  /** Brings the cells up to the ledger's records in memory. */
  sync (ledger: TradeLedger): void {
    const version = ledger.version
    if (version === this.version) return
    const records = ledger.trades
    const added = ledger.recordCount - this.count
    const at = records.length - 1 - added
    // Records in closing order go after the newest of the last sync: it
    // must sit just before the ones added since, and none may have left.
    const appended = ledger.settledCount === this.settled && added >= 0 && (this.newest === null ? this.count === 0 : at >= 0 && records[at] === this.newest)
    if (!appended) {
      this.hours.length = 0
      this.cells.length = 0
    }
    for (let i = appended ? at + 1 : 0; i < records.length; i++) this.add(records[i])
    this.newest = records.length === 0 ? null : records[records.length - 1]
    this.count = ledger.recordCount
    this.settled = ledger.settledCount
    this.version = version
  }

  /** Index in `hours` of the first hour >= `hour`. */
  lowerBound (hour: number): number {
    return lowerBound(this.hours, hour)
  }

  private add (t: Readonly<ClosedTrade>): void {
    if (!matchesFilter(t, this.filter)) return
    const hour = Math.floor(t.closed_at / HOUR_MS)
    const n = this.hours.length
    if (n === 0 || this.hours[n - 1] !== hour) {
      this.hours.push(hour)
      this.cells.push(new HourCell())
    }
    this.cells[this.cells.length - 1].add(t)
  }
}

/** Filters whose cells a ledger keeps, least recently read dropped first. */
const FILTERS_PER_LEDGER = 16
const kept = new WeakMap<TradeLedger, Map<string, MemoryHours>>()

/** The ledger's memory cells of a filter, brought up to date. */
export function memoryHours (ledger: TradeLedger, filter: ResolvedFilter): MemoryHours {
  let byFilter = kept.get(ledger)
  if (byFilter === undefined) {
    byFilter = new Map()
    kept.set(ledger, byFilter)
  }
  const key = filterKey(filter.symbol, filter.side)
  let hours = byFilter.get(key)
  if (hours === undefined) hours = new MemoryHours(filter)
  else byFilter.delete(key)
  byFilter.set(key, hours)
  if (byFilter.size > FILTERS_PER_LEDGER) byFilter.delete(byFilter.keys().next().value!)
  hours.sync(ledger)
  return hours
}
