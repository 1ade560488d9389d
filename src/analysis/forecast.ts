import { InvalidArgumentError } from '../core/errors.ts'
import { validateAlpha } from './compare.ts'
import { leastSquares, predictLinear, predictSimple, simpleRegression } from './regression.ts'
import type { LinearModel, Prediction, SimpleRegression } from './regression.ts'
import type { SeriesPoints } from './downsample.ts'

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

export const Seasonality = { auto: 'auto', none: 'none', daily: 'daily' } as const
export type Seasonality = typeof Seasonality[keyof typeof Seasonality]

export interface ForecastOptions {
  /** How far past the newest point to project, ms (> 0). */
  horizonMs: number
  /** A level whose crossing by the fitted trend is searched within the horizon. */
  threshold?: number
  /** `auto` (default): a daily term when the history spans at least 2 days. */
  seasonality?: Seasonality
  /** 1 − confidence of the prediction intervals; default 0.05. */
  alpha?: number
  /** Points in the projected path, 1..1000; default 24. */
  steps?: number
}

export interface ForecastPoint extends Prediction {
  timestamp: number
}

export interface ForecastResult {
  model: 'linear' | 'linear_daily'
  n: number
  /** Time between the oldest and newest point, ms. */
  history_ms: number
  /** Trend per hour, in the metric's unit, and its standard error. */
  slope_per_hour: number
  slope_stderr_per_hour: number
  r_squared: number
  residual_stddev: number
  confidence: number
  /** The fitted value and prediction interval at newest point + horizon. */
  projection: ForecastPoint
  /** `steps` evenly spaced projections up to the horizon. */
  path: ForecastPoint[]
  threshold: {
    value: number
    /** Where the fitted value at the newest point is relative to the threshold. */
    side: 'above' | 'below'
    /** First time within the horizon the fitted trend reaches the threshold, epoch ms; null if it does not. */
    crossing_timestamp: number | null
  } | null
}

/** Too few points (or no spread in time) to fit a trend. */
export interface ForecastInsufficient {
  insufficient_data: true
  n: number
  message: string
}

/** Minimum points for the seasonal model: 4 coefficients and some residual degrees of freedom. */
const MIN_SEASONAL_POINTS = 12

/**
 * Fits a least-squares trend to a series (optionally with a daily
 * sine/cosine term) and projects it `horizonMs` ahead with a prediction
 * interval. Definitions: docs/ANALYSIS.md.
 *
 * @example
 * forecast(store.read('memory_percent'), { horizonMs: 7 * 86_400_000, threshold: 90 })
 */
export function forecast (points: SeriesPoints, options: ForecastOptions): ForecastResult | ForecastInsufficient {
  const { horizonMs } = options
  if (typeof horizonMs !== 'number' || !Number.isFinite(horizonMs) || horizonMs <= 0) {
    throw new InvalidArgumentError('horizon', `must be a positive number of milliseconds, got ${String(horizonMs)}`)
  }
  if (options.threshold !== undefined && (typeof options.threshold !== 'number' || !Number.isFinite(options.threshold))) {
    throw new InvalidArgumentError('threshold', `must be a finite number, got ${String(options.threshold)}`)
  }
  const steps = options.steps ?? 24
  if (!Number.isInteger(steps) || steps < 1 || steps > 1000) throw new InvalidArgumentError('steps', `must be an integer 1..1000, got ${String(steps)}`)
  const alpha = validateAlpha(options.alpha)
  const seasonality = options.seasonality ?? Seasonality.auto
  if (!Object.values(Seasonality).includes(seasonality)) {
    throw new InvalidArgumentError('seasonality', `must be auto, none or daily, got ${String(seasonality)}`)
  }
  const { timesMs, values } = points
  const n = values.length
  const first = n > 0 ? timesMs[0] : NaN
  const last = n > 0 ? timesMs[n - 1] : NaN
  const history = n > 0 ? last - first : 0
  const enough = history >= 2 * DAY_MS && n >= MIN_SEASONAL_POINTS
  if (seasonality === Seasonality.daily && !enough) {
    throw new InvalidArgumentError('seasonality', `daily needs at least 2 days and ${MIN_SEASONAL_POINTS} points of history, have ${(history / HOUR_MS).toFixed(1)} h and ${n} points`)
  }
  const model = seasonality === Seasonality.none || !enough ? linearModel(timesMs, values, last) : dailyModel(timesMs, values)
  if (model === null) {
    return { insufficient_data: true, n, message: 'a trend needs at least 3 points at 2 or more distinct times' }
  }
  const path: ForecastPoint[] = []
  for (let s = 1; s <= steps; s++) {
    const t = last + horizonMs * s / steps
    path.push({ timestamp: t, ...model.predict(t, alpha) })
  }
  let threshold: ForecastResult['threshold'] = null
  if (options.threshold !== undefined) {
    const level = options.threshold
    const side = model.mean(last) >= level ? 'above' : 'below'
    threshold = { value: level, side, crossing_timestamp: findCrossing(model.mean, last, last + horizonMs, level, side) }
  }
  return {
    model: model.name,
    n,
    history_ms: history,
    slope_per_hour: model.slopePerHour,
    slope_stderr_per_hour: model.slopeStderrPerHour,
    r_squared: model.rSquared,
    residual_stddev: model.residualStddev,
    confidence: 1 - alpha,
    projection: path[path.length - 1],
    path,
    threshold
  }
}

