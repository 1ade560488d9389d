import type { DailyReturns } from './return-ratios.ts'
import { ROLLING_SHARPE_DAYS, summarizeReturns } from './return-summary.ts'
import type { ReturnDays } from './return-summary.ts'

export { ROLLING_SHARPE_DAYS, quantileSorted } from './return-summary.ts'

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
  return riskFiguresOf(summarizeReturns(daily), periodsPerYear)
}

/** The risk figures of daily returns given as their summary (return-summary.ts). */
export function riskFiguresOf (daily: ReturnDays, periodsPerYear: number): RiskFigures {
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
  if (daily.summary === null) {
    for (const f of FIELDS) reasons[f] = daily.reason
    return out
  }
  const s = daily.summary
  out.days = s.days
  if (s.days < 2) {
    for (const f of FIELDS) reasons[f] = 'fewer than 2 days of returns in the window'
    return out
  }
  out.ulcer_index = s.ulcerIndex
  if (s.maxDrawdown > 0) out.recovery_factor = (s.finalEquity - 1) / s.maxDrawdown
  else reasons.recovery_factor = 'no drawdown of the daily equity curve in the window'

  out.var_95 = s.var95
  out.cvar_95 = s.cvar95
  if (s.var95 !== 0) out.tail_ratio = Math.abs(s.p95 / s.var95)
  else reasons.tail_ratio = 'the 5th percentile of daily returns is 0'

  if (s.down > 0) out.omega = s.gains / s.losses
  else reasons.omega = 'no day with a negative return: losses below the threshold 0 sum to 0'

  if (s.up > 0 && s.down > 0) {
    const winProbability = s.up / (s.up + s.down)
    const payoff = (s.gains / s.up) / (s.losses / s.down)
    out.kelly_fraction = winProbability - (1 - winProbability) / payoff
  } else {
    reasons.kelly_fraction = s.up === 0 ? 'no day with a positive return' : 'no day with a negative return: the payoff ratio is infinite'
  }

  out.rolling_sharpe_30d = rollingSharpe(s.recent, periodsPerYear)
  if (out.rolling_sharpe_30d === null) reasons.rolling_sharpe_30d = 'daily returns of the last 30 days do not vary: standard deviation 0'
  return out
}
