import { lowerBound, upperBound } from '../core/sorted-search.ts'

/**
 * The union of time spans [from, to) as sorted, disjoint intervals, with
 * the running length before each, so the length of the union before any
 * instant is one binary search. Spans that touch or overlap merge as they
 * arrive; spans arriving in order (the usual case) touch only the tail.
 */
export class SpanUnion {
  private readonly starts: number[] = []
  private readonly ends: number[] = []
  /** covered[i]: length of the intervals before interval i, from an arbitrary base (differences count). */
  private readonly covered: number[] = [0]

  get size (): number {
    return this.starts.length
  }

  add (from: number, to: number): void {
    if (!(to > from)) return
    const s = this.starts
    const e = this.ends
    const c = this.covered
    const n = s.length
    if (n === 0 || from > e[n - 1]) {
      s.push(from)
      e.push(to)
      c.push(c[n] + to - from)
      return
    }
    // Intervals i..j touch [from, to]: the ends and the starts are both ascending.
    const i = lowerBound(e, from)
    const j = upperBound(s, to) - 1
    if (j < i) {
      s.splice(i, 0, from)
      e.splice(i, 0, to)
      c.splice(i + 1, 0, 0)
    } else {
      const merged = [Math.min(from, s[i]), Math.max(to, e[j])]
      s.splice(i, j - i + 1, merged[0])
      e.splice(i, j - i + 1, merged[1])
      c.splice(i + 1, j - i + 1, 0)
    }
    for (let k = i; k < s.length; k++) c[k + 1] = c[k] + e[k] - s[k]
  }

  /** Length of the union before `x`. */
  coveredBefore (x: number): number {
    const i = lowerBound(this.starts, x)
    if (i === 0) return 0
    const overshoot = this.ends[i - 1] - x
    return this.covered[i] - this.covered[0] - (overshoot > 0 ? overshoot : 0)
  }

  /** Removes the union's part before `x`, handing each removed piece to `take`. */
  takeBefore (x: number, take: (from: number, to: number) => void): void {
    const s = this.starts
    const e = this.ends
    const k = upperBound(e, x)
    for (let i = 0; i < k; i++) take(s[i], e[i])
    if (k < s.length && s[k] < x) {
      take(s[k], x)
      this.covered[k] += x - s[k]
      s[k] = x
    }
    if (k === 0) return
    s.splice(0, k)
    e.splice(0, k)
    this.covered.splice(0, k)
  }

  clear (): void {
    this.starts.length = 0
    this.ends.length = 0
    this.covered.length = 1
    this.covered[0] = 0
  }
}
