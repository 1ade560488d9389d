import type { Labels } from './label-set.ts'
import { DEFAULT_SECONDS_BUCKETS, MetricKind } from './metric-kind.ts'
import type { MetricDefinition } from './metric-kind.ts'

/**
 * The metric names the product records itself (the original service's names,
 * kept valid in the JSON API), how each is exposed to Prometheus, and the
 * prefix families (`trade_<event>`, `scanner_filter_<name>`, `latency_<component>`).
 * docs/metrics.md lists the same table for users.
 */
export interface CatalogEntry extends MetricDefinition {
  /** Prometheus family name, following Prometheus naming conventions. */
  promName: string
  /** Labels the Prometheus series carries besides the series' own. */
  promLabels: Labels
}

const entry = (kind: MetricKind, promName: string, help: string, unit = '', promLabels: Labels = {}): CatalogEntry => ({
  kind,
  promName,
  help,
  unit,
  buckets: kind === MetricKind.histogram ? DEFAULT_SECONDS_BUCKETS : [],
  promLabels
})

/**
 * Slippage buckets, basis points, adverse positive: favourable fills below 0,
 * the usual 0-20 bps of liquid markets finely, thin books up to 200 bps.
 */
export const SLIPPAGE_BPS_BUCKETS: readonly number[] = Object.freeze([-50, -20, -10, -5, -2, -1, 0, 1, 2, 5, 10, 20, 50, 100, 200])

/** Signal-to-fill latency buckets, seconds: co-located 10 ms to a resting limit order's minutes. */
export const FILL_LATENCY_BUCKETS: readonly number[] = Object.freeze([0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300])

const histogram = (promName: string, help: string, unit: string, buckets: readonly number[]): CatalogEntry =>
  ({ kind: MetricKind.histogram, promName, help, unit, buckets, promLabels: {} })

const FIXED: ReadonlyMap<string, CatalogEntry> = new Map([
  // One point per fill with a decision price / a request time (src/logger/fill-points.ts).
  ['fill_slippage_bps', histogram('breakout_slippage_bps', 'Slippage of a fill against the decision price, basis points, adverse positive, by symbol, exchange and order type.', '', SLIPPAGE_BPS_BUCKETS)],
  ['fill_latency', histogram('breakout_fill_latency_seconds', 'Seconds from sending an order to its fill, by symbol, exchange and order type.', 'seconds', FILL_LATENCY_BUCKETS)],
  ['engine_cycle_time', entry(MetricKind.histogram, 'breakout_engine_cycle_seconds', 'Duration of one engine cycle, by engine state.', 'seconds')],
  ['engine_positions', entry(MetricKind.gauge, 'breakout_engine_positions', 'Open positions at the end of the last engine cycle.')],
  ['engine_signals', entry(MetricKind.gauge, 'breakout_engine_signals', 'Live signals the engine evaluated in the last cycle.')],
  ['engine_orders', entry(MetricKind.gauge, 'breakout_engine_orders', 'Orders placed in the last engine cycle.')],
  ['scanner_symbols_scanned', entry(MetricKind.total, 'breakout_scanner_symbols_scanned_total', 'Symbols scanned, summed over scanner runs.')],
  ['scanner_candidates_found', entry(MetricKind.total, 'breakout_scanner_candidates_found_total', 'Breakout candidates found, summed over scanner runs.')],
  ['scanner_scan_time', entry(MetricKind.histogram, 'breakout_scanner_scan_seconds', 'Duration of one scanner run.', 'seconds')],
  ['risk_current', entry(MetricKind.gauge, 'breakout_risk_current', 'Current portfolio risk, as reported by the bot.')],
  ['risk_max', entry(MetricKind.gauge, 'breakout_risk_max', 'Maximum allowed portfolio risk.')],
  ['risk_position', entry(MetricKind.gauge, 'breakout_risk_position', 'Risk of the largest position.')],
  ['risk_daily_pnl', entry(MetricKind.gauge, 'breakout_risk_daily_pnl', 'Realized P&L of the current day, quote currency.')],
  // Not an event type: the ledger's realized P&L of each exit. Signed, so not a counter;
  // the sums are breakout_trading_symbol_pnl and breakout_trading_total_pnl.
  ['trade_pnl', entry(MetricKind.gauge, 'breakout_trade_pnl', 'Realized P&L of the newest exit (reduce or close) of a symbol and side, net of fees, quote currency.')],
  ['rolling_sharpe_30d', entry(MetricKind.gauge, 'breakout_trading_rolling_sharpe_30d', 'Annualised Sharpe ratio of the last 30 daily realized returns, recorded on each closed trade.')],
  ['balance_free', entry(MetricKind.gauge, 'breakout_balance_free', 'Free (available) balance of an asset, as reported by the bot.')],
  ['balance_total', entry(MetricKind.gauge, 'breakout_balance_total', 'Total balance of an asset, as reported by the bot.')],
  // The account marked to market, recorded by the logger at most once a second and on every trade event.
  ['equity', entry(MetricKind.gauge, 'breakout_account_equity', 'Starting balance plus realized and unrealized P&L, quote currency.')],
  ['balance', entry(MetricKind.gauge, 'breakout_account_balance', 'Starting balance plus realized P&L, quote currency.')],
  ['unrealized_pnl', entry(MetricKind.gauge, 'breakout_account_unrealized_pnl', 'P&L of the open positions marked at the last price, net of their entry fees, quote currency.')],
  ['exposure', entry(MetricKind.gauge, 'breakout_account_exposure', 'Notional of the open positions at the last price over equity (1 = fully invested).')]
])

/** Names whose series the JSON API knows even before their first point. */
export const KNOWN_METRIC_NAMES: readonly string[] = Object.freeze([
  ...FIXED.keys(),
  'latency_order_execution',
  'latency_market_data'
])

/**
 * The catalog entry for a name: fixed names, then prefix families, else null
 * (a user's own metric: a gauge exposed under its own name).
 */
export function catalogEntry (name: string): CatalogEntry | null {
  const fixed = FIXED.get(name)
  if (fixed !== undefined) return fixed
  if (name.startsWith('trade_')) {
    return entry(MetricKind.counter, 'breakout_trade_events_total', 'Trade events by event type, symbol and side.', '', { event: name.slice(6) })
  }
  if (name.startsWith('scanner_filter_')) {
    return entry(MetricKind.gauge, 'breakout_scanner_filter_matches', 'Symbols that passed a scanner filter in the last scan.', '', { filter: name.slice(15) })
  }
  if (name.startsWith('latency_')) {
    return entry(MetricKind.histogram, 'breakout_latency_seconds', 'Component latency: order execution, market data processing, ...', 'seconds', { component: name.slice(8) })
  }
  return null
}

/** Definition used by the store when a name is first recorded. */
export function catalogDefinition (name: string): MetricDefinition | null {
  return catalogEntry(name)
}
