/**
 * The exact median of a growing set of numbers: a max-heap of the lower
 * half and a min-heap of the upper half. Adding costs O(log n), reading
 * O(1), memory 8 bytes a value. The median of an even count is the lower
 * middle plus half the distance to the upper one, as `percentilesInPlace`
 * computes it, so both give the same bits.
 */
export class RunningMedian {
  private low = new Float64Array(16) // max-heap
  private high = new Float64Array(16) // min-heap
  private nLow = 0
  private nHigh = 0

  get count (): number {
    return this.nLow + this.nHigh
  }

  add (value: number): void {
    if (this.nLow === 0 || value <= this.low[0]) this.pushLow(value)
    else this.pushHigh(value)
    // Keep nLow = nHigh or nHigh + 1.
    if (this.nLow > this.nHigh + 1) this.pushHigh(this.popLow())
    else if (this.nHigh > this.nLow) this.pushLow(this.popHigh())
  }

  /** An independent copy: the same values, the same median. */
  clone (): RunningMedian {
    const c = new RunningMedian()
    c.low = this.low.slice(0, Math.max(16, this.nLow))
    c.high = this.high.slice(0, Math.max(16, this.nHigh))
    c.nLow = this.nLow
    c.nHigh = this.nHigh
    return c
  }

  /** The median; NaN when empty. */
  median (): number {
    if (this.nLow === 0) return Number.NaN
    const lo = this.low[0]
    if (this.nLow > this.nHigh) return lo
    return lo + 0.5 * (this.high[0] - lo)
  }

  private pushLow (v: number): void {
    if (this.nLow === this.low.length) this.low = grow(this.low)
    siftUp(this.low, this.nLow++, v, -1)
  }

  private pushHigh (v: number): void {
    if (this.nHigh === this.high.length) this.high = grow(this.high)
    siftUp(this.high, this.nHigh++, v, 1)
  }

  private popLow (): number {
    const top = this.low[0]
    siftDown(this.low, --this.nLow, -1)
    return top
  }

  private popHigh (): number {
    const top = this.high[0]
    siftDown(this.high, --this.nHigh, 1)
    return top
  }
}

function grow (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2)
  b.set(a)
  return b
}

// sign 1: min-heap; -1: max-heap (compare sign * value).
function siftUp (h: Float64Array, i: number, v: number, sign: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (sign * h[parent] <= sign * v) break
    h[i] = h[parent]
    i = parent
  }
  h[i] = v
}

/** Moves the last element (index n) into the root's place and sifts it down in h[0..n). */
function siftDown (h: Float64Array, n: number, sign: number): void {
  const v = h[n]
  let i = 0
  for (;;) {
    let c = 2 * i + 1
    if (c >= n) break
    if (c + 1 < n && sign * h[c + 1] < sign * h[c]) c++
    if (sign * v <= sign * h[c]) break
    h[i] = h[c]
    i = c
  }
  if (n > 0) h[i] = v
}
