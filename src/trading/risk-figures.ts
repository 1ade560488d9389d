import type { DailyReturns } from './return-ratios.ts'

/** Days in the rolling Sharpe ratio's window. */
export const ROLLING_SHARPE_DAYS = 30

/** How the risk figures were computed; stated in every answer so a reader can compare them with a peer's. */
export interface RiskConvention {
  /** Always 0: returns are not reduced by a risk-free rate. */
  risk_free_rate: number
  /** Annualisation factor of the rolling Sharpe ratio (the ledger's `periodsPerYear`). */
  periods_per_year: number
  /** Always `daily`: one realized return per UTC day, days without trades as 0. */
  returns: 'daily'
  /** Confidence of var_95 and cvar_95. */
  confidence: number
}

/**
 * Risk figures of daily returns; each null with a reason in `null_reasons`
 * when undefined. Definitions: docs/TRADING_METRICS.md ("Risk figures").
 * Returns and drawdowns are fractions (0.05 = 5 %).
 */
export interface RiskFigures {
  convention: RiskConvention
  /** Days of returns behind the figures. */
  days: number
  ulcer_index: number | null
  recovery_factor: number | null
  var_95: number | null
  cvar_95: number | null
  tail_ratio: number | null
  kelly_fraction: number | null
  omega: number | null
  rolling_sharpe_30d: number | null
  null_reasons: Record<string, string>
}

const FIELDS = ['ulcer_index', 'recovery_factor', 'var_95', 'cvar_95', 'tail_ratio', 'kelly_fraction', 'omega', 'rolling_sharpe_30d'] as const

/**
 * The `q` quantile (0..1) of ascending `sorted`, interpolating linearly
 * between the closest ranks: numpy.percentile's default (`linear`).
 */
export function quantileSorted (sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  const hi = Math.ceil(h)
  return lo === hi ? sorted[lo] : sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

/**
 * Annualised Sharpe ratio of the last `ROLLING_SHARPE_DAYS` returns (all of
 * them when fewer): mean / sample sd × √periodsPerYear, risk-free rate 0.
 * Null when fewer than 2 returns or when they do not vary.
 */
export function rollingSharpe (returns: ArrayLike<number>, periodsPerYear: number): number | null {
  const end = returns.length
  const start = Math.max(0, end - ROLLING_SHARPE_DAYS)
  const n = end - start
  if (n < 2) return null
  let sum = 0
  for (let i = start; i < end; i++) sum += returns[i]
  const mean = sum / n
  let sq = 0
  for (let i = start; i < end; i++) sq += (returns[i] - mean) ** 2
  const sd = Math.sqrt(sq / (n - 1))
  // Float noise of equal returns leaves sd a few ulps above 0: treat it as 0.
  if (!(sd > 1e-15 * Math.max(1, Math.abs(mean)))) return null
  return mean / sd * Math.sqrt(periodsPerYear)
}

/**
 * Ulcer index, recovery factor, historical VaR and CVaR at 95 %, tail ratio,
 * Kelly fraction, Omega ratio (threshold 0) and the 30-day rolling Sharpe
 * ratio of daily returns r₁..r_N (risk-free rate 0). Pure.
 *
 * @example riskFigures({ returns: Float64Array.of(0.01, -0.02, 0.015), reason: null }, 365).var_95
 */
export function riskFigures (daily: DailyReturns, periodsPerYear: number): RiskFigures {
  const reasons: Record<string, string> = {}
  const out: RiskFigures = {
    convention: { risk_free_rate: 0, periods_per_year: periodsPerYear, returns: 'daily', confidence: 0.95 },
    days: 0,
    ulcer_index: null,
    recovery_factor: null,
    var_95: null,
    cvar_95: null,
    tail_ratio: null,
    kelly_fraction: null,
    omega: null,
    rolling_sharpe_30d: null,
    null_reasons: reasons
  }
  if (daily.returns === null) {
    for (const f of FIELDS) reasons[f] = daily.reason
    return out
  }
  const r = daily.returns
  const n = r.length
  out.days = n
  if (n < 2) {
    for (const f of FIELDS) reasons[f] = 'fewer than 2 days of returns in the window'
    return out
  }

  // The compounded daily equity curve from 1 at the window's start; the
  // start counts as a peak, so a first losing day is a drawdown.
  let equity = 1
  let peak = 1
  let sumSquaredDrawdown = 0
  let maxDrawdown = 0
  let gains = 0
  let losses = 0
  let up = 0
  let down = 0
  for (let i = 0; i < n; i++) {
    equity *= 1 + r[i]
    if (equity > peak) peak = equity
    const dd = (peak - equity) / peak
    sumSquaredDrawdown += dd * dd
    if (dd > maxDrawdown) maxDrawdown = dd
    if (r[i] > 0) { gains += r[i]; up++ } else if (r[i] < 0) { losses -= r[i]; down++ }
  }
  out.ulcer_index = Math.sqrt(sumSquaredDrawdown / n)
  if (maxDrawdown > 0) out.recovery_factor = (equity - 1) / maxDrawdown
  else reasons.recovery_factor = 'no drawdown of the daily equity curve in the window'

  const sorted = Float64Array.from(r).sort()
  const var95 = quantileSorted(sorted, 0.05)
  out.var_95 = var95
  let tail = 0
  let tailCount = 0
  for (let i = 0; i < n && sorted[i] <= var95; i++) { tail += sorted[i]; tailCount++ }
  out.cvar_95 = tail / tailCount

  const p95 = quantileSorted(sorted, 0.95)
  if (var95 !== 0) out.tail_ratio = Math.abs(p95 / var95)
  else reasons.tail_ratio = 'the 5th percentile of daily returns is 0'

  if (down > 0) out.omega = gains / losses
  else reasons.omega = 'no day with a negative return: losses below the threshold 0 sum to 0'

  if (up > 0 && down > 0) {
    const winProbability = up / (up + down)
    const payoff = (gains / up) / (losses / down)
    out.kelly_fraction = winProbability - (1 - winProbability) / payoff
  } else {
    reasons.kelly_fraction = up === 0 ? 'no day with a positive return' : 'no day with a negative return: the payoff ratio is infinite'
  }

  out.rolling_sharpe_30d = rollingSharpe(r, periodsPerYear)
  if (out.rolling_sharpe_30d === null) reasons.rolling_sharpe_30d = 'daily returns of the last 30 days do not vary: standard deviation 0'
  return out
}
