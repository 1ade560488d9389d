// The bin store of QuantileSketch: one per sign of the values.

/** One sign's non-empty bins of a sketch: keys ascending, each with its count (weight). */
export interface SketchBins {
  keys: Float64Array
  counts: Float64Array
}

const CHUNK = 128

/**
 * Dense bin counts for keys in a sliding window of at most `limit` keys.
 * Past the limit the lowest keys (values nearest zero) fold into the lowest
 * kept bin, so memory is bounded and the largest magnitudes stay exact.
 */
export class CollapsingLowestStore {
  readonly limit: number
  bins = new Float64Array(0)
  /** Key of bins[0]. */
  lo = 0
  minKey = Infinity
  maxKey = -Infinity
  count = 0

  constructor (limit: number) {
    this.limit = limit
  }

  add (key: number, weight: number): void {
    if (key < this.lo || key >= this.lo + this.bins.length) key = this.extend(key)
    this.bins[key - this.lo] += weight
    if (key < this.minKey) this.minKey = key
    if (key > this.maxKey) this.maxKey = key
    this.count += weight
  }

  /** The non-empty bins, keys ascending. */
  export (): SketchBins {
    const keys: number[] = []
    const counts: number[] = []
    for (let k = this.minKey; k <= this.maxKey; k++) {
      const c = this.bins[k - this.lo]
      if (c > 0) { keys.push(k); counts.push(c) }
    }
    return { keys: Float64Array.from(keys), counts: Float64Array.from(counts) }
  }

  /** Makes room for `key`; returns the key to count it under (the lowest kept key when it fell below the window). */
  private extend (key: number): number {
    if (this.count === 0) {
      const length = Math.min(this.limit, CHUNK)
      this.bins = new Float64Array(length)
      this.lo = key - (length >> 1)
      return key
    }
    const newMin = Math.min(this.minKey, key)
    const newMax = Math.max(this.maxKey, key)
    const span = newMax - newMin + 1
    if (span <= this.limit) {
      const length = Math.min(this.limit, Math.ceil((span + CHUNK) / CHUNK) * CHUNK)
      // Leave the spare room on the side the series is moving to.
      this.relayout(key < this.lo ? newMax - length + 1 : newMin, length, newMin)
      return key
    }
    if (key < this.minKey) {
      // Too low to keep apart from the highest values: count it in the lowest bin of a full-width window.
      if (this.bins.length === this.limit) return this.lo
      const lowest = this.maxKey - this.limit + 1
      this.relayout(lowest, this.limit, lowest)
      return lowest
    }
    const lowest = key - this.limit + 1
    if (this.bins.length === this.limit) this.slide(lowest)
    else this.relayout(lowest, this.limit, lowest)
    return key
  }

  /** Slides a full-width window up so it starts at `lo`, folding the keys below into its first bin; in place. */
  private slide (lo: number): void {
    const shift = lo - this.lo
    const bins = this.bins
    let folded = 0
    const end = Math.min(shift + 1, bins.length)
    for (let i = 0; i < end; i++) folded += bins[i]
    if (shift < bins.length) {
      bins.copyWithin(0, shift)
      bins.fill(0, bins.length - shift)
    } else {
      bins.fill(0)
    }
    bins[0] = folded
    this.lo = lo
    if (this.minKey < lo) this.minKey = lo
  }

  /**
   * Moves the bins to a window starting at `lo` of `length` keys; counts of
   * keys below `floor` fold into the bin of `floor`.
   */
  private relayout (lo: number, length: number, floor: number): void {
    const bins = new Float64Array(length)
    let folded = 0
    for (let k = this.minKey; k <= this.maxKey; k++) {
      const c = this.bins[k - this.lo]
      if (c === 0) continue
      if (k < floor) folded += c
      else bins[k - lo] += c
    }
    if (folded > 0) bins[floor - lo] += folded
    this.bins = bins
    this.lo = lo
    if (this.minKey < floor) this.minKey = floor
  }
}
