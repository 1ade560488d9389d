/** The breakdown table's sort order: DOM-free, so its Node test needs no browser. */

/** A breakdown row as GET /trading/breakdown answers it (the fields the table shows). */
export interface BreakdownRow {
  key: Record<string, string | null>
  closed_trades: number
  win_rate: number | null
  total_pnl: number
  profit_factor: number | null
  holding_seconds: { mean: number | null }
}

/** The table's columns, in order: `value` is the group's value, the rest read the row's figures. */
export const SORT_COLUMNS = ['value', 'closed_trades', 'win_rate', 'total_pnl', 'profit_factor', 'holding'] as const
export type SortColumn = typeof SORT_COLUMNS[number]

export interface SortOrder {
  column: SortColumn
  descending: boolean
}

/** The API's own order: highest P&L first. */
export const DEFAULT_SORT: Readonly<SortOrder> = Object.freeze({ column: 'total_pnl', descending: true })

/** The text the value column shows for a row grouped by `by`. */
export function groupValue (row: BreakdownRow, by: string): string {
  return row.key[by] ?? '(none)'
}

function sortKey (row: BreakdownRow, column: SortColumn, by: string): string | number | null {
  switch (column) {
    case 'value': return groupValue(row, by)
    case 'holding': return row.holding_seconds.mean
    default: return row[column]
  }
}

/**
 * The rows sorted by `order`: stable (rows that tie keep the API's order),
 * nulls (an undefined win rate or profit factor) last in either direction,
 * text compared by code unit.
 */
export function sortRows (rows: readonly BreakdownRow[], order: SortOrder, by: string): BreakdownRow[] {
  const sign = order.descending ? -1 : 1
  return rows.map((row, i) => ({ row, i, k: sortKey(row, order.column, by) })).sort((a, b) => {
    if (a.k === null || b.k === null) return a.k === b.k ? a.i - b.i : a.k === null ? 1 : -1
    const c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0
    return c === 0 ? a.i - b.i : sign * c
  }).map((x) => x.row)
}

/**
 * The order after a click on `column`: the same column flips direction, a
 * new one starts descending (highest first), the value column ascending (A to Z).
 */
export function nextSort (current: SortOrder, column: SortColumn): SortOrder {
  if (current.column === column) return { column, descending: !current.descending }
  return { column, descending: column !== 'value' }
}

/** The URL form: the column, with a leading `-` for descending (`-total_pnl`, `win_rate`). */
export function formatSort (order: SortOrder): string {
  return (order.descending ? '-' : '') + order.column
}

/** Reads the URL form; anything else is the default order. */
export function parseSort (text: string | null): SortOrder {
  if (text === null) return { ...DEFAULT_SORT }
  const descending = text.startsWith('-')
  const column = SORT_COLUMNS.find((c) => c === (descending ? text.slice(1) : text))
  return column === undefined ? { ...DEFAULT_SORT } : { column, descending }
}
