import { lowerBound, upperBound } from '../core/sorted-search.ts'

/**
 * A multiset of returns kept in ascending order with the sums of its
 * prefixes, and read as if a few more values were in it: what the order
 * statistics of daily returns (q(5 %), q(95 %), the mean at or below q(5 %))
 * need without sorting every day's return on each read. Insertion moves
 * the values after the new one (a memmove, once a day); a read is a few
 * binary searches.
 */
export class SortedReturns {
  private values = new Float64Array(64)
  /** prefix[i]: the sum of the `i` smallest values, added in ascending order. */
  private prefix = new Float64Array(65)
  private n = 0

  get size (): number {
    return this.n
  }

  /** Adds a value (after its equals). */
  insert (x: number): void {
    if (this.n === this.values.length) {
      const values = new Float64Array(this.n * 2)
      values.set(this.values)
      this.values = values
      const prefix = new Float64Array(this.n * 2 + 1)
      prefix.set(this.prefix)
      this.prefix = prefix
    }
    const v = this.values
    const at = this.upperBound(x)
    v.copyWithin(at + 1, at, this.n)
    v[at] = x
    this.n++
    const p = this.prefix
    for (let i = at; i < this.n; i++) p[i + 1] = p[i] + v[i]
  }

  /**
   * The value of rank `rank` (0: the smallest) of these values together
   * with `extra`: runs of equal values, [value, count, value, count, ...],
   * ascending by value.
   */
  at (rank: number, extra: readonly number[]): number {
    let before = 0
    for (let i = 0; i < extra.length; i += 2) {
      const start = this.lowerBound(extra[i]) + before
      if (rank < start) return this.values[rank - before]
      if (rank < start + extra[i + 1]) return extra[i]
      before += extra[i + 1]
    }
    return this.values[rank - before]
  }

  /** How many of these values and `extra` (as in `at`) are at most `x`, and their sum. */
  atMost (x: number, extra: readonly number[]): { count: number, sum: number } {
    const k = this.upperBound(x)
    let count = k
    let sum = this.prefix[k]
    for (let i = 0; i < extra.length; i += 2) {
      if (extra[i] <= x) {
        count += extra[i + 1]
        sum += extra[i] * extra[i + 1]
      }
    }
    return { count, sum }
  }

  /** Index of the first value >= x. */
  private lowerBound (x: number): number {
    return lowerBound(this.values, x, this.n)
  }

  /** Index of the first value > x. */
  private upperBound (x: number): number {
    return upperBound(this.values, x, this.n)
  }
}
