import { CollapsingLowestStore } from './collapsing-store.ts'
import type { SketchBins } from './collapsing-store.ts'
import { InvalidArgumentError } from './errors.ts'

export type { SketchBins } from './collapsing-store.ts'

/** All-time figures of a series from its sketch. */
export interface SketchSummary {
  /** Points the sketch stands for (weights summed, so sampled series count what they represent). */
  count: number
  sum: number
  min: number
  max: number
  p50: number
  p90: number
  p95: number
  p99: number
  /** Each quantile is within this relative error of the value at that rank, e.g. 0.01. */
  relative_accuracy: number
}

/** A sketch's saved state (see QuantileSketch.exportState). */
export interface SketchState {
  relativeAccuracy: number
  /** Weight of the values counted as zero. */
  zeros: number
  /** Weight of every value added. */
  count: number
  sum: number
  /** Exact extremes; Infinity and -Infinity while empty. */
  min: number
  max: number
  positive: SketchBins
  /** Bins of the negative values, by the key of their magnitude. */
  negative: SketchBins
}

/** Bins per sign before the ones nearest zero collapse: ≤ 2 × 2,048 × 8 bytes = 32 KiB a sketch. */
export const SKETCH_BIN_LIMIT = 2048
/** Below this magnitude a value counts as zero (the smallest normal double). */
const MIN_INDEXABLE = 2.2250738585072014e-308

/**
 * A bounded-memory quantile sketch for all-time percentiles: DDSketch
 * (Masson, Rim, Lee, VLDB 2019) with a logarithmic mapping and collapsing
 * dense stores. A value v > 0 goes to bin k = ⌈log_γ v⌉, γ = (1 + α)/(1 − α),
 * and a bin reads back as 2γᵏ/(1 + γ), within relative error α of every
 * value in it. Negative values use a mirror store; zeros a counter.
 *
 * With α = 1 %, 2,048 bins per sign span a ratio of about e^41 (nanoseconds
 * to hours). Past that the bins nearest zero merge, which keeps the high
 * quantiles (p99) within α and coarsens only the lowest ones.
 *
 * Written here rather than taken from @datadog/sketches-js: its collapsing
 * store (2.1.1) double-counts when the window shifts, e.g. values over 20
 * decades put more counts in the lowest bin than were added and return a
 * p99 two orders of magnitude too low.
 *
 * @example
 * const sketch = new QuantileSketch(0.01)
 * sketch.add(0.012)         // seconds
 * sketch.quantile(0.99)     // within 1 % of the value at that rank
 */
export class QuantileSketch {
  readonly relativeAccuracy: number
  private readonly gamma: number
  private readonly invLogGamma: number
  private readonly positive = new CollapsingLowestStore(SKETCH_BIN_LIMIT)
  private readonly negative = new CollapsingLowestStore(SKETCH_BIN_LIMIT)
  private zeros = 0
  private total = 0
  private sumOfValues = 0
  private minValue = Infinity
  private maxValue = -Infinity

