import { onUnauthorized } from './api.ts'
import { showBotIdentity } from './bot-header.ts'
import { readCapabilities } from './capabilities.ts'
import type { Capabilities } from './capabilities.ts'
import { DashboardData } from './dashboard-data.ts'
import { loadHistory, loadOptional, RANGES } from './history.ts'
import type { OptionalResults, TimeRange } from './history.ts'
import { promptForKey, refreshKeyButton, wireKeyButton } from './key-prompt.ts'
import { LiveStream } from './live-stream.ts'
import type { StreamPayload } from './live-stream.ts'
import { STREAM_METRICS } from './panels.ts'
import { Poller } from './poller.ts'
import { buildTiles, renderTiles } from './tiles.ts'
import { buildBreakdownPicker, refreshBreakdown } from './breakdown-table.ts'
import { setUrlParams, urlParam } from './url-state.ts'
import { ChartGrid, renderHealth, renderMode, renderTrades } from './view.ts'
import { createExcursionScatter } from './excursion-scatter.ts'
import { buildFigureTiles, renderFigureTiles } from './risk-tiles.ts'
import type { ExcursionScatter } from './excursion-scatter.ts'

/** Optional panels are re-read this often, ms: trading figures, trades, alerts, annotations. */
const OPTIONAL_EVERY_MS = 10_000

const data = new DashboardData()
/** The range lives in the URL (`?range=1h`), so a reload or a shared link keeps it. */
let range: TimeRange = RANGES.find((r) => r.since === urlParam('range')) ?? RANGES[0]
let caps: Capabilities = { trading: false, trades: false, alerts: false, annotations: false, metricStep: false, metricColumns: false, known: false }
let optional: OptionalResults = { trading: false, trades: false, alerts: false, annotations: false }
/** Server clock minus browser clock, ms: the window ends at the server's now. */
let skewMs = 0
let frame = 0
let loading: Promise<void> | null = null
let grid: ChartGrid
let scatter: ExcursionScatter | null = null

function notice (text: string | null): void {
  const el = document.getElementById('notice')!
  el.hidden = text === null
  el.textContent = text ?? ''
}

function render (): void {
  frame = 0
  const x1 = Date.now() + skewMs
  const x0 = x1 - range.ms
  data.trimBefore(x0 - 60_000)
  grid.render(data, x0, x1)
  renderTiles(document, data, x0)
  renderFigureTiles(document, data)
  renderTrades(document.getElementById('trades') as HTMLTableElement, data)
  scatter?.update(data.trades)
  renderHealth(document, data, optional, x1)
  for (const [id, shown] of [['trading-source', !optional.trading], ['annotations-note', !optional.annotations]] as const) {
    const el = document.getElementById(id)
    if (el !== null) el.hidden = !shown
  }
  document.body.dataset.range = range.since
}

function schedule (): void {
  if (frame === 0) frame = requestAnimationFrame(render)
}

function onUpdate (payload: StreamPayload): void {
  skewMs = payload.t - Date.now()
  data.applyUpdate(payload)
  if (payload.truncated === true) void reload()
  if (!document.hidden) schedule()
}

async function refreshOptional (): Promise<void> {
  optional = await loadOptional(data, range, caps)
  grid.setAnnotations(data)
  if (caps.trading) await refreshBreakdown(document, range.since)
}

async function reload (): Promise<void> {
  loading ??= (async () => {
    document.body.setAttribute('aria-busy', 'true')
    try {
      await loadHistory(data, range, caps)
      await refreshOptional()
      notice(null)
    } catch (error) {
      notice(`Could not load the metrics: ${(error as Error).message}`)
    } finally {
      document.body.removeAttribute('aria-busy')
      loading = null
      schedule()
    }
  })()
  await loading
}

function wireRangePicker (): void {
  const form = document.getElementById('range') as HTMLFormElement
  for (const r of RANGES) {
    const id = `range-${r.since}`
    const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'range', id, value: r.since, checked: r === range })
    const label = Object.assign(document.createElement('label'), { htmlFor: id, textContent: r.label })
    form.querySelector('.choices')!.append(input, label)
  }
  form.addEventListener('change', () => {
    const value = (form.elements.namedItem('range') as RadioNodeList).value
    range = RANGES.find((r) => r.since === value) ?? RANGES[0]
    setUrlParams({ range: range.since })
    void reload()
  })
}

async function start (): Promise<void> {
  onUnauthorized(async (reason) => {
    notice('This service requires an API key.')
    await promptForKey(reason)
    notice(null)
  })
  wireKeyButton()
  wireRangePicker()
  buildTiles(document)
  buildFigureTiles(document)
  buildBreakdownPicker(document, () => { void refreshBreakdown(document, range.since) })
  grid = new ChartGrid(document)
  scatter = createExcursionScatter(document)
  try {
    caps = await readCapabilities()
  } catch (error) {
    notice(`Could not reach the service: ${(error as Error).message}`)
    return
  }
  refreshKeyButton()
  // The header's bot name is a nicety: a failure here must not hold the charts back.
  showBotIdentity(document).catch(() => {})
  await reload()
  const poller = new Poller(STREAM_METRICS, onUpdate)
  const stream = new LiveStream({
    metrics: STREAM_METRICS,
    onUpdate,
    onMode: (mode) => { renderMode(document, mode) },
    onFallback: () => { poller.start() }
  })
  stream.start()
  setInterval(() => { void refreshOptional().then(schedule, () => {}) }, OPTIONAL_EVERY_MS)
  // The window slides even when nothing arrives.
  setInterval(() => { if (!document.hidden) schedule() }, 1000)
  document.addEventListener('visibilitychange', () => { if (!document.hidden) schedule() })
}

void start()
