import type { ChartOptions } from './chart-types.ts'
import type { DashboardData } from './dashboard-data.ts'
import { CLOSING_EVENTS, PNL_METRIC } from './dashboard-data.ts'
import type { Columns } from './downsample.ts'
import { formatMoney, formatNumber, formatPercent, formatSeconds } from './format.ts'
import { bucketQuantiles, bucketRatePerMinute, equityAndDrawdown } from './stats.ts'

/** The page's sections, in order. */
export type SectionId = 'system' | 'engine' | 'scanner' | 'trading' | 'latency'

/** A chart: where it goes, how it looks, and how its lines come from the data. */
export interface ChartPanel {
  id: string
  section: SectionId
  title: string
  /** One sentence under the title: what the figure is, and its unit. */
  note: string
  chart: ChartOptions
  /**
   * The chart's lines from the data over [x0, x1]. `lineLabels` is set for
   * panels whose lines are discovered (one per scanner filter).
   */
  lines: (data: DashboardData, x0: number, x1: number) => Columns[]
  lineLabels?: (data: DashboardData) => string[]
}

const ms = (v: number): string => `${formatNumber(v)} ms`
const count = (v: number): string => formatNumber(v)

/** Time buckets for "p50 / p99 over time": about 60 a window. */
const BUCKETS = 60

function quantileLines (data: DashboardData, metric: string, x0: number, x1: number): Columns[] {
  const q = bucketQuantiles(data.metric(metric), x0, x1, BUCKETS, [0.5, 0.99])
  return q.q.map((values) => ({ t: q.t, v: values as number[] }))
}

/**
 * Realized P&L of the exits in the window, in closing order: the `trade_pnl`
 * points, one per exit with the ledger's P&L (the figure /trading sums).
 * Read from the closing trade events where a service has no `trade_pnl`.
 */
export function windowPnl (data: DashboardData, x0: number): Columns {
  const own = data.metrics.get(PNL_METRIC)
  const parts = own !== undefined && own.t.length > 0 ? [own] : CLOSING_EVENTS.map((name) => data.metric(name))
  const points: Array<[number, number]> = []
  for (const p of parts) for (let i = 0; i < p.t.length; i++) if (p.t[i] >= x0) points.push([p.t[i], p.v[i]])
  points.sort((a, b) => a[0] - b[0])
  return { t: points.map((p) => p[0]), v: points.map((p) => p[1]) }
}

const systemLine = (field: string) => (data: DashboardData): Columns[] => [data.systemField(field)]

/**
 * Every chart of the dashboard. Bands follow the built-in health rules
 * (CPU warning 90 %, critical 95 %; memory warning 95 %, critical 98 %).
 */
