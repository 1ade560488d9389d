import type { DashboardData } from './dashboard-data.ts'
import { lowerBound } from './downsample.ts'
import { formatMoney, formatNumber, formatPercent, formatRatio, formatSeconds } from './format.ts'
import type { SectionId } from './panels.ts'
import { windowPnl } from './panels.ts'
import { tradeFigures } from './stats.ts'
import { percentileSorted } from '../../src/core/statistics.ts'

/** A single figure: its section, label and how it reads from the data over [x0, x1]. */
interface Tile {
  id: string
  section: SectionId
  label: string
  value: (data: DashboardData, x0: number) => string
  /** Optional tone: `good`, `bad` or `` (neutral). */
  tone?: (data: DashboardData, x0: number) => string
}

const latestSystem = (field: string) => (data: DashboardData): number | null => data.systemField(field).latest

function windowQuantile (data: DashboardData, metric: string, x0: number, p: number): number | null {
  const b = data.metric(metric)
  const values = b.v.slice(lowerBound(b.t, x0)).sort((a, c) => a - c)
  return values.length === 0 ? null : percentileSorted(values, p)
}

const p50p99 = (metric: string) => (data: DashboardData, x0: number): string =>
  `${formatSeconds(windowQuantile(data, metric, x0, 0.5))} / ${formatSeconds(windowQuantile(data, metric, x0, 0.99))}`

/** Server figures from GET /trading when served, else the dashboard's own from the trade events. */
function trading (data: DashboardData, x0: number): Record<string, number | null> {
  const s = data.tradingStats
  if (s !== null) {
    const pick = (k: string): number | null => typeof s[k] === 'number' ? s[k] : null
    return {
      win_rate: pick('win_rate'),
      profit_factor: pick('profit_factor'),
      total_pnl: pick('total_pnl'),
      max_drawdown: pick('max_drawdown'),
      closed_trades: pick('closed_trades')
    }
  }
  const f = tradeFigures(windowPnl(data, x0).v)
  return { win_rate: f.win_rate, profit_factor: f.profit_factor, total_pnl: f.total_pnl, max_drawdown: f.max_drawdown, closed_trades: f.closed_trades }
}

const TILES: readonly Tile[] = [
  { id: 'cpu', section: 'system', label: 'CPU', value: (d) => formatPercent(latestSystem('cpu_percent')(d)) },
  {
    id: 'memory',
    section: 'system',
    label: 'Memory',
    value: (d) => `${formatNumber(latestSystem('memory_used_mb')(d))} MiB · ${formatPercent(latestSystem('memory_percent')(d), 2)}`
  },
  { id: 'event-loop', section: 'system', label: 'Event-loop lag p99', value: (d) => `${formatNumber(latestSystem('event_loop_lag_p99_ms')(d))} ms` },
  { id: 'state', section: 'engine', label: 'State', value: (d) => d.latestLabels.get('engine_cycle_time')?.labels.state?.replace(/_/g, ' ') ?? '–' },
  { id: 'positions', section: 'engine', label: 'Positions', value: (d) => formatNumber(d.metric('engine_positions').latest) },
  { id: 'signals', section: 'engine', label: 'Signals', value: (d) => formatNumber(d.metric('engine_signals').latest) },
  { id: 'orders', section: 'engine', label: 'Orders', value: (d) => formatNumber(d.metric('engine_orders').latest) },
  { id: 'cycle', section: 'engine', label: 'Cycle p50 / p99', value: p50p99('engine_cycle_time') },
  { id: 'candidates', section: 'scanner', label: 'Candidates (last scan)', value: (d) => formatNumber(d.metric('scanner_candidates_found').latest) },
  { id: 'symbols', section: 'scanner', label: 'Symbols (last scan)', value: (d) => formatNumber(d.metric('scanner_symbols_scanned').latest) },
  { id: 'scan', section: 'scanner', label: 'Scan time p50 / p99', value: p50p99('scanner_scan_time') },
  { id: 'win-rate', section: 'trading', label: 'Win rate', value: (d, x0) => formatRatio(trading(d, x0).win_rate) },
  { id: 'profit-factor', section: 'trading', label: 'Profit factor', value: (d, x0) => formatNumber(trading(d, x0).profit_factor) },
  {
    id: 'pnl',
    section: 'trading',
    label: 'Realized P&L',
    value: (d, x0) => formatMoney(trading(d, x0).total_pnl),
    tone: (d, x0) => { const v = trading(d, x0).total_pnl ?? 0; return v > 0 ? 'good' : v < 0 ? 'bad' : '' }
  },
  { id: 'drawdown', section: 'trading', label: 'Max drawdown', value: (d, x0) => formatMoney(trading(d, x0).max_drawdown, false) },
  { id: 'trades', section: 'trading', label: 'Closed trades', value: (d, x0) => formatNumber(trading(d, x0).closed_trades) },
  { id: 'order-latency', section: 'latency', label: 'Order execution p50 / p99', value: p50p99('latency_order_execution') },
  { id: 'market-data', section: 'latency', label: 'Market data p50 / p99', value: p50p99('latency_market_data') }
]

/** Creates the tiles in each section's `.tiles` container. */
export function buildTiles (root: ParentNode): void {
  for (const tile of TILES) {
    const box = root.querySelector(`#${tile.section} .tiles`)
    if (box === null) continue
    const el = document.createElement('div')
    el.className = 'tile'
    el.dataset.tile = tile.id
    const label = document.createElement('span')
    label.className = 'tile-label'
    label.id = `tile-${tile.id}`
    label.textContent = tile.label
    const value = document.createElement('output')
    value.className = 'tile-value'
    value.setAttribute('aria-labelledby', label.id)
    value.textContent = '–'
    el.append(label, value)
    box.append(el)
  }
}

/** Writes every tile's value (only where it changed, so screen readers are not flooded). */
export function renderTiles (root: ParentNode, data: DashboardData, x0: number): void {
  for (const tile of TILES) {
    const el = root.querySelector<HTMLElement>(`[data-tile="${tile.id}"]`)
    const out = el?.querySelector('output')
    if (el == null || out == null) continue
    const text = tile.value(data, x0)
    if (out.textContent !== text) out.textContent = text
    if (tile.tone !== undefined) el.dataset.tone = tile.tone(data, x0)
  }
}
