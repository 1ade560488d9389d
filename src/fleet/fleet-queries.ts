/**
 * The PromQL of the fleet view: one query per figure, each answering for
 * every bot at once (`by (bot)`), so a refresh costs the same dozen queries
 * for 5 bots as for 500. Names are the service's Prometheus families
 * (docs/metrics.md); `equity` is the series a bot reports when it marks its
 * positions to market.
 */

/** A figure of a fleet row and the query that gives it for every bot. */
export interface FleetFigure {
  key: FigureKey
  expr: string
}

export type FigureKey = 'last_seen' | 'labels' | 'total_pnl' | 'today_pnl' | 'win_rate' | 'open_positions' | 'equity' |
'cycle_p99' | 'order_latency_p99' | 'closed_trades'

/** Every exposition and push carries it, so its newest sample is when a bot was last heard of. */
export const PRESENCE_METRIC = 'breakout_store_series'

/** How long a silent bot is listed (as stale) after its last sample. */
export const REMEMBER_RANGE = '1h'

const BOT = '{bot!=""}'

/** The latest value of a gauge per bot, over the hour a silent bot is remembered. */
function latest (metric: string): string {
  return `max by (bot) (last_over_time(${metric}${BOT}[${REMEMBER_RANGE}]))`
}

function p99 (bucket: string, extra = ''): string {
  return `histogram_quantile(0.99, sum by (bot, le) (rate(${bucket}{bot!=""${extra}}[5m])))`
}

/**
 * The queries of one refresh. `dayStartMs` is the start of the current UTC
 * day: today's P&L is the total now less the total then (the `@` modifier,
 * which Prometheus and VictoriaMetrics both take); a bot with no sample
 * before the day began made all of its P&L today.
 */
export function fleetFigures (dayStartMs: number): FleetFigure[] {
  const total = latest('breakout_trading_total_pnl')
  const at = Math.floor(dayStartMs / 1000)
  const before = `max by (bot) (last_over_time(breakout_trading_total_pnl${BOT}[1d] @ ${at}))`
  return [
    {
      key: 'last_seen',
      // Exact for a bot seen within the lookback; the subquery remembers the silent ones (to 15 s).
      expr: `max by (bot) (timestamp(${PRESENCE_METRIC}${BOT})) or max by (bot) (max_over_time(timestamp(${PRESENCE_METRIC}${BOT})[${REMEMBER_RANGE}:15s]))`
    },
    { key: 'labels', expr: `last_over_time(${PRESENCE_METRIC}${BOT}[${REMEMBER_RANGE}])` },
    { key: 'total_pnl', expr: total },
    { key: 'today_pnl', expr: `${total} - (${before} or ${total} * 0)` },
    { key: 'win_rate', expr: latest('breakout_trading_win_rate') },
    { key: 'open_positions', expr: latest('breakout_trading_open_positions') },
    { key: 'closed_trades', expr: `sum by (bot) (last_over_time(breakout_trades_closed_total${BOT}[${REMEMBER_RANGE}]))` },
    { key: 'equity', expr: latest('equity') },
    { key: 'cycle_p99', expr: p99('breakout_engine_cycle_seconds_bucket') },
    { key: 'order_latency_p99', expr: p99('breakout_latency_seconds_bucket', ',component="order_execution"') }
  ]
}

/** Start of the UTC day that holds `nowMs`. */
export function utcDayStartMs (nowMs: number): number {
  return nowMs - (nowMs % 86_400_000)
}