export const CHART_PANELS: readonly ChartPanel[] = [
  {
    id: 'cpu',
    section: 'system',
    title: 'CPU',
    note: 'Process CPU, % of one core (can pass 100 on several cores). Bands: warning from 90 %, critical from 95 %.',
    chart: {
      label: 'Process CPU usage over time',
      lines: [{ label: 'CPU', color: '--series-1' }],
      format: (v) => formatPercent(v, 2),
      yMin: 0,
      bands: [
        { label: 'warning', from: 90, to: 95, color: '--band-warning' },
        { label: 'critical', from: 95, to: 1e9, color: '--band-critical' }
      ]
    },
    lines: systemLine('cpu_percent')
  },
  {
    id: 'memory',
    section: 'system',
    title: 'Memory',
    note: 'Resident memory, % of the host. Bands: warning from 95 %, critical from 98 %.',
    chart: {
      label: 'Process memory usage over time',
      lines: [{ label: 'memory', color: '--series-2' }],
      format: (v) => formatPercent(v, 2),
      yMin: 0,
      bands: [
        { label: 'warning', from: 95, to: 98, color: '--band-warning' },
        { label: 'critical', from: 98, to: 1e9, color: '--band-critical' }
      ]
    },
    lines: systemLine('memory_percent')
  },
  {
    id: 'event-loop',
    section: 'system',
    title: 'Event-loop lag',
    note: 'p99 event-loop delay per sample, ms (an idle loop reads about 10 ms). Bands: warning from 100 ms, critical from 500 ms.',
    chart: {
      label: 'Event-loop delay p99 over time',
      lines: [{ label: 'lag p99', color: '--series-3' }],
      format: ms,
      yMin: 0,
      bands: [
        { label: 'warning', from: 100, to: 500, color: '--band-warning' },
        { label: 'critical', from: 500, to: 1e9, color: '--band-critical' }
      ]
    },
    lines: systemLine('event_loop_lag_p99_ms')
  },
  {
    id: 'cycle-time',
    section: 'engine',
    title: 'Cycle time',
    note: 'Engine cycle time, p50 and p99 per time bucket.',
    chart: {
      label: 'Engine cycle time p50 and p99 over time',
      lines: [{ label: 'p50', color: '--series-1' }, { label: 'p99', color: '--series-4', dash: [5, 3] }],
      format: formatSeconds,
      yMin: 0
    },
    lines: (data, x0, x1) => quantileLines(data, 'engine_cycle_time', x0, x1)
  },
  {
    id: 'engine-counts',
    section: 'engine',
    title: 'Positions, signals, orders',
    note: 'Per engine cycle: open positions, live signals evaluated, orders placed.',
    chart: {
      label: 'Engine positions, signals and orders over time',
      lines: [
        { label: 'positions', color: '--series-1', stepped: true },
        { label: 'signals', color: '--series-2', stepped: true },
        { label: 'orders', color: '--series-4', stepped: true }
      ],
      format: count,
      yMin: 0
    },
    lines: (data) => [data.metric('engine_positions'), data.metric('engine_signals'), data.metric('engine_orders')]
  },
  {
    id: 'scan-time',
    section: 'scanner',
    title: 'Scan time',
    note: 'Time of each scanner run.',
    chart: { label: 'Scanner run time over time', lines: [{ label: 'scan time', color: '--series-1' }], format: formatSeconds, yMin: 0 },
    lines: (data) => [data.metric('scanner_scan_time')]
  },
  {
    id: 'symbols-rate',
    section: 'scanner',
    title: 'Symbols per minute',
    note: 'Symbols scanned, summed per time bucket and scaled to a minute.',
    chart: { label: 'Symbols scanned per minute over time', lines: [{ label: 'symbols / min', color: '--series-2', stepped: true }], format: count, yMin: 0 },
    // Buckets of at least 30 s: a few scans each, so the rate does not flicker with scan timing.
    lines: (data, x0, x1) => [bucketRatePerMinute(data.metric('scanner_symbols_scanned'), x0, x1, Math.max(30_000, (x1 - x0) / BUCKETS))]
  },
  {
    id: 'candidates',
    section: 'scanner',
    title: 'Candidates and filters',
    note: 'Candidates found per scan, and symbols passing each filter.',
    chart: { label: 'Scanner candidates and filter matches over time', lines: [{ label: 'candidates', color: '--series-1', width: 2 }], format: count, yMin: 0 },
    lines: (data) => [data.metric('scanner_candidates_found'), ...data.namesWithPrefix('scanner_filter_').map((n) => data.metric(n))],
    lineLabels: (data) => ['candidates', ...data.namesWithPrefix('scanner_filter_').map((n) => n.slice('scanner_filter_'.length).replace(/_/g, ' '))]
  },
  {
    id: 'equity',
    section: 'trading',
    title: 'Realized P&L',
    note: 'Running sum of the P&L realized by closing trades in the window, quote currency.',
    chart: {
      label: 'Realized profit and loss curve over time',
      lines: [{ label: 'P&L', color: '--series-pnl', fill: '--fill-pnl', stepped: true, width: 2 }],
      format: (v) => formatMoney(v, false),
      yMin: 0
    },
    lines: (data, x0) => [equityAndDrawdown(windowPnl(data, x0)).equity]
  },
  {
    id: 'account-equity',
    section: 'trading',
    title: 'Equity',
    note: 'Starting balance plus realized P&L (balance), and plus the open positions marked at the last price (equity), quote currency. Shaded: the equity\'s drawdown, below its running peak in the window.',
    chart: {
      label: 'Account balance and marked-to-market equity over time, drawdown shaded',
      lines: [{ label: 'balance (realized)', color: '--series-pnl', stepped: true, width: 2 }, { label: 'equity (marked)', color: '--series-1' }],
      format: (v) => formatMoney(v, false),
      axisFormat: (v) => formatNumber(v),
      shade: { lines: [1], color: '--fill-drawdown' }
    },
    lines: (data) => [data.metric('balance'), data.metric('equity')]
  },
  {
    id: 'drawdown',
    section: 'trading',
    title: 'Drawdown',
    note: 'Distance of the realized P&L below its running peak, quote currency.',
    chart: {
      label: 'Drawdown of realized profit and loss over time',
      lines: [{ label: 'drawdown', color: '--series-loss', fill: '--fill-loss', stepped: true }],
      format: (v) => formatMoney(v, false),
      yMin: 0
    },
    lines: (data, x0) => [equityAndDrawdown(windowPnl(data, x0)).drawdown]
  },
  {
    id: 'order-latency',
    section: 'latency',
    title: 'Order execution',
    note: 'Signal to order confirmation, p50 and p99 per time bucket.',
    chart: {
      label: 'Order execution latency p50 and p99 over time',
      lines: [{ label: 'p50', color: '--series-1' }, { label: 'p99', color: '--series-4', dash: [5, 3] }],
      format: formatSeconds,
      yMin: 0
    },
    lines: (data, x0, x1) => quantileLines(data, 'latency_order_execution', x0, x1)
  },
  {
    id: 'market-data-latency',
    section: 'latency',
    title: 'Market data',
    note: 'Receipt to processing of market data, p50 and p99 per time bucket.',
    chart: {
      label: 'Market data latency p50 and p99 over time',
      lines: [{ label: 'p50', color: '--series-1' }, { label: 'p99', color: '--series-4', dash: [5, 3] }],
      format: formatSeconds,
      yMin: 0
    },
    lines: (data, x0, x1) => quantileLines(data, 'latency_market_data', x0, x1)
  }
]

/** Metric names whose history the charts need, with the prefixes the stream should carry. */
export const CHARTED_METRICS = [
  'engine_cycle_time', 'engine_positions', 'engine_signals', 'engine_orders',
  'scanner_scan_time', 'scanner_symbols_scanned', 'scanner_candidates_found',
  'latency_order_execution', 'latency_market_data', 'trade_closed', 'trade_reduced', 'trade_pnl', 'balance', 'equity'
] as const

/** What GET /stream is asked for. */
export const STREAM_METRICS = 'engine_*,scanner_*,latency_order_execution,latency_market_data,trade_closed,trade_reduced,trade_pnl,balance,equity'
