import { InvalidArgumentError } from './errors.ts'
import type { Labels } from './label-set.ts'
import type { MetricDefinition } from './metric-kind.ts'
import { QuantileSketch } from './quantile-sketch.ts'
import type { SketchState } from './quantile-sketch.ts'
import { ChunkedRing } from './chunked-ring.ts'
import type { SavedChunks } from './chunked-ring-state.ts'
import { checkWeights, WeightedSampler } from './sampling.ts'
import type { PointSampler, SampleSink, SampleWeights } from './sampling.ts'
import type { SealQueue } from './seal-queue.ts'

/** A series' saved state (see Series.exportState). */
export interface SeriesState {
  labels: Labels
  /** Ring points, oldest first (with `chunks`: the raw points after the chunks). */
  timesMs: Float64Array
  values: Float64Array
  totalCount: number
  totalSum: number
  /** Per-bucket counts for a histogram (last slot +Inf), else null. */
  bucketCounts: Float64Array | null
  /** The sampler's weight log when the series is sampled, else null or absent. */
  weights?: SampleWeights | null
  /** The all-time quantile sketch when the series keeps one, else null or absent. */
  sketch?: SketchState | null
  /** The older points as compressed chunks (exportState with `compressed`), else null or absent. */
  chunks?: Pick<SavedChunks, 'chunks' | 'skip'> | null
}

/** Points a saved state holds, in its chunks and raw. */
export function savedPointCount (state: SeriesState): number {
  let n = state.timesMs.length
  if (state.chunks != null) {
    for (const c of state.chunks.chunks) n += c.words[0] ?? 0
    n -= state.chunks.skip
  }
  return n
}

let lastStamp = 0

/**
 * One series: a metric name and a label set, its recent points in a ring,
 * and the all-time totals the Prometheus exposition needs (a counter or a
 * histogram must not go down when old points age out of the ring).
 */
export class Series implements SampleSink {
  readonly name: string
  readonly labels: Labels
  readonly key: string
  readonly ring: ChunkedRing
  /** Points recorded since creation or the last clear. */
  totalCount = 0
  /** Sum of every value recorded since creation or the last clear. */
  totalSum = 0
  /** Histogram upper bounds, or null for gauges and counters. */
  readonly bounds: Float64Array | null
  /** Per-bucket (non-cumulative) counts; the last slot is +Inf. */
  readonly bucketCounts: Float64Array | null
  /** Exposition text for the labels, rendered once by the exporter. */
  labelText: string | null = null
  /** Decides which points reach the ring when the metric is sampled; null: all do. */
  sampler: PointSampler | null = null
  /** All-time quantile sketch, when the metric has one. */
  sketch: QuantileSketch | null = null
  /**
   * Changes whenever a point reaches the ring and on a clear or import,
   * never to a value any series had before: a figure read over the points
   * can be kept while it stays the same.
   */
  stamp = ++lastStamp

  /** `queue` seals the ring's full blocks later (see ChunkedRing); null seals them on the next point. */
  constructor (name: string, labels: Labels, key: string, capacity: number, definition: MetricDefinition, queue: SealQueue | null = null) {
    this.name = name
    this.labels = labels
    this.key = key
    this.ring = new ChunkedRing(capacity, queue)
    if (definition.kind === 'histogram') {
      this.bounds = Float64Array.from(definition.buckets)
      this.bucketCounts = new Float64Array(definition.buckets.length + 1)
    } else {
      this.bounds = null
      this.bucketCounts = null
    }
  }

  /** Records a validated point. The caller has checked `value` is finite. */
  record (value: number, timeMs: number): void {
    // Totals and buckets count every point, sampled or not: counters stay exact.
    this.totalCount++
    this.totalSum += value
    const bounds = this.bounds
    if (bounds !== null) {
      let i = 0
      const n = bounds.length
      while (i < n && value > bounds[i]) i++
      this.bucketCounts![i]++
    }
    if (this.sampler !== null) {
      this.sampler.offer(this, value, timeMs)
      return
    }
    this.ring.append(timeMs, value)
    this.stamp = ++lastStamp
    if (this.sketch !== null) this.sketch.add(value, 1)
  }

