import { InvalidArgumentError } from './errors.ts'

/**
 * What readers of a series' points use: RingBuffer (all points raw) and
 * ChunkedRing (older points compressed) both provide it. Indexes are
 * logical, 0 = oldest point; points are in time order.
 */
export interface PointRing {
  readonly capacity: number
  readonly size: number
  /** Timestamp of the newest point, -Infinity when empty. */
  readonly lastTime: number
  /** Changes whenever the points change. */
  readonly version: number
  readonly byteLength: number
  timeAt: (i: number) => number
  valueAt: (i: number) => number
  lowerBound: (timeMs: number) => number
  upperBound: (timeMs: number) => number
  copyRange: (from: number, to: number, outTimes: Float64Array | number[], outValues: Float64Array | number[], offset: number) => void
}

/**
 * Fixed-capacity ring of (timestamp ms, value) points kept in two
 * `Float64Array`s: 16 bytes a point, no object per point.
 *
 * The ring starts small and doubles up to its capacity on demand, so a
 * thousand series holding a few points each cost kilobytes, not the
 * 160 MB that 1,000 x 10,000 x 16 bytes would take if allocated up front.
 * Once full, each append overwrites the oldest point (O(1)).
 *
 * Points are kept in time order so that windows are found by binary search.
 * An append older than the newest point (a late batch item) is inserted in
 * place: O(n) on that rare path, O(1) on the common one.
 */
export class RingBuffer implements PointRing {
  /** Points kept at most; lowered only by `shrink`. */
  capacity: number
  times: Float64Array
  values: Float64Array
  /** Physical index of the oldest point. Non-zero only once the ring is full. */
  head = 0
  size = 0
  /** Timestamp of the newest point, -Infinity when empty. */
  lastTime = -Infinity
  /**
   * Bumped by every change to the points (append, insert, import, shrink,
   * clear): a reader that saw the same version saw the same points, so a
   * cached answer over this ring stays valid while it holds.
   */
  version = 0

  constructor (capacity: number, initial = 8) {
    this.capacity = capacity
    const start = Math.min(capacity, initial)
    this.times = new Float64Array(start)
    this.values = new Float64Array(start)
  }

  /** Appends a point; drops the oldest point when the ring is full. */
  append (timeMs: number, value: number): void {
    this.version++
    if (timeMs < this.lastTime) {
      this.insertInOrder(timeMs, value)
      return
    }
    this.lastTime = timeMs
    const size = this.size
    const allocated = this.times.length
    if (size < allocated) {
      // head is 0 until the ring is full, so the next slot is `size`.
      this.times[size] = timeMs
      this.values[size] = value
      this.size = size + 1
      return
    }
    if (allocated < this.capacity) {
      this.grow()
      this.times[size] = timeMs
      this.values[size] = value
      this.size = size + 1
      return
    }
    const head = this.head
    this.times[head] = timeMs
    this.values[head] = value
    this.head = head + 1 === allocated ? 0 : head + 1
  }

  /** Timestamp of the point at logical index `i` (0 = oldest). */
  timeAt (i: number): number {
    const p = this.head + i
    const n = this.times.length
    return this.times[p >= n ? p - n : p]
  }

  /** Value of the point at logical index `i` (0 = oldest). */
  valueAt (i: number): number {
    const p = this.head + i
    const n = this.times.length
    return this.values[p >= n ? p - n : p]
  }

  /** First logical index whose time is >= `timeMs` (size when none). */
  lowerBound (timeMs: number): number {
    let lo = 0
    let hi = this.size
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.timeAt(mid) < timeMs) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** First logical index whose time is > `timeMs` (size when none). */
  upperBound (timeMs: number): number {
    let lo = 0
    let hi = this.size
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.timeAt(mid) <= timeMs) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /**
   * Copies logical points [from, to) into the output arrays at `offset`
   * (plain arrays or typed arrays of the right length).
   */
  copyRange (from: number, to: number, outTimes: Float64Array | number[], outValues: Float64Array | number[], offset: number): void {
    const n = this.times.length
    const times = this.times
    const values = this.values
    let p = this.head + from
    if (p >= n) p -= n
    for (let i = 0, count = to - from; i < count; i++) {
      outTimes[offset + i] = times[p]
      outValues[offset + i] = values[p]
      if (++p === n) p = 0
    }
  }

