/**
 * Summary statistics of a selection of points. Definitions (docs/statistics.md):
 * - mean: arithmetic mean; stddev: population standard deviation (divide by n),
 *   as numpy.std and Prometheus' stddev_over_time.
 * - pXX: exact percentile with linear interpolation between closest ranks
 *   (Hyndman & Fan type 7, numpy's default): h = (n - 1) p,
 *   x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]) over the sorted values.
 */
export interface Statistics {
  count: number
  mean: number
  min: number
  max: number
  /** Value of the newest point. */
  latest: number
  stddev: number
  p50: number
  p90: number
  p95: number
  p99: number
  /** Time of the oldest point in the selection, epoch ms. */
  first_timestamp: number
  /** Time of the newest point in the selection, epoch ms. */
  latest_timestamp: number
}

/** What a read with no points returns: it says so, and carries no fake zeros. */
export interface NoData {
  count: 0
  no_data: true
  message: string
}

export type StatisticsResult = Statistics | NoData

export const NO_DATA: NoData = Object.freeze({ count: 0, no_data: true, message: 'no data recorded in this selection yet' })

export function hasData (s: StatisticsResult): s is Statistics {
  return s.count > 0
}

/** Percentile `p` (0..1) of values sorted ascending, type 7 interpolation. */
export function percentileSorted (sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length
  if (n === 0) return NaN
  if (n === 1) return sorted[0]
  const h = (n - 1) * p
  const lo = Math.floor(h)
  if (lo >= n - 1) return sorted[n - 1]
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo])
}

/**
 * Puts the k-th smallest of a[lo..hi] at a[k], smaller ones before it and
 * larger ones after (Hoare's quickselect, median-of-three pivot). O(n) on
 * average: four percentiles this way cost a fraction of a full sort, which
 * on 1,000 points measured about 40 µs on Node 24.
 */
function selectInPlace (a: number[], k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1
    // Median of three to a[mid], then use it as pivot.
    if (a[mid] < a[lo]) swap(a, mid, lo)
    if (a[hi] < a[lo]) swap(a, hi, lo)
    if (a[hi] < a[mid]) swap(a, hi, mid)
    const pivot = a[mid]
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i] < pivot) i++
      while (a[j] > pivot) j--
      if (i <= j) { swap(a, i, j); i++; j-- }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return
  }
}

function swap (a: number[], i: number, j: number): void {
  const t = a[i]; a[i] = a[j]; a[j] = t
}

/**
 * Type 7 percentiles for ascending `ps`, reordering `work` (a scratch copy).
 * Each selection narrows the range the next one searches.
 */
export function percentilesInPlace (work: number[], ps: readonly number[]): number[] {
  const n = work.length
  const out: number[] = []
  let from = 0
  for (const p of ps) {
    const h = (n - 1) * p
    const lo = Math.floor(h)
    selectInPlace(work, lo, from, n - 1)
    from = lo
    if (lo >= n - 1 || h === lo) {
      out.push(work[lo])
      continue
    }
    // The next order statistic is the smallest value above index lo.
    let next = work[lo + 1]
    for (let i = lo + 2; i < n; i++) if (work[i] < next) next = work[i]
    out.push(work[lo] + (h - lo) * (next - work[lo]))
  }
  return out
}

const PS = [0.5, 0.9, 0.95, 0.99]

/**
 * Statistics over `values` (time order) with their `timesMs`.
 * One pass for the moments, quickselect on a copy for the percentiles.
 */
export function summarize (timesMs: ArrayLike<number>, values: ArrayLike<number>): StatisticsResult {
  const n = values.length
  if (n === 0) return NO_DATA
  let sum = 0
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < n; i++) {
    const v = values[i]
    sum += v
    if (v < min) min = v
    if (v > max) max = v
  }
  const mean = sum / n
  // Second pass on deviations: stable where sum-of-squares would cancel.
  let sq = 0
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean
    sq += d * d
  }
  // A plain array: allocating a typed array per read measured several times
  // slower than the whole selection (its backing store is off-heap).
  const work = new Array<number>(n)
  for (let i = 0; i < n; i++) work[i] = values[i]
  const [p50, p90, p95, p99] = percentilesInPlace(work, PS)
  return {
    count: n,
    mean,
    min,
    max,
    latest: values[n - 1],
    stddev: Math.sqrt(sq / n),
    p50,
    p90,
    p95,
    p99,
    first_timestamp: timesMs[0],
    latest_timestamp: timesMs[n - 1]
  }
}
