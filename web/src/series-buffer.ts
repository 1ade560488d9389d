import type { Columns } from './downsample.ts'
import { lowerBound } from './downsample.ts'

/**
 * The points of one chart line, in time order, bounded in count: history
 * from the JSON routes plus what the live stream appends. Several labelled
 * series of one metric merge into one buffer.
 */
export class SeriesBuffer implements Columns {
  t: number[] = []
  v: number[] = []
  readonly maxPoints: number

  /** @param maxPoints points kept; the oldest go first. */
  constructor (maxPoints = 20_000) {
    this.maxPoints = maxPoints
  }

  get length (): number {
    return this.t.length
  }

  /** The newest value, or null when empty. */
  get latest (): number | null {
    return this.v.length === 0 ? null : this.v[this.v.length - 1]
  }

  /** Replaces every point (a history load). */
  replace (t: readonly number[], v: readonly number[]): void {
    this.t = t.slice()
    this.v = v.slice()
    this.sortIfNeeded(0)
    this.trimCount()
  }

  /**
   * Adds points. Points already held (same time and value) are skipped, so
   * a stream update that overlaps a history load adds nothing twice.
   */
  append (t: readonly number[], v: readonly number[]): void {
    const start = this.t.length
    const lastT = start === 0 ? -Infinity : this.t[start - 1]
    for (let i = 0; i < t.length; i++) {
      if (t[i] <= lastT && this.has(t[i], v[i])) continue
      this.t.push(t[i])
      this.v.push(v[i])
    }
    this.sortIfNeeded(start)
    this.trimCount()
  }

  /** Drops points older than `sinceMs`. */
  trimBefore (sinceMs: number): void {
    const i = lowerBound(this.t, sinceMs)
    if (i > 0) {
      this.t.splice(0, i)
      this.v.splice(0, i)
    }
  }

  clear (): void {
    this.t = []
    this.v = []
  }

  private has (time: number, value: number): boolean {
    for (let i = lowerBound(this.t, time); i < this.t.length && this.t[i] === time; i++) if (this.v[i] === value) return true
    return false
  }

  /** Restores time order after points older than the newest were added from `from` on. */
  private sortIfNeeded (from: number): void {
    let sorted = true
    for (let i = Math.max(1, from); i < this.t.length; i++) {
      if (this.t[i] < this.t[i - 1]) { sorted = false; break }
    }
    if (sorted) return
    const order = this.t.map((_, i) => i).sort((a, b) => this.t[a] - this.t[b] || a - b)
    this.t = order.map((i) => this.t[i])
    this.v = order.map((i) => this.v[i])
  }

  private trimCount (): void {
    const extra = this.t.length - this.maxPoints
    if (extra > 0) {
      this.t.splice(0, extra)
      this.v.splice(0, extra)
    }
  }
}
