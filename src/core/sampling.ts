import { InvalidArgumentError } from './errors.ts'
import { WeightLog } from './weight-log.ts'
import type { SampleWeights } from './weight-log.ts'
import { seededRandom } from './seeded-random.ts'

export type { SampleWeights } from './weight-log.ts'
export { seededRandom } from './seeded-random.ts'

/**
 * Opt-in sampling of a metric's points (docs/ANALYSIS.md, "Sampling"):
 * - `every_nth`: keeps one point in `interval`, from a random phase;
 * - `reservoir`: keeps a uniform random sample of at most `size` points in
 *   each `windowMs` window (Vitter's algorithm R), stored when the window closes;
 * - `adaptive`: `every_nth` whose interval a controller raises while the
 *   event loop lags and lowers again when it recovers;
 * - `weighted`: keeps every point, each with the weight its recorder gives
 *   (`Series.recordWeighted`): a point that is an aggregate, such as the
 *   mean of one export of a histogram, stands for its observations.
 * Every kept point stands for 1 / (its inclusion probability) points, its
 * weight; summaries weight by it, so they stay unbiased and say they are sampled.
 */
export type SamplingOptions =
  | { mode: 'every_nth', interval: number, seed?: number }
  | { mode: 'reservoir', windowMs: number, size: number, seed?: number }
  | { mode: 'adaptive', minInterval?: number, maxInterval?: number, highLagMs?: number, lowLagMs?: number, seed?: number }
  | { mode: 'weighted', seed?: undefined }

export type SamplingMode = SamplingOptions['mode']

/** What a summary of a sampled metric says about it. */
export interface SampledInfo {
  mode: SamplingMode
  /** Stored points / points they stand for, over the selection (1 = nothing dropped). */
  rate: number
}

/** Where a sampler puts the points it keeps: a series. */
export interface SampleSink {
  keep: (value: number, timeMs: number, weight: number) => void
}

/** A per-series sampler. */
export interface PointSampler {
  readonly mode: SamplingMode
  /** Offers a recorded point; kept ones go to `sink.keep`. */
  offer: (sink: SampleSink, value: number, timeMs: number) => void
  /** Stores what is pending for windows closed by `nowMs` (reservoir); no-op otherwise. */
  flush: (sink: SampleSink, nowMs: number) => void
  /** Weight of a stored point at `timeMs`: 1 for points stored before sampling began. */
  weightAt: (timeMs: number) => number
  /** A copy of the weight log. */
  exportWeights: () => SampleWeights
  /** Merges a saved weight log (checked by `checkWeights`) into this one. */
  importWeights: (saved: SampleWeights) => void
}

/** Throws InvalidArgumentError unless `w` is a weight log: equal lengths, finite times in order, weights >= 1. */
export function checkWeights (w: SampleWeights): void {
  const n = w.fromMs.length
  if (w.weights.length !== n) throw new InvalidArgumentError('weights', `${n} times but ${w.weights.length} weights`)
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(w.fromMs[i]) || (i > 0 && w.fromMs[i] < w.fromMs[i - 1])) throw new InvalidArgumentError('weights', `time at index ${i} is not finite or out of order`)
    if (!(w.weights[i] >= 1 && w.weights[i] < Infinity)) throw new InvalidArgumentError('weights', `weight at index ${i} is not a finite number >= 1`)
  }
}

function positiveInteger (name: string, v: unknown, max = 1e9): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) throw new InvalidArgumentError(name, `must be an integer 1..${max}, got ${String(v)}`)
  return v
}

/** Checks sampling options; throws InvalidArgumentError naming the field. */
export function validateSampling (o: SamplingOptions): void {
  if (o === null || typeof o !== 'object') throw new InvalidArgumentError('sampling', 'must be an object with a mode')
  if (o.seed !== undefined && !Number.isInteger(o.seed)) throw new InvalidArgumentError('sampling.seed', 'must be an integer')
  if (o.mode === 'every_nth') {
    positiveInteger('sampling.interval', o.interval)
  } else if (o.mode === 'reservoir') {
    if (typeof o.windowMs !== 'number' || !Number.isFinite(o.windowMs) || o.windowMs <= 0) throw new InvalidArgumentError('sampling.windowMs', 'must be a positive number of ms')
    positiveInteger('sampling.size', o.size, 1_000_000)
  } else if (o.mode === 'adaptive') {
    const min = positiveInteger('sampling.minInterval', o.minInterval ?? 1)
    const max = positiveInteger('sampling.maxInterval', o.maxInterval ?? 1024)
    if (max < min) throw new InvalidArgumentError('sampling.maxInterval', 'must be >= minInterval')
    const high = o.highLagMs ?? 50
    const low = o.lowLagMs ?? 20
    if (!(low >= 0 && high > low && Number.isFinite(high))) throw new InvalidArgumentError('sampling.highLagMs', 'must be finite and greater than lowLagMs >= 0')
  } else if (o.mode !== 'weighted') {
    throw new InvalidArgumentError('sampling.mode', `must be every_nth, reservoir, adaptive or weighted, got ${String((o as { mode: unknown }).mode)}`)
  }
}

/** What every sampler does with weights: logs the weight its kept points stand for, by time. */
abstract class WeightLoggingSampler {
  protected readonly weights: WeightLog

