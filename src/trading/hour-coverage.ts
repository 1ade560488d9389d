import { lowerBound } from '../core/sorted-search.ts'
import { HOUR_MS } from './hour-book.ts'

/**
 * Per UTC hour, what is kept of holding spans once they are folded out of
 * the exact union (holding-spans.ts): the length of the hour the union
 * covers, and how many spans opened and closed in it. Only hours with
 * something in them have an entry; each entry holds running totals, so a
 * window's whole hours cost two binary searches. Inside an hour only these
 * totals are known: a window end that falls inside one is estimated
 * (docs/TRADING_METRICS.md, "Time in market and open positions").
 */
export class HourCoverage {
  private readonly hours: number[] = []
  /** Running totals through each entry: covered ms, spans opened, spans closed. */
  private readonly covered: number[] = []
  private readonly opened: number[] = []
  private readonly closed: number[] = []

  get size (): number {
    return this.hours.length
  }

  /**
   * Adds to an hour: `cover` ms of union that no other span of the hour
   * covers (exact folds), and spans opened and closed in it.
   */
  add (hour: number, cover: number, opened: number, closed: number): void {
    const k = this.entry(hour)
    for (let i = k; i < this.hours.length; i++) {
      this.covered[i] += cover
      this.opened[i] += opened
      this.closed[i] += closed
    }
  }

  /**
   * A span's `part` ms of an hour that may overlap what the hour already
   * covers (a span arriving after its hour was folded): the hour's covered
   * length becomes the middle of what it can be, max(covered, part) to
   * min(covered + part, the hour), exact when the span covers the hour.
   */
  cover (hour: number, part: number): void {
    const k = this.entry(hour)
    const was = this.lengthOf(this.covered, k)
    const low = Math.max(was, part)
    const now = low + (Math.min(was + part, HOUR_MS) - low) / 2
    this.add(hour, now - was, 0, 0)
  }

  /** Covered length in [a, b), a < b: exact over whole hours, each end inside an hour estimated within a quarter hour. */
  coveredIn (a: number, b: number): number {
    const ha = Math.floor(a / HOUR_MS)
    if (b <= (ha + 1) * HOUR_MS) {
      const k = this.find(ha)
      return k < 0 ? 0 : middle(this.lengthOf(this.covered, k), b - a)
    }
    return this.coveredBefore(b) - this.coveredBefore(a)
  }

  /** Spans opened at or before `x` minus those closed at or before it: the spans open at `x`, estimated inside an hour. */
  openAt (x: number): number {
    const h = Math.floor(x / HOUR_MS)
    const k = lowerBound(this.hours, h)
    let opened = k > 0 ? this.opened[k - 1] : 0
    let closed = k > 0 ? this.closed[k - 1] : 0
    if (k < this.hours.length && this.hours[k] === h) {
      // Inside the hour the times are gone: its spans taken as spread evenly over it.
      const share = (x - h * HOUR_MS) / HOUR_MS
      opened += this.lengthOf(this.opened, k) * share
      closed += this.lengthOf(this.closed, k) * share
    }
    return Math.max(0, Math.round(opened - closed))
  }

  /** Spans opened and closed in every hour. */
  get totals (): { opened: number, closed: number } {
    const n = this.hours.length
    return n === 0 ? { opened: 0, closed: 0 } : { opened: this.opened[n - 1], closed: this.closed[n - 1] }
  }

  clear (): void {
    this.hours.length = 0
    this.covered.length = 0
    this.opened.length = 0
    this.closed.length = 0
  }

  /** Covered length before `x`: whole hours exact, the part of x's hour estimated. */
  private coveredBefore (x: number): number {
    const h = Math.floor(x / HOUR_MS)
    const k = lowerBound(this.hours, h)
    let sum = k > 0 ? this.covered[k - 1] : 0
    const into = x - h * HOUR_MS
    if (into > 0 && k < this.hours.length && this.hours[k] === h) sum += middle(this.lengthOf(this.covered, k), into)
    return sum
  }

  private lengthOf (totals: number[], k: number): number {
    return totals[k] - (k > 0 ? totals[k - 1] : 0)
  }

  private find (hour: number): number {
    const k = lowerBound(this.hours, hour)
    return k < this.hours.length && this.hours[k] === hour ? k : -1
  }

  /** Index of the hour's entry, made when missing (usually at the end: hours are folded in order). */
  private entry (hour: number): number {
    const n = this.hours.length
    if (n > 0 && this.hours[n - 1] === hour) return n - 1
    const k = n === 0 || this.hours[n - 1] < hour ? n : lowerBound(this.hours, hour)
    if (k < n && this.hours[k] === hour) return k
    const before = (t: number[]): number => k > 0 ? t[k - 1] : 0
    this.hours.splice(k, 0, hour)
    this.covered.splice(k, 0, before(this.covered))
    this.opened.splice(k, 0, before(this.opened))
    this.closed.splice(k, 0, before(this.closed))
    return k
  }
}

/**
 * The middle of what `length` ms of an hour can hold of `covered` ms spread
 * over the hour in an unknown way: from covered − (hour − length) to
 * min(covered, length). Off by at most half that range, a quarter hour.
 */
function middle (covered: number, length: number): number {
  const low = Math.max(0, covered - (HOUR_MS - length))
  return (low + Math.min(covered, length)) / 2
}
