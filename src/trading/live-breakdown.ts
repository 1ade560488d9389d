import { GroupTable } from './breakdown-groups.ts'
import type { BreakdownKey, Grouped, SettledGroups } from './breakdown-groups.ts'
import type { TradeLedger } from './trade-ledger.ts'
import type { ClosedTrade } from './trade-records.ts'
import { matchesFilter } from './trade-selection.ts'
import type { ResolvedFilter } from './trade-selection.ts'

/** The settled figures a breakdown of window `all` starts from. */
export function settledGroupsOf (ledger: TradeLedger, by: readonly BreakdownKey[], filter: ResolvedFilter): SettledGroups {
  return {
    cells: ledger.book.settledBreakdown.groups(by.join(','), filter),
    total: ledger.book.settledFigures(filter.symbol, filter.side)?.aggregate ?? null
  }
}

/**
 * A breakdown over window `all` (one grouping, one filter) kept up to date
 * with a ledger: each read adds only the records that closed since the
 * last one, so a read after a trade closes costs O(new records + groups),
 * not a pass over every record (docs/TRADING_METRICS.md, "Breakdowns").
 *
 * It needs no word from the ledger: records in memory are sorted by
 * closed_at and only ever appended, inserted (a late event) or removed
 * from the front (records leaving memory). While the count that left is
 * unchanged and the last record it took is still at its index, nothing
 * was inserted before it, and the records after it are the new ones in
 * closing order. Anything else (a late record, records leaving memory, a
 * clear) rebuilds the table in one pass, from the settled figures.
 */
export class LiveBreakdown {
  private readonly by: readonly BreakdownKey[]
  private readonly filter: ResolvedFilter
  private table: GroupTable | null = null
  /** Records in memory taken, from index 0. */
  private taken = 0
  private last: Readonly<ClosedTrade> | undefined
  private settled = 0
  private version = -1
  private grouped: Grouped | null = null

  constructor (by: readonly BreakdownKey[], filter: ResolvedFilter) {
    this.by = by
    this.filter = filter
  }

  /** The rows and total over every record of the ledger, brought up to date. */
  read (ledger: TradeLedger): Grouped {
    if (this.grouped !== null && ledger.version === this.version) return this.grouped
    const records = ledger.trades
    const n = this.taken
    let table = this.table
    const rebuild = table === null || ledger.settledCount !== this.settled || records.length < n || (n > 0 && records[n - 1] !== this.last)
    if (table === null || rebuild) {
      table = new GroupTable(this.by, true)
      if (ledger.settledCount > 0) table.seed(settledGroupsOf(ledger, this.by, this.filter))
      this.table = table
      this.settled = ledger.settledCount
      this.taken = 0
    }
    const f = this.filter
    const unfiltered = f.symbol === null && f.side === null
    for (let i = this.taken; i < records.length; i++) {
      const t = records[i]
      if (unfiltered || matchesFilter(t, f)) table.add(t)
    }
    this.version = ledger.version
    // An event that closed nothing (an opening, a price) leaves the rows as they are.
    if (rebuild || this.taken !== records.length || this.grouped === null) {
      this.taken = records.length
      this.last = records[records.length - 1]
      this.grouped = table.result()
    }
    return this.grouped
  }
}
