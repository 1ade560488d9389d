import { InvalidArgumentError } from './errors.ts'

/**
 * An ordinary least-squares line y = ȳ + slope · (x − x̄) / scale, kept as
 * the centred sums it was fitted from, so that callers can derive what they
 * need (intercept, standard errors, r) without a second pass over sums.
 *
 * @example
 * const fit = fitCentredLine(timesMs, values, { scale: 1000 })   // slope per second
 * fit === null ? null : fit.yMean + fit.slope * (nowMs - fit.xMean) / 1000
 */
export interface CentredLineFit {
  /** Points fitted. */
  n: number
  /** x̄, in the units of x (epoch ms for times). */
  xMean: number
  /** ȳ: the line's value at x̄. */
  yMean: number
  /** Sxx = Σ((x − x̄) / scale)². */
  sxx: number
  /** Sxy = Σ((x − x̄) / scale)(y − ȳ). */
  sxy: number
  /** Syy = Σ(y − ȳ)². */
  syy: number
  /** Sxy / Sxx: change of y per `scale` units of x. */
  slope: number
  /** The divisor of x − x̄ (1: none). */
  scale: number
}

export interface LineFitOptions {
  /** Fewer points than this give no fit. Default 2, the fewest a line needs; at least 2. */
  minPoints?: number
  /** Divides x − x̄ before squaring, e.g. 1000 for times in ms and a slope per second. Default 1. */
  scale?: number
}

/**
 * Fits y on x by ordinary least squares, as `numpy.polyfit(x, y, 1)`,
 * from sums centred on the means: x is taken as x − x̄ (then divided by
 * `scale`) before squaring. Uncentred sums of epoch milliseconds (x² ~ 3e24)
 * would leave float64 no digits for the slope. Null with fewer than
 * `minPoints` points or a constant x. Throws InvalidArgumentError when x and
 * y differ in length or the options are out of range.
 */
export function fitCentredLine (x: ArrayLike<number>, y: ArrayLike<number>, options: LineFitOptions = {}): CentredLineFit | null {
  const minPoints = options.minPoints ?? 2
  const scale = options.scale ?? 1
  if (x.length !== y.length) throw new InvalidArgumentError('y', `must have as many points as x (${x.length}), got ${y.length}`)
  if (!Number.isInteger(minPoints) || minPoints < 2) throw new InvalidArgumentError('minPoints', `must be an integer of at least 2, got ${minPoints}`)
  if (!(scale > 0) || !Number.isFinite(scale)) throw new InvalidArgumentError('scale', `must be a positive number, got ${scale}`)
  const n = x.length
  if (n < minPoints) return null
  let sumX = 0
  let sumY = 0
  for (let i = 0; i < n; i++) { sumX += x[i]; sumY += y[i] }
  const xMean = sumX / n
  const yMean = sumY / n
  let sxx = 0
  let sxy = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = (x[i] - xMean) / scale
    const dy = y[i] - yMean
    sxx += dx * dx
    sxy += dx * dy
    syy += dy * dy
  }
  if (sxx === 0) return null
  return { n, xMean, yMean, sxx, sxy, syy, slope: sxy / sxx, scale }
}

/**
 * RSS = Σ(y − ŷ)² of `fit` over the points it was fitted to, from centred
 * values, so a large x (epoch ms) costs no digits.
 */
export function residualSumOfSquares (fit: CentredLineFit, x: ArrayLike<number>, y: ArrayLike<number>): number {
  let rss = 0
  for (let i = 0; i < fit.n; i++) {
    const e = (y[i] - fit.yMean) - fit.slope * (x[i] - fit.xMean) / fit.scale
    rss += e * e
  }
  return rss
}
