import { query, thresholds } from './grafana-model.ts'
import type { Layout } from './grafana-model.ts'
import { barchart, stat, timeseries } from './panels.ts'
import { riskPanels } from './risk-panels.ts'

const BY_INSTANCE = '{{instance}}'
type Selector = (metric: string, matchers?: string) => string

/** A timeseries whose lines fill down to 0 in one colour: drawdowns read as a shaded area under zero. */
function shaded (panel: ReturnType<typeof timeseries>, color: string): ReturnType<typeof timeseries> {
  const defaults = panel.fieldConfig?.defaults ?? {}
  const custom = defaults.custom as Record<string, unknown>
  return {
    ...panel,
    fieldConfig: { defaults: { ...defaults, color: { mode: 'fixed', fixedColor: color }, custom: { ...custom, fillOpacity: 35, gradientMode: 'opacity' } }, overrides: [] }
  }
}

/**
 * The trading row: realized and marked-to-market figures, risk figures, per
 * strategy and per symbol, and execution quality, from the trading families
 * (docs/metrics.md). `sel` follows the instance variable.
 */
export function tradingRow (l: Layout, sel: Selector): void {
  l.row('Trading')
  l.add(4, 4, stat('Total P&L', 'Realized P&L of all closed trades, quote currency.', 'none', thresholds('red', [0, 'green'])),
    [query(sel('breakout_trading_total_pnl'), BY_INSTANCE)])
  l.add(4, 4, stat('Daily P&L', 'Realized P&L of the day against the daily loss limit (1000).', 'none', thresholds('red', [-1000, 'orange'], [-500, 'green'])),
    [query(sel('breakout_risk_daily_pnl'), BY_INSTANCE)])
  l.add(4, 4, stat('Win rate', 'Winning over closed trades.', 'percentunit', thresholds('red', [0.4, 'orange'], [0.5, 'green']), { min: 0, max: 1 }),
    [query(sel('breakout_trading_win_rate'), BY_INSTANCE)])
  l.add(4, 4, stat('Profit factor', 'Gross profit over gross loss.', 'none', thresholds('red', [1, 'orange'], [1.5, 'green'])),
    [query(sel('breakout_trading_profit_factor'), BY_INSTANCE)])
  l.add(4, 4, stat('Max drawdown', 'Largest fall of the realized equity curve, percent of the peak.', 'percent', thresholds('green', [10, 'orange'], [20, 'red'])),
    [query(sel('breakout_trading_max_drawdown_pct'), BY_INSTANCE)])
  l.add(4, 4, stat('Risk used', 'Current portfolio risk over the bot\'s limit.', 'percentunit', thresholds('green', [0.8, 'orange'], [1, 'red'])),
    [query(`${sel('breakout_risk_current')} / (${sel('breakout_risk_max')} > 0)`, BY_INSTANCE)])
  l.add(6, 4, stat('Equity (marked)', 'Starting balance plus realized and unrealized P&L, quote currency.', 'none', thresholds('blue')),
    [query(sel('breakout_account_equity'), BY_INSTANCE)])
  l.add(6, 4, stat('Unrealized P&L', 'Open positions marked at the last price, net of their entry fees, quote currency.', 'none', thresholds('red', [0, 'green'])),
    [query(sel('breakout_account_unrealized_pnl'), BY_INSTANCE)])
  l.add(6, 4, stat('Exposure', 'Open notional at the last price over equity (1 = fully invested).', 'percentunit', thresholds('green', [1, 'orange'], [2, 'red'])),
    [query(sel('breakout_account_exposure'), BY_INSTANCE)])
  // The BreakoutSlippageHigh alert's level and window (monitoring/rules/breakout-trading-alerts.yml).
  l.add(6, 4, stat('Slippage p95', 'Fill slippage against the decision price, 95th percentile over 15 minutes, basis points (adverse positive).', 'none',
    thresholds('green', [20, 'orange'])),
  [query(`histogram_quantile(0.95, sum by (instance, le) (rate(${sel('breakout_slippage_bps_bucket')}[15m])))`, BY_INSTANCE)])
  riskPanels(l, sel)
  l.add(12, 8, timeseries('Equity', 'Balance (starting balance + realized P&L) and equity marked to market (+ unrealized P&L), quote currency.', 'none'), [
    query(sel('breakout_account_balance'), `balance (realized) ${BY_INSTANCE}`),
    query(sel('breakout_account_equity'), `equity (marked) ${BY_INSTANCE}`)
  ])
  l.add(12, 8, shaded(timeseries('Drawdown', 'Below the peak, quote currency: realized P&L below its all-time peak, and marked equity below its highest of the preceding dashboard range.', 'none'), 'red'), [
    query(`-${sel('breakout_trading_drawdown')}`, `realized ${BY_INSTANCE}`),
    query(`${sel('breakout_account_equity')} - max_over_time(${sel('breakout_account_equity')}[$__range])`, `marked ${BY_INSTANCE}`)
  ])
  l.add(12, 8, timeseries('P&L per strategy', 'Realized P&L of the closed trades of each strategy the bot reports, quote currency.', 'none'), [
    query(`sum by (strategy) (${sel('breakout_trading_symbol_pnl', 'strategy!=""')})`, '{{strategy}}')
  ])
  l.add(12, 8, timeseries('Win rate per strategy', 'Winning over closed trade records of each strategy, all trades.', 'percentunit', undefined, { min: 0, max: 1 }), [
    query(`(sum by (strategy) (${sel('breakout_trades_closed_total', 'strategy!="",outcome="win"')}) or sum by (strategy) (${sel('breakout_trades_closed_total', 'strategy!=""')}) * 0)` +
      ` / sum by (strategy) (${sel('breakout_trades_closed_total', 'strategy!=""')})`, '{{strategy}}')
  ])
  l.add(12, 8, timeseries('P&L over time', 'Realized P&L: all trades, and the current day.', 'none', thresholds('green', [-1000, 'red'])), [
    query(sel('breakout_trading_total_pnl'), `total ${BY_INSTANCE}`),
    query(sel('breakout_risk_daily_pnl'), `today ${BY_INSTANCE}`)
  ])
  l.add(12, 8, timeseries('Win rate over time', 'All closed trades, and those closed in the last hour.', 'percentunit', undefined, { min: 0, max: 1 }), [
    query(sel('breakout_trading_win_rate'), `all ${BY_INSTANCE}`),
    query(sel('instance:breakout_trades_win_rate:ratio_1h'), `last hour ${BY_INSTANCE}`)
  ])
  l.add(12, 8, barchart('Symbols: P&L and trades', 'Realized P&L and closed trades per symbol over the dashboard\'s time range.', 'symbol', ['P&L', 'trades']), [
    query(`sum by (symbol) (${sel('breakout_trading_symbol_pnl')})`, '', { instant: true, range: false, format: 'table' }),
    query(`sum by (symbol) (increase(${sel('breakout_trades_closed_total')}[$__range]))`, '', { instant: true, range: false, format: 'table' })
  ])
  l.add(12, 8, timeseries('Slippage p95 by order type', 'Fill slippage against the decision price, 95th percentile, basis points (adverse positive).', 'none',
    thresholds('green', [20, 'orange'])), [
    query(`histogram_quantile(0.95, sum by (order_type, le) (rate(${sel('breakout_slippage_bps_bucket')}[$__rate_interval])))`, '{{order_type}}')
  ])
  l.add(12, 8, timeseries('Trades per hour', 'Closed trades per hour (15 min average), and trade events by kind.', 'short'), [
    query(sel('instance:breakout_trades_closed:per_hour_15m'), `closed ${BY_INSTANCE}`),
    query(`sum by (instance, event) (rate(${sel('breakout_trade_events_total')}[$__rate_interval])) * 3600`, '{{event}} {{instance}}')
  ])
  l.add(12, 8, timeseries('Engine positions, signals, orders', 'As reported at the end of each engine cycle.', 'short'), [
    query(`sum by (instance) (${sel('breakout_engine_positions')})`, `positions ${BY_INSTANCE}`),
    query(`sum by (instance) (${sel('breakout_engine_signals')})`, `signals ${BY_INSTANCE}`),
    query(`sum by (instance) (${sel('breakout_engine_orders')})`, `orders ${BY_INSTANCE}`)
  ])
}
