import { ArrivalTotals } from './arrival-totals.ts'
import { HourBook } from './hour-book.ts'
import { RunningStatistics } from './running-statistics.ts'
import { SettledBreakdown } from './settled-breakdown.ts'
import type { RunningGroup } from './running-statistics.ts'
import type { ClosedTrade, PositionSide } from './trade-records.ts'
import type { ResolvedFilter } from './trade-selection.ts'

/**
 * Closed records that left memory (older than the newest `tradesInMemory`),
 * oldest first, and where a query finds them again: persistence stores them
 * and pages them back. Without one, they are dropped from the list; every
 * aggregate keeps them either way.
 */
export interface SettledStore {
  /** Keeps records that left memory. Must not throw: a failure is the store's to report. */
  settle: (records: ReadonlyArray<Readonly<ClosedTrade>>) => void
  /** Records kept that close in [sinceMs, untilMs] and match the filter. */
  count: (sinceMs: number, untilMs: number, filter: ResolvedFilter) => number
  /** Those records newest first (closed_at, then id, descending), skipping `offset`, at most `limit`. */
  page: (sinceMs: number, untilMs: number, filter: ResolvedFilter, offset: number, limit: number) => ClosedTrade[]
}

/**
 * The ledger's closed records: the newest `tradesInMemory` in memory in
 * `closed_at` order, the running figures of all of them, and the figures
 * of those that left memory (docs/TRADING_METRICS.md, "Records in memory").
 */
export class ClosedRecordBook {
  /** Closed trade records in memory sorted by `closed_at`, ties in arrival order. */
  readonly records: Array<Readonly<ClosedTrade>> = []
  /** Where records that leave memory go; null: they are dropped from the list. */
  store: SettledStore | null = null
  /** Breakdown figures of the records that left memory. */
  readonly settledBreakdown: SettledBreakdown
  /** Per-hour figures of the records that left memory: windows that reach back past memory merge them. */
  readonly hours = new HourBook()
  /** P&L and outcome counts per symbol, side and strategy, every record, in arrival order. */
  readonly arrivals = new ArrivalTotals()
  private readonly running: RunningStatistics
  /** The running figures of the records that left memory, in the order they left. */
  private readonly settled: RunningStatistics
  private settledRecords = 0
  private readonly cap: number
  /** Records in memory past `cap` before the oldest leave, in one step. */
  private readonly slack: number

  /** `cap`: records kept in memory, 0 for all. */
  constructor (startingBalance: number | null, cap: number) {
    this.settled = new RunningStatistics(startingBalance)
    this.settledBreakdown = new SettledBreakdown(this.settled)
    // No sketch while every record is in memory: window `all` reads an exact running median.
    this.running = new RunningStatistics(startingBalance, this.settled, false)
    this.cap = cap
    // Leaving in steps of an eighth: a splice per record would move the whole array each time.
    this.slack = Math.max(1, cap >> 3)
  }

  /** Records that left memory. */
  get settledCount (): number {
    return this.settledRecords
  }

  /**
   * The running figures of every record of a symbol and side (null: any),
   * as `{ group }` (group null when no record matches); null when a record
   * closed after `untilMs`, so that the figures would include it.
   */
  runningFigures (symbol: string | null, side: PositionSide | null, untilMs: number): { group: RunningGroup | null } | null {
    const r = this.records
    if (r.length > 0 && r[r.length - 1].closed_at > untilMs) return null
    return { group: this.running.group(r, symbol, side) }
  }

  /** Running figures of the records of a symbol and side (null: any) that left memory; null when none has. */
  settledFigures (symbol: string | null = null, side: PositionSide | null = null): RunningGroup | null {
    return this.settledRecords === 0 ? null : this.settled.peek(symbol, side)
  }

  clear (): void {
    this.records.length = 0
    this.running.clear()
    this.settled.clear()
    this.settledBreakdown.clear()
    this.hours.clear()
    this.arrivals.clear()
    this.settledRecords = 0
  }

  /**
   * Keeps records in `closed_at` order; a late event is inserted after its
   * equals. A record older than every record in memory, once some have
   * left, leaves at once. Past `tradesInMemory` (and the slack), the oldest
   * leave memory for the settled store, their figures kept.
   */
  insert (trade: Readonly<ClosedTrade>): void {
    this.arrivals.add(trade)
    const r = this.records
    let lo = 0
    let hi = r.length
    if (hi === 0 || r[hi - 1].closed_at <= trade.closed_at) {
      r.push(trade)
      this.running.add(trade, true)
    } else if (this.settledRecords > 0 && trade.closed_at < r[0].closed_at) {
      // Joins the settled figures in arrival order (docs/TRADING_METRICS.md, "Records in memory").
      this.settled.add(trade, true)
      this.settledBreakdown.add(trade)
      this.hours.add(trade)
      this.settledRecords++
      this.running.invalidate()
      this.store?.settle([trade])
      return
    } else {
      this.running.add(trade, false)
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (r[mid].closed_at <= trade.closed_at) lo = mid + 1
        else hi = mid
      }
      r.splice(lo, 0, trade)
    }
    const cap = this.cap
    if (cap > 0 && r.length >= cap + this.slack) this.settle(r.length - cap)
  }

  /** The oldest `n` records leave memory: into the settled figures and store. */
  private settle (n: number): void {
    // Exact medians would keep 8 bytes a record of every record: past memory they come from sketches.
    if (this.settledRecords === 0) this.running.sketchMedians()
    const gone = this.records.splice(0, n)
    for (let i = 0; i < n; i++) {
      this.settled.add(gone[i], true)
      this.settledBreakdown.add(gone[i])
      this.hours.add(gone[i])
    }
    this.settledRecords += n
    this.store?.settle(gone)
  }
}