  /** Bytes held by the typed arrays (allocated, not only used). */
  get byteLength (): number {
    return this.times.byteLength + this.values.byteLength
  }

  /**
   * Lowers the capacity to `capacity` points, keeping the newest ones, and
   * reallocates the arrays when they are larger, so that the memory is freed.
   * Returns the number of points dropped. A capacity at or above the current
   * one changes nothing.
   */
  shrink (capacity: number): number {
    if (capacity >= this.capacity) return 0
    this.version++
    const keep = Math.min(this.size, capacity)
    const dropped = this.size - keep
    const allocated = Math.min(this.times.length, capacity)
    const times = new Float64Array(Math.max(1, allocated))
    const values = new Float64Array(Math.max(1, allocated))
    this.copyRange(this.size - keep, this.size, times, values, 0)
    this.times = times
    this.values = values
    this.head = 0
    this.size = keep
    this.capacity = capacity
    return dropped
  }

  clear (): void {
    this.version++
    this.head = 0
    this.size = 0
    this.lastTime = -Infinity
  }

  /** Copies of the points, oldest first. */
  exportPoints (): { timesMs: Float64Array, values: Float64Array } {
    const timesMs = new Float64Array(this.size)
    const values = new Float64Array(this.size)
    this.copyRange(0, this.size, timesMs, values, 0)
    return { timesMs, values }
  }

  /**
   * Loads points in time order, merged with the points the ring holds
   * (imported first on equal times: they are the older record), keeping
   * the newest `capacity`. Throws InvalidArgumentError on arrays of unequal
   * length, non-finite times or times out of order.
   */
  importPoints (timesMs: Float64Array, values: Float64Array): void {
    if (timesMs.length !== values.length) throw new InvalidArgumentError('points', `${timesMs.length} times but ${values.length} values`)
    for (let i = 0; i < timesMs.length; i++) {
      if (!Number.isFinite(timesMs[i]) || (i > 0 && timesMs[i] < timesMs[i - 1])) {
        throw new InvalidArgumentError('points', `time at index ${i} is not finite or out of order`)
      }
    }
    this.version++
    const own = this.exportPoints()
    const n = timesMs.length + own.timesMs.length
    const keep = Math.min(n, this.capacity)
    const times = new Float64Array(Math.max(keep, Math.min(this.capacity, 8)))
    const vals = new Float64Array(times.length)
    // Merge from the newest end, stopping once `keep` points are placed.
    let a = timesMs.length - 1
    let b = own.timesMs.length - 1
    for (let k = keep - 1; k >= 0; k--) {
      if (b < 0 || (a >= 0 && timesMs[a] > own.timesMs[b])) {
        times[k] = timesMs[a]; vals[k] = values[a]; a--
      } else {
        times[k] = own.timesMs[b]; vals[k] = own.values[b]; b--
      }
    }
    this.times = times
    this.values = vals
    this.head = 0
    this.size = keep
    this.lastTime = keep === 0 ? -Infinity : times[keep - 1]
  }

  private grow (): void {
    const next = Math.min(this.capacity, this.times.length * 2)
    const times = new Float64Array(next)
    const values = new Float64Array(next)
    this.copyRange(0, this.size, times, values, 0)
    this.times = times
    this.values = values
    this.head = 0
  }

  /** Slow path for a point older than the newest one: keep time order. */
  private insertInOrder (timeMs: number, value: number): void {
    const full = this.size === this.capacity
    if (full && timeMs < this.timeAt(0)) return // older than everything kept: it would age out at once
    if (!full && this.size === this.times.length) this.grow()
    const pos = this.upperBound(timeMs)
    if (full) {
      // Drop the oldest point, shift [1, pos) one step back, write at pos - 1.
      for (let i = 1; i < pos; i++) this.setAt(i - 1, this.timeAt(i), this.valueAt(i))
      this.setAt(pos - 1, timeMs, value)
      return
    }
    for (let i = this.size; i > pos; i--) this.setAt(i, this.timeAt(i - 1), this.valueAt(i - 1))
    this.setAt(pos, timeMs, value)
    this.size++
  }

  private setAt (i: number, timeMs: number, value: number): void {
    const n = this.times.length
    let p = this.head + i
    if (p >= n) p -= n
    this.times[p] = timeMs
    this.values[p] = value
  }
}
