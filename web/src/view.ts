import { TimeChart } from './chart.ts'
import type { Annotation, LineSpec } from './chart-types.ts'
import type { AlertRow, DashboardData } from './dashboard-data.ts'
import { tradeKeys } from './dashboard-data.ts'
import { formatAgo, formatMoney, formatNumber, formatWhen } from './format.ts'
import type { OptionalResults } from './history.ts'
import type { LiveMode } from './live-stream.ts'
import { CHART_PANELS } from './panels.ts'
import type { ChartPanel } from './panels.ts'

const PALETTE = ['--series-1', '--series-2', '--series-3', '--series-4', '--series-5', '--series-6']

interface ChartSlot {
  panel: ChartPanel
  figure: HTMLElement
  chart: TimeChart
  labels: string
}

/**
 * The charts of every panel, each in a <figure> with its title, note and
 * canvas, in its section's `.charts` container.
 */
export class ChartGrid {
  private readonly slots: ChartSlot[] = []
  private annotations: Annotation[] = []

  constructor (root: ParentNode) {
    for (const panel of CHART_PANELS) {
      const box = root.querySelector(`#${panel.section} .charts`)
      if (box === null) continue
      const figure = document.createElement('figure')
      figure.className = 'chart'
      figure.dataset.chart = panel.id
      const caption = document.createElement('figcaption')
      const title = document.createElement('h3')
      title.textContent = panel.title
      const note = document.createElement('p')
      note.className = 'note'
      note.textContent = panel.note
      caption.append(title, note)
      figure.append(caption)
      box.append(figure)
      this.slots.push({ panel, figure, chart: new TimeChart(figure, panel.chart), labels: '' })
    }
  }

  render (data: DashboardData, x0: number, x1: number): void {
    for (const slot of this.slots) {
      const labels = slot.panel.lineLabels?.(data)
      if (labels !== undefined && labels.join('|') !== slot.labels) this.rebuild(slot, labels)
      slot.chart.update(slot.panel.lines(data, x0, x1), x0, x1)
    }
  }

  setAnnotations (data: DashboardData): void {
    this.annotations = data.annotations
    for (const slot of this.slots) slot.chart.setAnnotations(this.annotations)
  }

  /** A panel whose lines are discovered (scanner filters) gets a new chart when they change. */
  private rebuild (slot: ChartSlot, labels: string[]): void {
    slot.labels = labels.join('|')
    slot.chart.destroy()
    slot.figure.querySelector('.chart-canvas')?.remove()
    const first = slot.panel.chart.lines[0]
    const lines: LineSpec[] = labels.map((label, i) => i === 0 ? { ...first, label } : { label, color: PALETTE[i % PALETTE.length], width: 1, stepped: true })
    slot.chart = new TimeChart(slot.figure, { ...slot.panel.chart, lines })
    slot.chart.setAnnotations(this.annotations)
  }
}

/** The recent trades table: newest first, P&L coloured and signed. */
export function renderTrades (table: HTMLTableElement, data: DashboardData, limit = 12): void {
  const body = table.tBodies[0]
  const rows = data.trades.slice(0, limit)
  const key = `${String(data.tradesFromLedger)}|${tradeKeys(rows).join(',')}`
  if (body.dataset.key === key) return
  body.dataset.key = key
  table.classList.toggle('ledger', data.tradesFromLedger)
  const nowMs = Date.now()
  body.replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr')
    const cells = [formatWhen(r.timeMs, nowMs), r.symbol, r.side, r.event, formatMoney(r.pnl)]
    if (data.tradesFromLedger) cells.push(formatNumber(r.quantity), formatNumber(r.entryPrice, 6), formatNumber(r.exitPrice, 6))
    for (const [i, text] of cells.entries()) {
      const td = document.createElement('td')
      td.textContent = text
      if (i === 4) td.dataset.tone = r.pnl > 0 ? 'good' : r.pnl < 0 ? 'bad' : ''
      tr.append(td)
    }
    return tr
  }))
  table.querySelectorAll('.ledger-only').forEach((el) => { (el as HTMLElement).hidden = !data.tradesFromLedger })
  const empty = table.parentElement?.querySelector<HTMLElement>('.empty')
  if (empty != null) empty.hidden = rows.length > 0
}

function alertItem (a: AlertRow, nowMs: number): HTMLLIElement {
  const li = document.createElement('li')
  li.dataset.severity = a.severity
  const badge = document.createElement('span')
  badge.className = 'severity'
  badge.textContent = a.severity
  const text = document.createElement('span')
  text.textContent = ` ${a.check}: ${a.message}${a.sinceMs === undefined ? '' : ` (since ${formatAgo(a.sinceMs, nowMs)})`}`
  li.append(badge, text)
  return li
}

/** Status badge (an aria-live region: changes are announced), issues and alerts. */
export function renderHealth (root: Document, data: DashboardData, optional: OptionalResults, nowMs: number): void {
  const badge = root.getElementById('health-status')!
  const status = data.health.status
  if (badge.dataset.status !== status) {
    badge.dataset.status = status
    badge.textContent = status === 'unknown' ? 'Health: …' : `Health: ${status}`
  }
  const issues = root.getElementById('issues')!
  const issueKey = data.health.issues.map((i) => i.check + i.severity + i.message).join('|')
  if (issues.dataset.key !== issueKey) {
    issues.dataset.key = issueKey
    issues.replaceChildren(...data.health.issues.map((i) => alertItem(i, nowMs)))
    root.getElementById('no-issues')!.hidden = data.health.issues.length > 0
  }
  const alerts = root.getElementById('alerts')!
  const alertsNote = root.getElementById('alerts-note')!
  if (!optional.alerts) {
    alertsNote.textContent = 'Alert history is not available on this service version.'
    alerts.replaceChildren()
  } else {
    const list = data.alerts ?? []
    alertsNote.textContent = list.length === 0 ? 'No alerts firing.' : ''
    alerts.replaceChildren(...list.map((a) => alertItem(a, nowMs)))
  }
}

const MODE_TEXT: Record<LiveMode, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  polling: 'Polling every 5 s'
}

export function renderMode (root: Document, mode: LiveMode): void {
  const el = root.getElementById('live-mode')!
  el.dataset.mode = mode
  el.textContent = MODE_TEXT[mode]
}
