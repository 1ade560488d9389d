import { fitCentredLine, residualSumOfSquares } from '../core/line-fit.ts'
import { studentTQuantile } from './distributions.ts'

/**
 * Ordinary least squares y = intercept + slope·x, closed form on centered
 * sums (no normal-equation cancellation; see core/line-fit.ts).
 * Definitions: docs/ANALYSIS.md.
 */
export interface SimpleRegression {
  n: number
  slope: number
  intercept: number
  /** s / √Sxx. */
  slope_stderr: number
  /** s·√(1/n + x̄²/Sxx). */
  intercept_stderr: number
  /** Pearson's r of x and y. */
  r: number
  r_squared: number
  /** s = √(RSS / (n − 2)). */
  residual_stddev: number
  /** x̄ and Sxx = Σ(x − x̄)², kept for intervals at a new x. */
  x_mean: number
  sxx: number
}

/**
 * Fits y on x; null with fewer than 3 points (a line through 2 leaves no
 * degree of freedom for the standard errors) or a constant x.
 */
export function simpleRegression (x: ArrayLike<number>, y: ArrayLike<number>): SimpleRegression | null {
  const fit = fitCentredLine(x, y, { minPoints: 3 })
  if (fit === null) return null
  const { n, slope, sxx, sxy, syy, xMean: mx } = fit
  const s = Math.sqrt(residualSumOfSquares(fit, x, y) / (n - 2))
  const r = syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy)
  return {
    n,
    slope,
    intercept: fit.yMean - slope * mx,
    slope_stderr: s / Math.sqrt(sxx),
    intercept_stderr: s * Math.sqrt(1 / n + mx * mx / sxx),
    r,
    r_squared: r * r,
    residual_stddev: s,
    x_mean: mx,
    sxx
  }
}

/** slope ± t(1 − α/2, n − 2)·stderr. */
export function slopeInterval (fit: SimpleRegression, alpha: number): [number, number] {
  const h = studentTQuantile(1 - alpha / 2, fit.n - 2) * fit.slope_stderr
  return [fit.slope - h, fit.slope + h]
}

/** A value with its 1 − alpha prediction interval for a new observation. */
export interface Prediction {
  value: number
  lower: number
  upper: number
}

/** ŷ(x0) ± t(1 − α/2, n − 2)·s·√(1 + 1/n + (x0 − x̄)²/Sxx). */
export function predictSimple (fit: SimpleRegression, x0: number, alpha: number): Prediction {
  const value = fit.intercept + fit.slope * x0
  const d = x0 - fit.x_mean
  const h = studentTQuantile(1 - alpha / 2, fit.n - 2) * fit.residual_stddev * Math.sqrt(1 + 1 / fit.n + d * d / fit.sxx)
  return { value, lower: value - h, upper: value + h }
}

/** Least squares with k regressors (columns of the design matrix X, n rows). */
export interface LinearModel {
  n: number
  k: number
  coefficients: Float64Array
  /** (XᵀX)⁻¹, k×k row-major: the coefficients' covariance is s²·(XᵀX)⁻¹. */
  inverse: Float64Array
  /** s² = RSS / (n − k). */
  residual_variance: number
  r_squared: number
}

/**
 * Fits y = Xβ by the normal equations with a Cholesky factorization; k is
 * small (≤ 4 here) and callers center and scale their columns, which keeps
 * XᵀX well conditioned. Null when n ≤ k or XᵀX is singular.
 */
export function leastSquares (columns: ReadonlyArray<ArrayLike<number>>, y: ArrayLike<number>): LinearModel | null {
  const k = columns.length
  const n = y.length
  if (n <= k) return null
  const a = new Float64Array(k * k)
  const b = new Float64Array(k)
  for (let i = 0; i < k; i++) {
    const ci = columns[i]
    for (let j = 0; j <= i; j++) {
      const cj = columns[j]
      let s = 0
      for (let r = 0; r < n; r++) s += ci[r] * cj[r]
      a[i * k + j] = s
      a[j * k + i] = s
    }
    let s = 0
    for (let r = 0; r < n; r++) s += ci[r] * y[r]
    b[i] = s
  }
  const inverse = invertSymmetric(a, k)
  if (inverse === null) return null
  const beta = new Float64Array(k)
  for (let i = 0; i < k; i++) {
    let s = 0
    for (let j = 0; j < k; j++) s += inverse[i * k + j] * b[j]
    beta[i] = s
  }
  let my = 0
  for (let r = 0; r < n; r++) my += y[r]
  my /= n
  let rss = 0
  let tss = 0
  for (let r = 0; r < n; r++) {
    let fit = 0
    for (let i = 0; i < k; i++) fit += beta[i] * columns[i][r]
    rss += (y[r] - fit) ** 2
    tss += (y[r] - my) ** 2
  }
  return { n, k, coefficients: beta, inverse, residual_variance: rss / (n - k), r_squared: tss === 0 ? 1 : 1 - rss / tss }
}

/** x0ᵀβ ± t(1 − α/2, n − k)·s·√(1 + x0ᵀ(XᵀX)⁻¹x0): a prediction interval at regressors x0. */
export function predictLinear (model: LinearModel, x0: ArrayLike<number>, alpha: number): Prediction {
  const k = model.k
  let value = 0
  let q = 0
  for (let i = 0; i < k; i++) {
    value += model.coefficients[i] * x0[i]
    for (let j = 0; j < k; j++) q += x0[i] * model.inverse[i * k + j] * x0[j]
  }
  const h = studentTQuantile(1 - alpha / 2, model.n - k) * Math.sqrt(model.residual_variance * (1 + q))
  return { value, lower: value - h, upper: value + h }
}

/** Inverse of a symmetric positive definite k×k matrix via Cholesky; null when not positive definite. */
function invertSymmetric (a: Float64Array, k: number): Float64Array | null {
  const l = new Float64Array(k * k)
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j]
      for (let m = 0; m < j; m++) s -= l[i * k + m] * l[j * k + m]
      if (i === j) {
        // Relative pivot test: a column that is (nearly) a combination of the others.
        if (!(s > 1e-12 * a[i * k + i])) return null
        l[i * k + i] = Math.sqrt(s)
      } else {
        l[i * k + j] = s / l[j * k + j]
      }
    }
  }
  // inv(A) = inv(L)ᵀ inv(L); invert L by forward substitution column by column.
  const li = new Float64Array(k * k)
  for (let c = 0; c < k; c++) {
    for (let i = c; i < k; i++) {
      let s = i === c ? 1 : 0
      for (let m = c; m < i; m++) s -= l[i * k + m] * li[m * k + c]
      li[i * k + c] = s / l[i * k + i]
    }
  }
  const inv = new Float64Array(k * k)
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0
      for (let m = Math.max(i, j); m < k; m++) s += li[m * k + i] * li[m * k + j]
      inv[i * k + j] = s
    }
  }
  return inv
}
