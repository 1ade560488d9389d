import { studentTQuantile } from '../analysis/distributions.ts'
import { fitCentredLine, residualSumOfSquares } from '../core/line-fit.ts'
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
  /** Newest minus oldest time of the points fitted, ms. */
  spanMs: number
  /** Standard error of the slope, per second: s / √Sxx, s = √(RSS / (n − 2)); NaN with 2 points. */
  slopeStderr: number
}

/**
 * Ordinary least squares of values on times, as `numpy.polyfit(t, v, 1)`
 * (core/line-fit.ts): times centred on their mean and taken in seconds
 * before squaring, so epoch milliseconds cost the slope no digits. Returns
 * null with fewer than two points or one distinct time. Times need not be
 * sorted (points of several series are fitted together).
 */
export function fitLine (timesMs: ArrayLike<number>, values: ArrayLike<number>): LinearFit | null {
  const fit = fitCentredLine(timesMs, values, { minPoints: 2, scale: 1000 })
  if (fit === null) return null
  let first = Infinity
  let last = -Infinity
  for (let i = 0; i < timesMs.length; i++) {
    if (timesMs[i] < first) first = timesMs[i]
    if (timesMs[i] > last) last = timesMs[i]
  }
  const slopeStderr = fit.n > 2 ? Math.sqrt(residualSumOfSquares(fit, timesMs, values) / (fit.n - 2) / fit.sxx) : NaN
  return { slopePerSecond: fit.slope, intercept: fit.yMean, originMs: fit.xMean, count: fit.n, spanMs: last - first, slopeStderr }
}

/** The fitted value at `timeMs`. */
export function valueAt (fit: LinearFit, timeMs: number): number {
  return fit.intercept + fit.slopePerSecond * (timeMs - fit.originMs) / 1000
}

/**
 * When the fitted line crosses `threshold` going `direction`, epoch ms:
 * `nowMs` when the line is already beyond it at `nowMs`, the crossing time
 * when the trend heads towards it, null when it is flat or heads away.
 * No test of the history or the slope: `predictBreach` adds them.
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

/** What a trend needs before it may predict. */
export interface PredictionGuard {
  /** Fewest points in the window. */
  minPoints: number
  /** Shortest time from the window's oldest point to its newest, ms. */
  minHistoryMs: number
}

/** Significance of the slope test: the slope's 95 % interval must exclude 0. */
export const PREDICTION_ALPHA = 0.05

/** A prediction: when the threshold is crossed, or null and why not. */
export interface GuardedPrediction {
  /** Epoch ms; null when there is no prediction. */
  atMs: number | null
  /** Why `atMs` is null (a sentence with the figures); null with a prediction. */
  reason: string | null
}

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`

/**
 * `predictBreachMs` that does not cry wolf: a fit of too few points, or of
 * points spanning too little time (a process that just started), predicts
 * nothing; nor does a slope whose 1 − PREDICTION_ALPHA interval,
 * slope ± t(0.975, n − 2)·se, contains 0 (noise around a flat level).
 * A fitted level already beyond the threshold needs no slope: it is now.
 * `pointCount` names the points in the window when there is no fit (one
 * point, or one distinct time).
 */
export function predictBreach (fit: LinearFit | null, threshold: number, direction: Direction, nowMs: number, guard: PredictionGuard,
  pointCount = fit?.count ?? 0): GuardedPrediction {
  const n = fit?.count ?? pointCount
  if (fit === null || n < guard.minPoints) {
    return { atMs: null, reason: `${n} point${n === 1 ? '' : 's'} in the window; a prediction needs at least ${guard.minPoints}` }
  }
  if (fit.spanMs < guard.minHistoryMs) {
    return { atMs: null, reason: `the points span ${seconds(fit.spanMs)}; a prediction needs at least ${seconds(guard.minHistoryMs)} of history` }
  }
  const current = valueAt(fit, nowMs)
  if (direction === 'above' ? current > threshold : current < threshold) return { atMs: nowMs, reason: null }
  const half = Number.isFinite(fit.slopeStderr) ? studentTQuantile(1 - PREDICTION_ALPHA / 2, n - 2) * fit.slopeStderr : Infinity
  if (!(Math.abs(fit.slopePerSecond) > half)) {
    return { atMs: null, reason: `the slope ${fit.slopePerSecond.toPrecision(3)}/s ± ${half.toPrecision(3)} (95 %) includes 0: no trend to project` }
  }
  const at = predictBreachMs(fit, threshold, direction, nowMs)
  return at === null ? { atMs: null, reason: `the trend heads away from ${threshold}` } : { atMs: at, reason: null }
}
