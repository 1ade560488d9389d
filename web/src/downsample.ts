/** Points as two parallel columns, times in epoch ms, in time order. */
export interface Columns {
  t: number[]
  v: number[]
}

/**
 * Keeps the minimum and the maximum of each of `buckets` equal time slices
 * of [x0, x1], in time order: a line drawn through them covers the same
 * pixels as one through every point, at two points a pixel column. Points
 * outside [x0, x1] are dropped. With few enough points, they are returned
 * as they are (copied).
 *
 * @example
 * downsampleMinMax({ t: times, v: values }, now - 3_600_000, now, canvasWidthPx)
 */
export function downsampleMinMax (points: Columns, x0: number, x1: number, buckets: number): Columns {
  const { t, v } = points
  const n = t.length
  let from = lowerBound(t, x0)
  const to = upperBound(t, x1)
  if (to - from <= 2 * buckets || buckets < 1 || x1 <= x0) return { t: t.slice(from, to), v: v.slice(from, to) }
  const outT: number[] = []
  const outV: number[] = []
  const width = (x1 - x0) / buckets
  while (from < to && from < n) {
    const bucket = Math.min(buckets - 1, Math.floor((t[from] - x0) / width))
    // The last bucket takes everything up to x1, whatever the rounding.
    const end = bucket === buckets - 1 ? Infinity : x0 + (bucket + 1) * width
    let minI = from
    let maxI = from
    let i = from + 1
    for (; i < to && t[i] < end; i++) {
      if (v[i] < v[minI]) minI = i
      if (v[i] > v[maxI]) maxI = i
    }
    const first = Math.min(minI, maxI)
    const second = Math.max(minI, maxI)
    outT.push(t[first])
    outV.push(v[first])
    if (second !== first) {
      outT.push(t[second])
      outV.push(v[second])
    }
    from = i
  }
  return { t: outT, v: outV }
}

/** First index whose time is >= x. */
export function lowerBound (t: readonly number[], x: number): number {
  let lo = 0
  let hi = t.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (t[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First index whose time is > x. */
export function upperBound (t: readonly number[], x: number): number {
  let lo = 0
  let hi = t.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (t[mid] <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}