  constructor (capacity: number) {
    this.weights = new WeightLog(capacity)
  }

  weightAt (timeMs: number): number {
    return this.weights.at(timeMs)
  }

  exportWeights (): SampleWeights {
    return this.weights.export()
  }

  importWeights (saved: SampleWeights): void {
    this.weights.import(saved)
  }
}

/** Keeps one point in `interval` (the first one at a random phase); each kept point weighs `interval`. */
export class EveryNthSampler extends WeightLoggingSampler implements PointSampler {
  readonly mode: 'every_nth' | 'adaptive'
  private intervalNow: number
  private countdown: number
  private logged = 0

  constructor (interval: number, capacity: number, seed = 1, mode: 'every_nth' | 'adaptive' = 'every_nth') {
    super(capacity)
    this.mode = mode
    this.intervalNow = interval
    // A random phase makes systematic sampling unbiased for totals.
    this.countdown = 1 + Math.floor(seededRandom(seed)() * interval)
  }

  get interval (): number {
    return this.intervalNow
  }

  /** Changes the interval; takes effect from the next kept point. */
  setInterval (interval: number): void {
    this.intervalNow = interval
    if (this.countdown > interval) this.countdown = interval
  }

  offer (sink: SampleSink, value: number, timeMs: number): void {
    if (--this.countdown > 0) return
    const n = this.intervalNow
    this.countdown = n
    if (n !== this.logged) {
      this.weights.append(timeMs, n)
      this.logged = n
    }
    sink.keep(value, timeMs, n)
  }

  flush (): void {}
}

/**
 * Keeps a uniform sample of at most `size` points per `windowMs` window
 * (algorithm R). When a window closes (the first point of a later window,
 * or `flush`), its sample is stored in time order, each point weighing
 * seen / kept, so the window's estimated count is exact.
 * A point older than the open window is counted in the open window.
 */
export class ReservoirSampler extends WeightLoggingSampler implements PointSampler {
  readonly mode = 'reservoir'
  readonly windowMs: number
  readonly size: number
  private windowStart = NaN
  private seen = 0
  private readonly times: Float64Array
  private readonly values: Float64Array
  private readonly order: Uint32Array
  private readonly random: () => number

  constructor (windowMs: number, size: number, capacity: number, seed = 1) {
    super(capacity)
    this.windowMs = windowMs
    this.size = size
    this.times = new Float64Array(size)
    this.values = new Float64Array(size)
    this.order = new Uint32Array(size)
    this.random = seededRandom(seed)
  }

  offer (sink: SampleSink, value: number, timeMs: number): void {
    if (!(timeMs < this.windowStart + this.windowMs)) {
      this.store(sink)
      this.windowStart = Math.floor(timeMs / this.windowMs) * this.windowMs
    }
    const seen = ++this.seen
    if (seen <= this.size) {
      this.times[seen - 1] = timeMs
      this.values[seen - 1] = value
      return
    }
    const j = Math.floor(this.random() * seen)
    if (j < this.size) {
      this.times[j] = timeMs
      this.values[j] = value
    }
  }

  flush (sink: SampleSink, nowMs: number): void {
    if (this.seen > 0 && nowMs >= this.windowStart + this.windowMs) this.store(sink)
  }

  /** Stores the open window's sample in time order. */
  private store (sink: SampleSink): void {
    const seen = this.seen
    if (seen === 0) return
    const kept = Math.min(seen, this.size)
    const weight = seen / kept
    const order = this.order.subarray(0, kept)
    for (let i = 0; i < kept; i++) order[i] = i
    const times = this.times
    order.sort((a, b) => times[a] - times[b])
    this.weights.append(this.windowStart, weight)
    for (let i = 0; i < kept; i++) sink.keep(this.values[order[i]], times[order[i]], weight)
    this.seen = 0
  }
}

/**
 * Keeps every point with the weight its recorder gives (1 through `offer`).
 * The log gets an entry per point, not per change of weight: a point
 * recorded out of time order still finds its own weight. Two points of a
 * series at the same millisecond both take the later one's weight.
 */
export class WeightedSampler extends WeightLoggingSampler implements PointSampler {
  readonly mode = 'weighted'

  offer (sink: SampleSink, value: number, timeMs: number): void {
    this.offerWeighted(sink, value, timeMs, 1)
  }

  /** Stores a point standing for `weight` (finite, >= 1) recorded observations. */
  offerWeighted (sink: SampleSink, value: number, timeMs: number, weight: number): void {
    this.weights.append(timeMs, weight)
    sink.keep(value, timeMs, weight)
  }

  flush (): void {}
}

/** A sampler for one series of a metric sampled with `options` (already validated). */
export function createSampler (options: SamplingOptions, capacity: number, initialInterval?: number): PointSampler {
  switch (options.mode) {
    case 'every_nth': return new EveryNthSampler(options.interval, capacity, options.seed ?? 1)
    case 'reservoir': return new ReservoirSampler(options.windowMs, options.size, capacity, options.seed ?? 1)
    case 'adaptive': return new EveryNthSampler(initialInterval ?? options.minInterval ?? 1, capacity, options.seed ?? 1, 'adaptive')
    case 'weighted': return new WeightedSampler(capacity)
  }
}