  constructor (relativeAccuracy = 0.01) {
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
      throw new InvalidArgumentError('relative_accuracy', `must be between 0 and 1 (exclusive), got ${String(relativeAccuracy)}`)
    }
    this.relativeAccuracy = relativeAccuracy
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy)
    this.invLogGamma = 1 / Math.log(this.gamma)
  }

  /** Adds a finite value standing for `weight` (> 0) points. */
  add (value: number, weight = 1): void {
    if (value > MIN_INDEXABLE) this.positive.add(Math.ceil(Math.log(value) * this.invLogGamma), weight)
    else if (value < -MIN_INDEXABLE) this.negative.add(Math.ceil(Math.log(-value) * this.invLogGamma), weight)
    else this.zeros += weight
    this.total += weight
    this.sumOfValues += value * weight
    if (value < this.minValue) this.minValue = value
    if (value > this.maxValue) this.maxValue = value
  }

  /** Points added, weights summed. */
  get count (): number {
    return this.total
  }

  /** Bytes held by the bins (the rest of the object is a few fields). */
  get byteLength (): number {
    return this.positive.bins.byteLength + this.negative.bins.byteLength
  }

  /**
   * The value of rank q·(count − 1) (0-based, lower), within the relative
   * accuracy, clamped to the exact min and max (q = 0 and q = 1 are the
   * exact min and max); NaN when empty.
   */
  quantile (q: number): number {
    if (this.total === 0 || !(q >= 0 && q <= 1)) return NaN
    // The extremes are known exactly, folded bins or not.
    if (q === 0) return this.minValue
    if (q === 1) return this.maxValue
    const rank = q * (this.total - 1)
    let running = 0
    const neg = this.negative
    // Negative values ascending: their magnitude's keys descending.
    for (let k = neg.maxKey; k >= neg.minKey; k--) {
      running += neg.bins[k - neg.lo]
      if (running > rank) return this.clamp(-this.valueOf(k))
    }
    running += this.zeros
    if (running > rank) return this.clamp(0)
    const pos = this.positive
    for (let k = pos.minKey; k <= pos.maxKey; k++) {
      running += pos.bins[k - pos.lo]
      if (running > rank) return this.clamp(this.valueOf(k))
    }
    return this.maxValue
  }

  /** Adds another sketch's points (same accuracy) into this one. */
  merge (other: QuantileSketch): void {
    if (other.relativeAccuracy !== this.relativeAccuracy) {
      throw new InvalidArgumentError('relative_accuracy', 'sketches of different accuracy cannot be merged')
    }
    for (const [mine, theirs] of [[this.positive, other.positive], [this.negative, other.negative]] as const) {
      for (let k = theirs.minKey; k <= theirs.maxKey; k++) {
        const c = theirs.bins[k - theirs.lo]
        if (c > 0) mine.add(k, c)
      }
    }
    this.zeros += other.zeros
    this.total += other.total
    this.sumOfValues += other.sumOfValues
    if (other.minValue < this.minValue) this.minValue = other.minValue
    if (other.maxValue > this.maxValue) this.maxValue = other.maxValue
  }

  /** A copy of the sketch's state: what a snapshot saves. */
  exportState (): SketchState {
    return {
      relativeAccuracy: this.relativeAccuracy,
      zeros: this.zeros,
      count: this.total,
      sum: this.sumOfValues,
      min: this.minValue,
      max: this.maxValue,
      positive: this.positive.export(),
      negative: this.negative.export()
    }
  }

  /**
   * The sketch a saved state describes: same quantiles, count, sum and
   * extremes. Throws InvalidArgumentError on a malformed state (bins not
   * whole keys in order with positive finite counts, totals not finite,
   * extremes out of order).
   */
  static fromState (state: SketchState): QuantileSketch {
    const sketch = new QuantileSketch(state.relativeAccuracy)
    const bad = (what: string): InvalidArgumentError => new InvalidArgumentError('sketch', `saved sketch: ${what}`)
    for (const bins of [state.positive, state.negative]) {
      if (bins.keys.length !== bins.counts.length) throw bad(`${bins.keys.length} keys but ${bins.counts.length} counts`)
      for (let i = 0; i < bins.keys.length; i++) {
        const k = bins.keys[i]
        if (!Number.isSafeInteger(k) || (i > 0 && k <= bins.keys[i - 1])) throw bad(`key at index ${i} is not a whole number above the one before`)
        if (!(bins.counts[i] > 0 && bins.counts[i] < Infinity)) throw bad(`count at index ${i} is not a positive finite number`)
      }
    }
    const { zeros, count, sum, min, max } = state
    if (!(zeros >= 0 && count >= 0 && zeros < Infinity && count < Infinity && Number.isFinite(sum))) throw bad('zeros, count or sum is not finite')
    if (count > 0 ? !(Number.isFinite(min) && Number.isFinite(max) && min <= max) : min !== Infinity || max !== -Infinity) {
      throw bad('min and max are not the extremes of its values')
    }
    for (const [bins, store] of [[state.positive, sketch.positive], [state.negative, sketch.negative]] as const) {
      for (let i = 0; i < bins.keys.length; i++) store.add(bins.keys[i], bins.counts[i])
    }
    sketch.zeros = zeros
    sketch.total = count
    sketch.sumOfValues = sum
    sketch.minValue = min
    sketch.maxValue = max
    return sketch
  }

  /** Count, sum, extremes and p50/p90/p95/p99; null when empty. */
  summary (): SketchSummary | null {
    if (this.total === 0) return null
    return {
      count: this.total,
      sum: this.sumOfValues,
      min: this.minValue,
      max: this.maxValue,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      relative_accuracy: this.relativeAccuracy
    }
  }

  private valueOf (key: number): number {
    return 2 * Math.pow(this.gamma, key) / (1 + this.gamma)
  }

  private clamp (v: number): number {
    return v < this.minValue ? this.minValue : v > this.maxValue ? this.maxValue : v
  }
}
