import { getJson, onUnauthorized } from '../api.ts'
import { promptForKey, refreshKeyButton, wireKeyButton } from '../key-prompt.ts'
import { renderFleetRows } from './fleet-table.ts'
import type { FleetRow } from './fleet-table.ts'

interface FleetSnapshot {
  generated_at: number
  refresh_ms: number
  stale: boolean
  data_as_of: number | null
  store: { url: string, ok: boolean, error: string | null }
  alertmanager: { url: string, ok: boolean, error: string | null } | null
  bots: FleetRow[]
}

/** The page polls at the view's refresh period: new answers come no faster. */
const POLL_MS = 5000

function notice (text: string | null): void {
  const el = document.getElementById('notice')!
  el.hidden = text === null
  el.textContent = text ?? ''
}

function render (s: FleetSnapshot): void {
  const tbody = document.querySelector<HTMLTableSectionElement>('#fleet tbody')!
  renderFleetRows(tbody, s.bots, s.generated_at)
  document.getElementById('no-bots')!.hidden = s.bots.length > 0
  document.getElementById('store-url')!.textContent = s.store.url
  const up = s.bots.filter((b) => b.status === 'up').length
  const count = document.getElementById('fleet-count')!
  count.textContent = `${s.bots.length} bots · ${up} up · ${s.bots.length - up} stale`
  count.dataset.status = up === s.bots.length ? 'healthy' : 'critical'
  const updated = document.getElementById('fleet-updated')!
  updated.textContent = s.data_as_of === null ? 'no data yet' : `data of ${new Date(s.data_as_of).toLocaleTimeString()}`
  document.body.dataset.stale = String(s.stale)
  const problems: string[] = []
  if (!s.store.ok) problems.push(`The store cannot be read: ${s.store.error ?? s.store.url}. Showing the last good data${s.data_as_of === null ? '' : ` of ${new Date(s.data_as_of).toLocaleTimeString()}`}, marked stale.`)
  if (s.alertmanager !== null && !s.alertmanager.ok) problems.push(`Alertmanager at ${s.alertmanager.url} cannot be read: ${s.alertmanager.error ?? ''}`)
  notice(problems.length === 0 ? null : problems.join(' '))
}

async function poll (): Promise<void> {
  try {
    render(await getJson<FleetSnapshot>('/api/fleet'))
  } catch (error) {
    document.body.dataset.stale = 'true'
    notice(`The fleet view cannot be reached: ${(error as Error).message}. The table shows the last data received.`)
  }
}

async function start (): Promise<void> {
  onUnauthorized(async (reason) => {
    notice('This fleet view requires an API key.')
    await promptForKey(reason)
    notice(null)
  })
  wireKeyButton()
  refreshKeyButton()
  await poll()
  setInterval(() => { if (!document.hidden) void poll() }, POLL_MS)
  document.addEventListener('visibilitychange', () => { if (!document.hidden) void poll() })
}

void start()
