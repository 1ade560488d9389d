import { query, thresholds } from './grafana-model.ts'
import type { Layout } from './grafana-model.ts'
import { stat, timeseries } from './panels.ts'

const BY_INSTANCE = '{{instance}}'
type Selector = (metric: string, matchers?: string) => string

// Said in every description: a figure that is undefined has no sample (docs/metrics.md, "Risk families").
const ON_RETURNS = 'On the daily realized returns of all history, risk-free rate 0. No data until it is defined (a starting balance and two days of returns'

/**
 * The risk figures of GET /trading (docs/TRADING_METRICS.md, "Risk figures"),
 * from the `breakout_trading_*` risk gauges: the ratios and tail figures as
 * stats, and two of them over time. `sel` follows the instance variable.
 */
export function riskPanels (l: Layout, sel: Selector): void {
  const ratio = thresholds('red', [0, 'orange'], [1, 'green'])
  const fall = thresholds('red', [-0.05, 'orange'], [-0.02, 'green'])
  const figure = (title: string, what: string, metric: string, unit: string, steps: ReturnType<typeof thresholds>, also = ''): void => {
    l.add(4, 4, stat(title, `${what} ${ON_RETURNS}${also}).`, unit, steps), [query(sel(metric), BY_INSTANCE)])
  }
  figure('Sharpe', 'Annualised Sharpe ratio.', 'breakout_trading_sharpe', 'none', ratio, '; returns that vary')
  figure('Sortino', 'Annualised Sortino ratio, target 0.', 'breakout_trading_sortino', 'none', ratio, '; a losing day')
  figure('Calmar', 'Annualised mean daily return over the largest realized drawdown.', 'breakout_trading_calmar', 'none', ratio, '; a drawdown')
  l.add(4, 4, stat('Sharpe, last 30 days', 'Annualised Sharpe ratio of the last 30 daily returns of the account, as of the newest closed trade. No data until it is defined.', 'none', ratio),
    [query(sel('breakout_trading_rolling_sharpe_30d'), BY_INSTANCE)])
  figure('Ulcer index', 'Root mean square drawdown of the compounded daily equity curve, fraction.', 'breakout_trading_ulcer_index', 'percentunit',
    thresholds('green', [0.05, 'orange'], [0.1, 'red']))
  figure('Recovery factor', 'Compounded return over the largest drawdown of the daily equity curve.', 'breakout_trading_recovery_factor', 'none', ratio, '; a drawdown')
  figure('VaR 95 % (1 day)', 'Historical value at risk: the 5th percentile of daily returns, negative for a loss.', 'breakout_trading_var_95', 'percentunit', fall)
  figure('CVaR 95 % (1 day)', 'Expected shortfall: the mean of the daily returns at or below the VaR.', 'breakout_trading_cvar_95', 'percentunit', fall)
  figure('Tail ratio', '95th over 5th percentile of daily returns, in magnitude: above 1, the good days are bigger than the bad.', 'breakout_trading_tail_ratio', 'none',
    thresholds('red', [0.8, 'orange'], [1, 'green']), '; a 5th percentile other than 0')
  figure('Kelly fraction', 'Share of equity the Kelly criterion would stake on this edge; below 0, no edge.', 'breakout_trading_kelly_fraction', 'percentunit',
    thresholds('red', [0, 'green']), '; an up and a down day')
  figure('Omega', 'Gains over losses of daily returns, threshold 0.', 'breakout_trading_omega', 'none', thresholds('red', [1, 'green']), '; a losing day')
  l.add(4, 4, stat('Days of returns', 'Daily returns behind the ratios and risk figures (one a UTC day since the first trade event; two are needed).', 'none',
    thresholds('orange', [2, 'green'])), [query(sel('breakout_trading_daily_returns'), BY_INSTANCE)])
  l.add(12, 8, timeseries('Risk-adjusted return', 'Sharpe and Sortino of all history, and the Sharpe ratio of the last 30 days, annualised. Gaps where undefined.', 'none',
    thresholds('red', [0, 'green'])), [
    query(sel('breakout_trading_sharpe'), `Sharpe ${BY_INSTANCE}`),
    query(sel('breakout_trading_sortino'), `Sortino ${BY_INSTANCE}`),
    query(sel('breakout_trading_rolling_sharpe_30d'), `Sharpe 30 days ${BY_INSTANCE}`)
  ])
  l.add(12, 8, timeseries('Daily tail risk', 'Historical one-day VaR and expected shortfall at 95 %, and the Ulcer index, fractions of equity. Gaps where undefined.', 'percentunit'), [
    query(sel('breakout_trading_var_95'), `VaR 95 % ${BY_INSTANCE}`),
    query(sel('breakout_trading_cvar_95'), `CVaR 95 % ${BY_INSTANCE}`),
    query(sel('breakout_trading_ulcer_index'), `Ulcer index ${BY_INSTANCE}`)
  ])
}
