import { getJson, isNotAvailable } from './api.ts'
import { formatMoney, formatNumber, formatRatio, formatSeconds } from './format.ts'

/** What the breakdown table can group closed trades by (GET /trading/breakdown's `by`). */
export const BREAKDOWN_CHOICES = [
  ['symbol', 'Symbol'],
  ['strategy', 'Strategy'],
  ['entry_tag', 'Entry tag'],
  ['exit_reason', 'Exit reason']
] as const

interface BreakdownRow {
  key: Record<string, string | null>
  closed_trades: number
  win_rate: number | null
  total_pnl: number
  profit_factor: number | null
  holding_seconds: { mean: number | null }
}

/** Fills the group selector once. */
export function buildBreakdownPicker (root: Document): void {
  const select = root.getElementById('breakdown-by') as HTMLSelectElement | null
  if (select === null || select.options.length > 0) return
  for (const [value, label] of BREAKDOWN_CHOICES) select.append(new Option(label, value))
}

/**
 * Reads GET /trading/breakdown for the selected grouping over the window
 * and draws one row per value, highest P&L first. A service without the
 * route hides the table.
 */
export async function refreshBreakdown (root: Document, since: string): Promise<void> {
  const table = root.getElementById('breakdown') as HTMLTableElement | null
  const select = root.getElementById('breakdown-by') as HTMLSelectElement | null
  if (table === null || select === null) return
  const by = select.value === '' ? 'symbol' : select.value
  let rows: BreakdownRow[]
  try {
    rows = (await getJson<{ rows: BreakdownRow[] }>('/trading/breakdown', { by, since })).rows
  } catch (error) {
    if (!isNotAvailable(error)) throw error
    table.closest<HTMLElement>('.breakdown')?.setAttribute('hidden', '')
    return
  }
  table.dataset.by = by
  table.dataset.rows = String(rows.length)
  table.tBodies[0].replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr')
    const cells = [r.key[by] ?? '(none)', formatNumber(r.closed_trades, 0), formatRatio(r.win_rate), formatMoney(r.total_pnl),
      formatNumber(r.profit_factor, 2), formatSeconds(r.holding_seconds.mean)]
    for (const [i, text] of cells.entries()) {
      const td = document.createElement('td')
      td.textContent = text
      if (i > 0) td.className = 'num'
      if (i === 3) td.dataset.tone = r.total_pnl > 0 ? 'good' : r.total_pnl < 0 ? 'bad' : ''
      tr.append(td)
    }
    return tr
  }))
  const empty = table.parentElement?.querySelector<HTMLElement>('.empty')
  if (empty != null) empty.hidden = rows.length > 0
}
