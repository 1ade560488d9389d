import { fitCentredLine } from '../core/line-fit.ts'
import type { Direction } from './rule.ts'

/** A least-squares line through points: value(t) = intercept + slope (t - originMs). */
export interface LinearFit {
  /** Change of the value per second. */
  slopePerSecond: number
  /** Fitted value at `originMs`. */
  intercept: number
  /** Time the fit is centred on (the mean of the points' times), epoch ms. */
  originMs: number
  /** Points fitted. */
  count: number
}

/**
 * Ordinary least squares of values on times, as `numpy.polyfit(t, v, 1)`
 * (core/line-fit.ts): times centred on their mean and taken in seconds
 * before squaring, so epoch milliseconds cost the slope no digits. Returns
 * null with fewer than two points or one distinct time: a trend needs no
 * more, as it reports no standard errors.
 */
export function fitLine (timesMs: ArrayLike<number>, values: ArrayLike<number>): LinearFit | null {
  const fit = fitCentredLine(timesMs, values, { minPoints: 2, scale: 1000 })
  if (fit === null) return null
  return { slopePerSecond: fit.slope, intercept: fit.yMean, originMs: fit.xMean, count: fit.n }
}

/** The fitted value at `timeMs`. */
export function valueAt (fit: LinearFit, timeMs: number): number {
  return fit.intercept + fit.slopePerSecond * (timeMs - fit.originMs) / 1000
}

/**
 * When the fitted line crosses `threshold` going `direction`, epoch ms:
 * `nowMs` when the line is already beyond it at `nowMs`, the crossing time
 * when the trend heads towards it, null when it is flat or heads away.
 */
export function predictBreachMs (fit: LinearFit, threshold: number, direction: Direction, nowMs: number): number | null {
  const current = valueAt(fit, nowMs)
  const beyond = direction === 'above' ? current > threshold : current < threshold
  if (beyond) return nowMs
  const slope = fit.slopePerSecond
  if (slope === 0 || (direction === 'above') !== (slope > 0)) return null
  const at = fit.originMs + (threshold - fit.intercept) / slope * 1000
  return Number.isFinite(at) ? Math.round(at) : null
}
