import { lowerBound, upperBound } from '../core/sorted-search.ts'
import { FilterTargets } from './filter-targets.ts'
import { HOUR_MS } from './hour-book.ts'
import { HourCoverage } from './hour-coverage.ts'
import { SpanUnion } from './span-union.ts'
import type { ClosedTrade } from './trade-records.ts'
import type { ResolvedFilter } from './trade-selection.ts'

/** The holding spans of one filter: exact from the fold boundary on, per hour before it. */
class FilterSpans {
  readonly union = new SpanUnion()
  /** Open and close times of the spans, ascending, those at or after the boundary. */
  readonly opens: number[] = []
  readonly closes: number[] = []
  readonly hours = new HourCoverage()

  add (from: number, to: number, boundary: number): void {
    if (from >= boundary) {
      this.union.add(from, to)
      insertSorted(this.opens, from)
    } else {
      // A span reaching into folded hours: their lengths are estimated (HourCoverage.cover).
      const end = Math.min(to, boundary)
      for (let h = Math.floor(from / HOUR_MS); h * HOUR_MS < end; h++) {
        this.hours.cover(h, Math.min(end, (h + 1) * HOUR_MS) - Math.max(from, h * HOUR_MS))
      }
      this.hours.add(Math.floor(from / HOUR_MS), 0, 1, 0)
      if (to > boundary) this.union.add(boundary, to)
    }
    if (to >= boundary) insertSorted(this.closes, to)
    else this.hours.add(Math.floor(to / HOUR_MS), 0, 0, 1)
  }

  /** Folds what lies before `boundary` (an hour start) into the hour totals. */
  fold (boundary: number): void {
    const byHour = new Map<number, [number, number, number]>()
    const at = (hour: number): [number, number, number] => {
      let v = byHour.get(hour)
      if (v === undefined) {
        v = [0, 0, 0]
        byHour.set(hour, v)
      }
      return v
    }
    this.union.takeBefore(boundary, (from, to) => {
      for (let h = Math.floor(from / HOUR_MS); h * HOUR_MS < to; h++) {
        at(h)[0] += Math.min(to, (h + 1) * HOUR_MS) - Math.max(from, h * HOUR_MS)
      }
    })
    const opens = lowerBound(this.opens, boundary)
    for (let i = 0; i < opens; i++) at(Math.floor(this.opens[i] / HOUR_MS))[1]++
    this.opens.splice(0, opens)
    const closes = lowerBound(this.closes, boundary)
    for (let i = 0; i < closes; i++) at(Math.floor(this.closes[i] / HOUR_MS))[2]++
    this.closes.splice(0, closes)
    for (const hour of [...byHour.keys()].sort((a, b) => a - b)) {
      const [cover, opened, closed] = byHour.get(hour) as [number, number, number]
      this.hours.add(hour, cover, opened, closed)
    }
  }

  covered (a: number, b: number, boundary: number): number {
    let sum = 0
    if (a < boundary) sum += this.hours.coveredIn(a, Math.min(b, boundary))
    if (b > boundary) sum += this.union.coveredBefore(b) - this.union.coveredBefore(Math.max(a, boundary))
    return sum
  }

  openAt (x: number, boundary: number): number {
    if (x < boundary) return this.hours.openAt(x)
    const folded = this.hours.totals
    return folded.opened + upperBound(this.opens, x) - folded.closed - upperBound(this.closes, x)
  }
}

/**
 * The holding spans of the closed positions (first `opened` to final exit;
 * orphans have none), per filter `/trading` takes (any, a symbol, a side,
 * both), kept as each position closes so that time in market and the
 * positions open at a past moment cost a few binary searches, however many
 * records there are (docs/TRADING_METRICS.md, "Time in market and open
 * positions"). Exact from the fold boundary on; before it, what the ledger
 * no longer needs exactly is folded into per-hour totals.
 */
export class HoldingSpans {
  private readonly filters = new FilterTargets<FilterSpans>(() => new FilterSpans())
  private boundary = -Infinity

  /** Adds a closed record's span when it ends its position (final and seen open). */
  add (t: Readonly<ClosedTrade>): void {
    if (!t.final || t.opened_at === null) return
    for (const f of this.filters.of(t.symbol, t.side)) f.add(t.opened_at, t.closed_at, this.boundary)
  }

  /**
   * Folds every span's part before the UTC hour of `beforeMs` into hour
   * totals. The caller passes a moment no span still to come reaches back
   * past (bar events older than every record in memory).
   */
  fold (beforeMs: number): void {
    const boundary = Math.floor(beforeMs / HOUR_MS) * HOUR_MS
    if (!(boundary > this.boundary)) return
    this.boundary = boundary
    for (const f of this.filters.byKey.values()) f.fold(boundary)
  }

  /** Length of [sinceMs, untilMs) that some closed position of the filter was held. */
  covered (filter: ResolvedFilter, sinceMs: number, untilMs: number): number {
    if (!(untilMs > sinceMs)) return 0
    return this.filters.get(filter.symbol, filter.side)?.covered(sinceMs, untilMs, this.boundary) ?? 0
  }

  /** Closed positions of the filter open at `atMs`: opened at or before it, finally closed after it. */
  openAt (filter: ResolvedFilter, atMs: number): number {
    return this.filters.get(filter.symbol, filter.side)?.openAt(atMs, this.boundary) ?? 0
  }

  /** The fold boundary (an hour start; -Infinity before the first fold): exact from it on. */
  get exactFrom (): number {
    return this.boundary
  }

  clear (): void {
    this.filters.clear()
    this.boundary = -Infinity
  }
}

/** Inserts `x` in ascending `list`, after its equals; values arrive mostly in order, at the end. */
function insertSorted (list: number[], x: number): void {
  const n = list.length
  if (n === 0 || list[n - 1] <= x) list.push(x)
  else list.splice(upperBound(list, x), 0, x)
}