  /**
   * Records a validated point that stands for `weight` observations (finite,
   * >= 1): an aggregate, such as the mean of one export of a histogram.
   * The weight is kept when the metric's sampling mode is `weighted`;
   * otherwise the point is recorded as `record` does.
   */
  recordWeighted (value: number, weight: number, timeMs: number): void {
    const sampler = this.sampler
    if (!(sampler instanceof WeightedSampler)) {
      this.record(value, timeMs)
      return
    }
    this.totalCount++
    this.totalSum += value
    sampler.offerWeighted(this, value, timeMs, weight)
  }

  /** Stores a point a sampler kept, standing for `weight` recorded points. */
  keep (value: number, timeMs: number, weight: number): void {
    this.ring.append(timeMs, value)
    this.stamp = ++lastStamp
    if (this.sketch !== null) this.sketch.add(value, weight)
  }

  /**
   * A copy of the series' state: labels, ring points, all-time totals,
   * sampler weights and sketch. With `compressed`, the older points come as
   * the ring's compressed chunks (shared, not copied: chunks never change)
   * and `timesMs`/`values` hold only the raw newest points.
   */
  exportState ({ compressed = false }: { compressed?: boolean } = {}): SeriesState {
    let chunks: SeriesState['chunks'] = null
    let timesMs: Float64Array
    let values: Float64Array
    if (compressed) {
      const saved = this.ring.exportChunks()
      chunks = { chunks: saved.chunks, skip: saved.skip }
      timesMs = saved.timesMs
      values = saved.values
    } else {
      ({ timesMs, values } = this.ring.exportPoints())
    }
    return {
      ...(chunks === null ? {} : { chunks }),
      labels: this.labels,
      timesMs,
      values,
      totalCount: this.totalCount,
      totalSum: this.totalSum,
      bucketCounts: this.bucketCounts === null ? null : Float64Array.from(this.bucketCounts),
      weights: this.sampler?.exportWeights() ?? null,
      sketch: this.sketch?.exportState() ?? null
    }
  }

  /**
   * Adds a saved state to this series: points merged into the ring, totals
   * and bucket counts added, saved weights merged into the sampler's (a
   * series not sampled now ignores them: its points count once, as after
   * `setSampling(name, null)`), a saved sketch merged into the series'
   * sketch of the same accuracy (ignored without one). Throws
   * InvalidArgumentError when the bucket layout differs or the points,
   * weights or sketch are malformed; the series is then unchanged.
   */
  importState (state: SeriesState): void {
    const own = this.bucketCounts
    const other = state.bucketCounts
    if ((own === null) !== (other === null) || (own !== null && own.length !== other!.length)) {
      throw new InvalidArgumentError('bucketCounts', `series ${this.name}: saved buckets do not match the metric's`)
    }
    if (!Number.isFinite(state.totalCount) || !Number.isFinite(state.totalSum)) {
      throw new InvalidArgumentError('totals', `series ${this.name}: saved totals are not finite`)
    }
    if (state.weights != null) checkWeights(state.weights)
    const ownSketch = this.sketch
    const sketch = state.sketch != null && ownSketch !== null && state.sketch.relativeAccuracy === ownSketch.relativeAccuracy
      ? QuantileSketch.fromState(state.sketch)
      : null
    if (state.chunks != null) this.ring.importChunks({ ...state.chunks, timesMs: state.timesMs, values: state.values })
    else this.ring.importPoints(state.timesMs, state.values)
    if (state.weights != null) this.sampler?.importWeights(state.weights)
    if (sketch !== null) ownSketch!.merge(sketch)
    this.totalCount += state.totalCount
    this.totalSum += state.totalSum
    if (own !== null) for (let i = 0; i < own.length; i++) own[i] += other![i]
    this.stamp = ++lastStamp
  }

  clear (): void {
    this.stamp = ++lastStamp
    this.ring.clear()
    this.totalCount = 0
    this.totalSum = 0
    this.bucketCounts?.fill(0)
    if (this.sketch !== null) this.sketch = new QuantileSketch(this.sketch.relativeAccuracy)
  }
}