interface FittedTrend {
  name: ForecastResult['model']
  slopePerHour: number
  slopeStderrPerHour: number
  rSquared: number
  residualStddev: number
  mean: (t: number) => number
  predict: (t: number, alpha: number) => Prediction
}

/** y = a + b·h, h = hours from the newest point. */
function linearModel (timesMs: ArrayLike<number>, values: ArrayLike<number>, last: number): FittedTrend | null {
  const x = new Float64Array(timesMs.length)
  for (let i = 0; i < x.length; i++) x[i] = (timesMs[i] - last) / HOUR_MS
  const fit: SimpleRegression | null = simpleRegression(x, values)
  if (fit === null) return null
  return {
    name: 'linear',
    slopePerHour: fit.slope,
    slopeStderrPerHour: fit.slope_stderr,
    rSquared: fit.r_squared,
    residualStddev: fit.residual_stddev,
    mean: (t) => fit.intercept + fit.slope * (t - last) / HOUR_MS,
    predict: (t, alpha) => predictSimple(fit, (t - last) / HOUR_MS, alpha)
  }
}

/** Regressors of the daily model at time t: 1, days from the mean time, sin and cos of the time of day. */
function dailyRow (t: number, center: number, out: Float64Array): Float64Array {
  const phase = 2 * Math.PI * (((t % DAY_MS) + DAY_MS) % DAY_MS) / DAY_MS
  out[0] = 1
  out[1] = (t - center) / DAY_MS
  out[2] = Math.sin(phase)
  out[3] = Math.cos(phase)
  return out
}

/** y = a + b·d + c·sin(2π·tod) + e·cos(2π·tod), d in days from the mean time, tod the UTC time of day in days. */
function dailyModel (timesMs: ArrayLike<number>, values: ArrayLike<number>): FittedTrend | null {
  const n = timesMs.length
  let center = 0
  for (let i = 0; i < n; i++) center += timesMs[i]
  center /= n
  const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)]
  const row = new Float64Array(4)
  for (let i = 0; i < n; i++) {
    dailyRow(timesMs[i], center, row)
    for (let c = 0; c < 4; c++) cols[c][i] = row[c]
  }
  const fit: LinearModel | null = leastSquares(cols, values)
  if (fit === null) return null
  const s2 = fit.residual_variance
  return {
    name: 'linear_daily',
    slopePerHour: fit.coefficients[1] / 24,
    slopeStderrPerHour: Math.sqrt(s2 * fit.inverse[1 * 4 + 1]) / 24,
    rSquared: fit.r_squared,
    residualStddev: Math.sqrt(s2),
    mean: (t) => {
      const x = dailyRow(t, center, new Float64Array(4))
      return fit.coefficients[0] * x[0] + fit.coefficients[1] * x[1] + fit.coefficients[2] * x[2] + fit.coefficients[3] * x[3]
    },
    predict: (t, alpha) => predictLinear(fit, dailyRow(t, center, new Float64Array(4)), alpha)
  }
}

/**
 * First t in (from, to] where f reaches `level` coming from `side`: a scan
 * on a grid fine enough for a daily wave (2,000 cells over the horizon,
 * each at most 5 minutes wide for long horizons), then bisection to 0.01 ms, rounded to the ms.
 */
function findCrossing (f: (t: number) => number, from: number, to: number, level: number, side: 'above' | 'below'): number | null {
  const reached = (t: number): boolean => side === 'below' ? f(t) >= level : f(t) < level
  const cells = Math.max(2000, Math.ceil((to - from) / 300_000))
  const capped = Math.min(cells, 200_000)
  let prev = from
  for (let c = 1; c <= capped; c++) {
    const t = from + (to - from) * c / capped
    if (reached(t)) {
      let lo = prev
      let hi = t
      for (let k = 0; k < 80 && hi - lo > 0.01; k++) {
        const mid = (lo + hi) / 2
        if (reached(mid)) hi = mid
        else lo = mid
      }
      return Math.round(hi)
    }
    prev = t
  }
  return null
}
