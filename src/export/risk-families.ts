import { DAY_MS } from '../trading/calendar.ts'
import type { TradeLedger } from '../trading/trade-ledger.ts'
import { computeTradingStatistics } from '../trading/trading-statistics.ts'
import type { TradingStatistics } from '../trading/trading-statistics.ts'
import type { ExtraFamily, ExtraFamilyProvider } from './extra-family.ts'

// Said once in every HELP line: a scraper sees the convention beside the figure.
const ON_RETURNS = 'daily realized returns of all history, risk-free rate 0'
const ABSENT = 'absent while undefined (no starting balance, fewer than 2 days of returns'

/** One gauge of the risk figures: its name, HELP text, and where /trading answers it. */
interface RiskGauge {
  name: string
  help: string
  read: (s: TradingStatistics) => number | null
}

/**
 * The risk gauges, named as the JSON fields of GET /trading (`sharpe`,
 * `risk.var_95`, ...) under `breakout_trading_`. The 30-day rolling Sharpe
 * ratio is not among them: it is a recorded series already exposed as
 * `breakout_trading_rolling_sharpe_30d` (docs/metrics.md).
 */
export const RISK_GAUGES: readonly RiskGauge[] = [
  { name: 'breakout_trading_daily_returns', help: `Number of ${ON_RETURNS} (one a UTC day since the first trade event) behind the ratio and risk gauges; absent when there are none (no starting balance, no trade event yet, equity not positive).`, read: (s) => s.return_days > 0 ? s.return_days : null },
  { name: 'breakout_trading_sharpe', help: `Annualised Sharpe ratio of ${ON_RETURNS}; ${ABSENT}, returns that do not vary).`, read: (s) => s.sharpe },
  { name: 'breakout_trading_sortino', help: `Annualised Sortino ratio of ${ON_RETURNS}, target 0; ${ABSENT}, no losing day).`, read: (s) => s.sortino },
  { name: 'breakout_trading_calmar', help: `Calmar ratio: annualised mean of ${ON_RETURNS} over max_drawdown_pct; ${ABSENT}, no drawdown).`, read: (s) => s.calmar },
  { name: 'breakout_trading_ulcer_index', help: `Ulcer index: root mean square drawdown of the compounded ${ON_RETURNS}, a fraction; ${ABSENT}).`, read: (s) => s.risk.ulcer_index },
  { name: 'breakout_trading_recovery_factor', help: `Compounded return over the largest drawdown of ${ON_RETURNS}; ${ABSENT}, no drawdown).`, read: (s) => s.risk.recovery_factor },
  { name: 'breakout_trading_var_95', help: `Historical one-day value at risk at 95 %: the 5th percentile of ${ON_RETURNS}, a fraction, negative for a loss; ${ABSENT}).`, read: (s) => s.risk.var_95 },
  { name: 'breakout_trading_cvar_95', help: `Expected shortfall at 95 %: mean of the ${ON_RETURNS} at or below var_95, a fraction; ${ABSENT}).`, read: (s) => s.risk.cvar_95 },
  { name: 'breakout_trading_tail_ratio', help: `Tail ratio: |95th percentile| over |5th percentile| of ${ON_RETURNS}; ${ABSENT}, a 5th percentile of 0).`, read: (s) => s.risk.tail_ratio },
  { name: 'breakout_trading_kelly_fraction', help: `Kelly fraction of ${ON_RETURNS}: share of equity the Kelly criterion would stake, negative without an edge; ${ABSENT}, no up or no down day).`, read: (s) => s.risk.kelly_fraction },
  { name: 'breakout_trading_omega', help: `Omega ratio at threshold 0 of ${ON_RETURNS}: gains over losses; ${ABSENT}, no losing day).`, read: (s) => s.risk.omega }
]

/**
 * Prometheus gauges of the risk figures of GET /trading over window `all`
 * (docs/TRADING_METRICS.md, "Risk figures"; docs/metrics.md). A figure that
 * is undefined is left out, never exposed as 0 or NaN. Daily returns count
 * the days up to today (days without trades as 0), so the figures are
 * computed again when the ledger changes or a UTC day begins.
 */
export function riskFamilies (ledger: TradeLedger, now: () => number = Date.now): ExtraFamilyProvider {
  let cachedVersion = -1
  let cachedDay = Number.NaN
  let cached: readonly ExtraFamily[] = []
  return () => {
    const at = now()
    const day = Math.floor(at / DAY_MS)
    if (ledger.version !== cachedVersion || day !== cachedDay) {
      const s = computeTradingStatistics(ledger, {}, at)
      cached = RISK_GAUGES.map(({ name, help, read }) => {
        const value = read(s)
        return { name, help, type: 'gauge', samples: value === null || !Number.isFinite(value) ? [] : [{ value }] }
      })
      cachedVersion = ledger.version
      cachedDay = day
    }
    return cached
  }
}
