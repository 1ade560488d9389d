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
 * Ordinary least squares of values on times, as `numpy.polyfit(t, v, 1)`.
 * Times are centred on their mean and taken in seconds before squaring:
 * epoch milliseconds squared (~3e24) would leave float64 no digits for the
 * slope. Returns null with fewer than two points or one distinct time.
 */
export function fitLine (timesMs: ArrayLike<number>, values: ArrayLike<number>): LinearFit | null {
  const n = values.length
  if (n < 2) return null
  let sumT = 0
  let sumV = 0
  for (let i = 0; i < n; i++) { sumT += timesMs[i]; sumV += values[i] }
  const meanT = sumT / n
  const meanV = sumV / n
  let sxx = 0
  let sxy = 0
  for (let i = 0; i < n; i++) {
    const dt = (timesMs[i] - meanT) / 1000
    sxx += dt * dt
    sxy += dt * (values[i] - meanV)
  }
  if (sxx === 0) return null
  return { slopePerSecond: sxy / sxx, intercept: meanV, originMs: meanT, count: n }
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
