import type { Columns } from './downsample.ts'
import { lowerBound, upperBound } from './downsample.ts'
import { maxDrawdownPct } from '../../src/trading/time-in-market.ts'

/**
 * One stretch where a curve is below its running peak: the polygon between
 * the peak (a level line) and the curve, in data coordinates (epoch ms,
 * value). It starts where the curve left the peak and ends where it got back
 * to it (interpolated between the two points around the crossing), or at the
 * curve's last point while it is still below.
 */
export interface DrawdownArea {
  peak: number
  t: number[]
  v: number[]
  /** Deepest fall below the peak in the area, in the curve's unit. */
  depth: number
}

/**
 * The drawdown areas of the points in [x0, x1] (the running peak starts at
 * the first point in the window), and the deepest fall as a percentage of
 * its peak by the server's own definition (`max_drawdown_equity_pct` of
 * GET /trading: null without points, or when a peak is not positive).
 *
 * @example
 * drawdownAreas({ t: [0, 1, 2, 3], v: [10, 12, 9, 13] }, 0, 3)
 * // areas: [{ peak: 12, t: [1, 2, 2.75], v: [12, 9, 12], depth: 3 }], maxPct: 25
 */
export function drawdownAreas (points: Columns, x0: number, x1: number): { areas: DrawdownArea[], maxPct: number | null } {
  const from = lowerBound(points.t, x0)
  const to = upperBound(points.t, x1)
  const areas: DrawdownArea[] = []
  let open: DrawdownArea | null = null
  let peak = -Infinity
  for (let i = from; i < to; i++) {
    const t = points.t[i]
    const v = points.v[i]
    if (open !== null && v >= open.peak) {
      // Back at the peak between the previous point and this one.
      const t0 = open.t[open.t.length - 1]
      const v0 = open.v[open.v.length - 1]
      open.t.push(t0 + (open.peak - v0) / (v - v0) * (t - t0))
      open.v.push(open.peak)
      areas.push(open)
      open = null
    }
    if (v >= peak) {
      peak = v
      continue
    }
    if (open === null) open = { peak, t: [points.t[i - 1]], v: [peak], depth: 0 }
    open.t.push(t)
    open.v.push(v)
    if (peak - v > open.depth) open.depth = peak - v
  }
  if (open !== null) {
    // Still below at the window's last point: close the polygon straight up to the peak.
    open.t.push(open.t[open.t.length - 1])
    open.v.push(open.peak)
    areas.push(open)
  }
  return { areas, maxPct: maxDrawdownPct(points.v.slice(from, to)) }
}
