import { formatMoney, formatRatio, formatSeconds } from '../format.ts'

/** A row of GET /api/fleet (the fields the page shows). */
export interface FleetRow {
  bot: string
  labels: Record<string, string>
  url: string | null
  status: 'up' | 'stale'
  last_sample_ms: number | null
  health: string
  alerts: Array<{ alertname: string, severity: string, summary: string }>
  today_pnl: number | null
  total_pnl: number | null
  win_rate: number | null
  open_positions: number | null
  equity: number | null
  cycle_p99_seconds: number | null
  order_latency_p99_seconds: number | null
}

function cell (text: string, className = ''): HTMLTableCellElement {
  const td = document.createElement('td')
  td.textContent = text
  if (className !== '') td.className = className
  return td
}

function ago (ms: number | null, nowMs: number): string {
  if (ms === null) return '–'
  const s = Math.max(0, Math.round((nowMs - ms) / 1000))
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`
}

function moneyCell (value: number | null): HTMLTableCellElement {
  return cell(formatMoney(value), 'num' + (value === null ? '' : value < 0 ? ' loss' : value > 0 ? ' gain' : ''))
}

/** One table row per bot, in the order given (the API sorts worst first). Text only: labels come from the network. */
export function renderFleetRows (tbody: HTMLTableSectionElement, rows: readonly FleetRow[], nowMs: number): void {
  const out: HTMLTableRowElement[] = []
  for (const r of rows) {
    const tr = document.createElement('tr')
    tr.dataset.bot = r.bot
    tr.dataset.status = r.status
    tr.dataset.health = r.health
    const name = document.createElement('th')
    name.scope = 'row'
    if (r.url !== null && /^https?:\/\//.test(r.url)) {
      const a = document.createElement('a')
      a.href = r.url
      a.textContent = r.bot
      a.rel = 'noopener'
      name.append(a)
    } else {
      name.textContent = r.bot
    }
    const labels = Object.entries(r.labels).filter(([k]) => k !== 'job').map(([k, v]) => `${k}=${v}`).join(' ')
    const alerts = r.alerts.map((a) => `${a.alertname} (${a.severity})`).join(', ')
    tr.append(
      name,
      cell(labels, 'labels'),
      cell(r.status, 'status'),
      cell(ago(r.last_sample_ms, nowMs)),
      cell(r.health, 'health'),
      cell(alerts === '' ? '–' : alerts, 'alerts'),
      moneyCell(r.today_pnl),
      moneyCell(r.total_pnl),
      cell(formatRatio(r.win_rate), 'num'),
      cell(r.open_positions === null ? '–' : String(r.open_positions), 'num'),
      cell(formatMoney(r.equity, false), 'num'),
      cell(formatSeconds(r.cycle_p99_seconds), 'num'),
      cell(formatSeconds(r.order_latency_p99_seconds), 'num')
    )
    out.push(tr)
  }
  tbody.replaceChildren(...out)
}
