import { InvalidArgumentError } from '../core/errors.ts'

/**
 * Points grouped into fixed `step` buckets, one entry per non-empty bucket,
 * column by column (typed arrays: a 10,000-point read folds into a few
 * hundred rows without an object per point).
 */
export interface Downsampled {
  /** Bucket width, ms. */
  readonly stepMs: number
  /** Start of each bucket, epoch ms: originMs + k * stepMs. */
  readonly startMs: Float64Array
  /** Time of the bucket's first point, epoch ms. */
  readonly firstMs: Float64Array
  /** Points in the bucket (stored points; see `weight` for sampled series). */
  readonly count: Float64Array
  readonly min: Float64Array
  readonly max: Float64Array
  /** Mean of the bucket's values (weighted by `weight` when weights were given). */
  readonly mean: Float64Array
  /** Value of the bucket's newest point. */
  readonly last: Float64Array
  /** Sum of the points' weights: the estimated number of points recorded, when sampled; else equal to count. */
  readonly weight: Float64Array
}

/**
 * Points in time order as the analysis reads them: a store read (PointSet)
 * or any pair of parallel arrays.
 */
export interface SeriesPoints {
  readonly timesMs: ArrayLike<number>
  readonly values: ArrayLike<number>
}

/** One bucket as the JSON API returns it. */
export interface BucketJson {
  timestamp: number
  first_timestamp: number
  count: number
  min: number
  max: number
  mean: number
  last: number
  /** Present for sampled series: the estimated number of points the bucket stands for. */
  estimated_count?: number
}

/** Checks a step (ms) is usable: a finite number > 0. */
export function validateStep (stepMs: number, argument = 'step'): void {
  if (typeof stepMs !== 'number' || !Number.isFinite(stepMs) || stepMs <= 0) {
    throw new InvalidArgumentError(argument, `must be a positive number of milliseconds, got ${String(stepMs)}`)
  }
}

/**
 * Folds time-ordered points into buckets [originMs + k·stepMs, originMs + (k+1)·stepMs).
 * count, min, max, first and last are exact; the mean is sum / count.
 * Empty buckets are left out. `weights` (one per point, e.g. a sampled
 * series' inverse inclusion probabilities) weight the mean and fill `weight`.
 *
 * @example
 * const d = downsample(store.read('engine_cycle_time'), 60_000) // one row a minute
 */
export function downsample (points: SeriesPoints, stepMs: number, originMs = 0, weights?: ArrayLike<number>): Downsampled {
  validateStep(stepMs)
  if (!Number.isFinite(originMs)) throw new InvalidArgumentError('origin', 'must be a finite epoch ms')
  const { timesMs, values } = points
  const n = values.length
  // Bucket count is at most n; trim at the end.
  const startMs = new Float64Array(n)
  const firstMs = new Float64Array(n)
  const count = new Float64Array(n)
  const min = new Float64Array(n)
  const max = new Float64Array(n)
  const mean = new Float64Array(n)
  const last = new Float64Array(n)
  const weight = new Float64Array(n)
  let b = -1
  let key = NaN
  let sum = 0
  for (let i = 0; i < n; i++) {
    const t = timesMs[i]
    const v = values[i]
    const w = weights === undefined ? 1 : weights[i]
    const k = Math.floor((t - originMs) / stepMs)
    if (k !== key) {
      if (b >= 0) mean[b] = sum / weight[b]
      b++
      key = k
      startMs[b] = originMs + k * stepMs
      firstMs[b] = t
      min[b] = v
      max[b] = v
      sum = 0
    }
    count[b]++
    weight[b] += w
    sum += w * v
    if (v < min[b]) min[b] = v
    if (v > max[b]) max[b] = v
    last[b] = v
  }
  if (b >= 0) mean[b] = sum / weight[b]
  const m = b + 1
  return {
    stepMs,
    startMs: startMs.subarray(0, m),
    firstMs: firstMs.subarray(0, m),
    count: count.subarray(0, m),
    min: min.subarray(0, m),
    max: max.subarray(0, m),
    mean: mean.subarray(0, m),
    last: last.subarray(0, m),
    weight: weight.subarray(0, m)
  }
}

/** Buckets as JSON rows; `estimated_count` only when a bucket's weight differs from its count. */
export function bucketsToJson (d: Downsampled): BucketJson[] {
  const rows: BucketJson[] = new Array(d.startMs.length)
  for (let i = 0; i < rows.length; i++) {
    const row: BucketJson = {
      timestamp: d.startMs[i],
      first_timestamp: d.firstMs[i],
      count: d.count[i],
      min: d.min[i],
      max: d.max[i],
      mean: d.mean[i],
      last: d.last[i]
    }
    if (d.weight[i] !== d.count[i]) row.estimated_count = d.weight[i]
    rows[i] = row
  }
  return rows
}

/**
 * Events per second in each `stepMs` bucket from the one holding `fromMs`
 * to the one holding `toMs`, empty buckets included as 0: one point per
 * bucket, at its start. A series of events (trades, messages) read as a
 * frequency: bucket means would average the events' values (a trade's
 * P&L), and leaving out the quiet buckets would hide the zeros a
 * correlation needs. Points outside the range are not counted.
 *
 * @example
 * eventRate(store.read('trade_closed'), 60_000, sinceMs, untilMs) // trades per second, minute by minute
 */
export function eventRate (points: SeriesPoints, stepMs: number, fromMs: number, toMs: number, originMs = 0): { timesMs: Float64Array, values: Float64Array } {
  validateStep(stepMs)
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) {
    return { timesMs: new Float64Array(0), values: new Float64Array(0) }
  }
  const first = Math.floor((fromMs - originMs) / stepMs)
  const last = Math.floor((toMs - originMs) / stepMs)
  const buckets = last - first + 1
  if (buckets > 10_000_000) throw new InvalidArgumentError('step', `gives ${buckets} buckets over the range; use a coarser step`)
  const timesMs = new Float64Array(buckets)
  const values = new Float64Array(buckets)
  for (let k = 0; k < buckets; k++) timesMs[k] = originMs + (first + k) * stepMs
  const { timesMs: t } = points
  for (let i = 0; i < t.length; i++) {
    if (t[i] < fromMs || t[i] > toMs) continue
    values[Math.floor((t[i] - originMs) / stepMs) - first]++
  }
  const perSecond = 1000 / stepMs
  for (let k = 0; k < buckets; k++) values[k] *= perSecond
  return { timesMs, values }
}
