import { getJson, isNotAvailable } from './api.ts'
import { DEFAULT_SORT, formatSort, groupValue, nextSort, parseSort, sortRows } from './breakdown-sort.ts'
import type { BreakdownRow, SortColumn, SortOrder } from './breakdown-sort.ts'
import { formatMoney, formatNumber, formatRatio, formatSeconds } from './format.ts'
import { setUrlParams, urlParam } from './url-state.ts'

/** What the breakdown table can group closed trades by (GET /trading/breakdown's `by`). */
export const BREAKDOWN_CHOICES = [
  ['symbol', 'Symbol'],
  ['strategy', 'Strategy'],
  ['entry_tag', 'Entry tag'],
  ['exit_reason', 'Exit reason']
] as const

/** The table's columns: heading, sort column, and whether it holds a number. */
const COLUMNS: ReadonlyArray<{ label: string, column: SortColumn, numeric: boolean }> = [
  { label: 'Value', column: 'value', numeric: false },
  { label: 'Trades', column: 'closed_trades', numeric: true },
  { label: 'Win rate', column: 'win_rate', numeric: true },
  { label: 'P&L', column: 'total_pnl', numeric: true },
  { label: 'Profit factor', column: 'profit_factor', numeric: true },
  { label: 'Avg hold', column: 'holding', numeric: true }
]

/** The table's view: grouping and order come from the URL (`?by=exit_reason&sort=-win_rate`). */
const view: { by: string, order: SortOrder, rows: BreakdownRow[] } = { by: 'symbol', order: { ...DEFAULT_SORT }, rows: [] }

/**
 * Fills the group selector and the sortable column headings once, from the
 * URL's `by` and `sort`. `onGroup` runs when another grouping is chosen.
 */
export function buildBreakdownPicker (root: Document, onGroup: () => void): void {
  const select = root.getElementById('breakdown-by') as HTMLSelectElement | null
  const head = root.querySelector<HTMLTableRowElement>('#breakdown thead tr')
  if (select === null || head === null || select.options.length > 0) return
  const by = urlParam('by')
  view.by = BREAKDOWN_CHOICES.some(([value]) => value === by) ? by as string : 'symbol'
  view.order = parseSort(urlParam('sort'))
  for (const [value, label] of BREAKDOWN_CHOICES) select.append(new Option(label, value, false, value === view.by))
  select.addEventListener('change', () => {
    view.by = select.value
    setUrlParams({ by: view.by })
    onGroup()
  })
  head.replaceChildren(...COLUMNS.map(({ label, column, numeric }) => {
    const th = document.createElement('th')
    th.scope = 'col'
    th.dataset.sort = column
    if (numeric) th.className = 'num'
    // A button in the heading: reachable and operable by keyboard, announced with aria-sort.
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: label, className: 'sort' })
    button.addEventListener('click', () => {
      view.order = nextSort(view.order, column)
      setUrlParams({ sort: formatSort(view.order) })
      renderBreakdown(root)
    })
    th.append(button)
    return th
  }))
}

/**
 * Reads GET /trading/breakdown for the selected grouping over the window
 * and draws it in the chosen order. A service without the route hides the table.
 */
export async function refreshBreakdown (root: Document, since: string): Promise<void> {
  const table = root.getElementById('breakdown') as HTMLTableElement | null
  if (table === null) return
  const by = view.by
  try {
    const rows = (await getJson<{ rows: BreakdownRow[] }>('/trading/breakdown', { by, since })).rows
    // A grouping chosen while this read was under way has its own read: drop this one.
    if (by !== view.by) return
    view.rows = rows
  } catch (error) {
    if (!isNotAvailable(error)) throw error
    table.closest<HTMLElement>('.breakdown')?.setAttribute('hidden', '')
    return
  }
  renderBreakdown(root)
}

/** Draws the rows held in the chosen order, and marks the sorted heading. */
function renderBreakdown (root: Document): void {
  const table = root.getElementById('breakdown') as HTMLTableElement | null
  if (table === null) return
  const { by, order } = view
  const rows = sortRows(view.rows, order, by)
  table.dataset.by = by
  table.dataset.sort = formatSort(order)
  table.dataset.rows = String(rows.length)
  for (const th of table.querySelectorAll<HTMLElement>('thead th')) {
    if (th.dataset.sort === order.column) th.setAttribute('aria-sort', order.descending ? 'descending' : 'ascending')
    else th.removeAttribute('aria-sort')
  }
  table.tBodies[0].replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr')
    const cells = [groupValue(r, by), formatNumber(r.closed_trades, 0), formatRatio(r.win_rate), formatMoney(r.total_pnl),
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
