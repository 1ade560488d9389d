import type { Labels } from './label-set.ts'
import type { Series } from './series.ts'

/**
 * Points in time order, as two parallel arrays. Plain arrays, not typed
 * ones: a read is short-lived, and a typed array's off-heap backing store
 * measured about 10x the cost of the copy itself.
 */
export interface PointSet {
  readonly timesMs: number[]
  readonly values: number[]
}

/** What to read: a time window (inclusive, epoch ms), the last N points, a label filter. */
export interface Selection {
  sinceMs?: number
  untilMs?: number
  lastN?: number
  labels?: Labels
}

const empty = (): PointSet => ({ timesMs: [], values: [] })

/** Logical [from, to) of a series' ring inside the selection's window and last N. */
function rangeOf (series: Series, sel: Selection): [number, number] {
  const ring = series.ring
  const from = sel.sinceMs === undefined ? 0 : ring.lowerBound(sel.sinceMs)
  const to = sel.untilMs === undefined ? ring.size : ring.upperBound(sel.untilMs)
  if (sel.lastN !== undefined && to - from > sel.lastN) return [to - sel.lastN, to]
  return [from, to]
}

/** Reads one series' points within the selection (label filter not applied). */
export function readSeries (series: Series, sel: Selection): PointSet {
  const [from, to] = rangeOf(series, sel)
  if (to <= from) return empty()
  const timesMs = new Array<number>(to - from)
  const values = new Array<number>(to - from)
  series.ring.copyRange(from, to, timesMs, values, 0)
  return { timesMs, values }
}

/**
 * Reads several series and merges them in time order (stable: equal times
 * keep series order), then keeps the last N of the merged points.
 */
export function readMerged (seriesList: readonly Series[], sel: Selection): PointSet {
  if (seriesList.length === 0) return empty()
  if (seriesList.length === 1) return readSeries(seriesList[0], sel)
  let parts: PointSet[] = []
  for (const s of seriesList) {
    const p = readSeries(s, sel)
    if (p.values.length > 0) parts.push(p)
  }
  if (parts.length === 0) return empty()
  // Pairwise merges: log2(k) passes over the points.
  while (parts.length > 1) {
    const next: PointSet[] = []
    for (let i = 0; i < parts.length; i += 2) {
      next.push(i + 1 < parts.length ? mergeTwo(parts[i], parts[i + 1]) : parts[i])
    }
    parts = next
  }
  const merged = parts[0]
  const n = merged.values.length
  if (sel.lastN !== undefined && n > sel.lastN) {
    return { timesMs: merged.timesMs.slice(n - sel.lastN), values: merged.values.slice(n - sel.lastN) }
  }
  return merged
}

function mergeTwo (a: PointSet, b: PointSet): PointSet {
  const na = a.values.length
  const nb = b.values.length
  const timesMs = new Array<number>(na + nb)
  const values = new Array<number>(na + nb)
  let i = 0
  let j = 0
  let k = 0
  while (i < na && j < nb) {
    if (b.timesMs[j] < a.timesMs[i]) {
      timesMs[k] = b.timesMs[j]; values[k++] = b.values[j++]
    } else {
      timesMs[k] = a.timesMs[i]; values[k++] = a.values[i++]
    }
  }
  while (i < na) { timesMs[k] = a.timesMs[i]; values[k++] = a.values[i++] }
  while (j < nb) { timesMs[k] = b.timesMs[j]; values[k++] = b.values[j++] }
  return { timesMs, values }
}
