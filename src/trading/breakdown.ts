import { InvalidArgumentError } from '../core/errors.ts'
import { BREAKDOWN_KEYS, GroupTable } from './breakdown-groups.ts'
import type { BreakdownKey, BreakdownRow, GroupFigures, Grouped, SettledGroups } from './breakdown-groups.ts'
import { HOUR_MS } from './hour-book.ts'
import { LiveBreakdown, settledGroupsOf } from './live-breakdown.ts'
import { cutHour, reachesPastMemory } from './past-window.ts'
import type { ContextField } from './trade-context.ts'
import type { TradeLedger } from './trade-ledger.ts'
import type { ClosedTrade } from './trade-records.ts'
import { lowerBoundClosedAt, matchesFilter, resolveFilter, upperBoundClosedAt } from './trade-selection.ts'
import type { ResolvedFilter, TradeFilter } from './trade-selection.ts'
import { resolveWindow } from './trade-window.ts'
import type { TimeWindow, WindowQuery } from './trade-window.ts'

export { BREAKDOWN_KEYS, settledGroupsOf }
export type { BreakdownKey, BreakdownRow, GroupFigures, Grouped, SettledGroups }

/** The groupings `by` accepts: one key, or entry tag and exit reason together. */
export const BREAKDOWN_BY = Object.freeze(['symbol', 'side', 'strategy', 'entry_tag', 'exit_reason', 'entry_tag,exit_reason'] as const)

/** A breakdown request: a grouping, a window, an optional symbol and side. */
export interface GroupBreakdownQuery extends WindowQuery, TradeFilter {
  /** One of BREAKDOWN_BY; default `symbol`. */
  by?: string
}

export interface GroupBreakdown {
  by: BreakdownKey[]
  window: { label: string, since: number | null, until: number }
  symbol: string | null
  side: string | null
  /** By total_pnl, highest first; ties by key. */
  rows: BreakdownRow[]
  /** The same figures over every record in the window and filter: rows add up to it. */
  total: GroupFigures
  /** Events whose context value was folded into `other` (past 1,000 distinct values), per field. */
  folded: Record<ContextField, number>
}

/** Parses `by`: a key of BREAKDOWN_BY, default `symbol`; throws InvalidArgumentError otherwise. */
export function parseBreakdownBy (by: string | undefined): BreakdownKey[] {
  const raw = by ?? 'symbol'
  if (!(BREAKDOWN_BY as readonly string[]).includes(raw)) {
    throw new InvalidArgumentError('by', `must be one of ${BREAKDOWN_BY.join(' | ')}, got ${JSON.stringify(raw)}`)
  }
  return raw.split(',') as BreakdownKey[]
}

// Per ledger, the breakdowns over window `all` kept up to date (one per
// grouping and filter, the least recently read dropped past the limit; each
// holds 16 bytes per record in memory for its holding medians), and the
// last few answers over other windows, keyed by the ledger's version and the
// exact selection (index range, filter, grouping): a dashboard polling the
// same breakdown while no trade closes gets the same rows without a pass.
const LIVE_SIZE = 8
const CACHE_SIZE = 8
const live = new WeakMap<TradeLedger, Map<string, LiveBreakdown>>()
const cache = new WeakMap<TradeLedger, Map<string, Grouped>>()

/**
 * Closed trade records of a window and filter grouped by one key (or entry
 * tag and exit reason): one row per value with its figures, sorted by
 * total_pnl descending, and the total. Every record is in exactly one row,
 * so the rows' closed_trades, wins, losses and total_pnl add up to the
 * total's. Window `all` (ending at or after the newest record) is kept up
 * to date as records close; other windows pass over their records.
 * docs/TRADING_METRICS.md, "Breakdowns".
 */
export function computeGroupBreakdown (ledger: TradeLedger, query: GroupBreakdownQuery, nowMs: number): GroupBreakdown {
  const by = parseBreakdownBy(query.by)
  const window = resolveWindow(query, nowMs)
  const filter = resolveFilter(query)
  const trades = ledger.trades
  const newest = trades.length === 0 ? -Infinity : trades[trades.length - 1].closed_at
  const grouped = window.sinceMs === -Infinity && newest <= window.untilMs
    ? liveBreakdown(ledger, by, filter).read(ledger)
    : windowed(ledger, by, window, filter)
  return {
    by,
    window: { label: window.label, since: Number.isFinite(window.sinceMs) ? window.sinceMs : null, until: window.untilMs },
    symbol: filter.symbol,
    side: filter.side,
    // A copy of the rows: a caller may sort or trim its answer.
    rows: [...grouped.rows],
    total: grouped.total,
    folded: ledger.context.folded()
  }
}

function liveBreakdown (ledger: TradeLedger, by: BreakdownKey[], filter: ResolvedFilter): LiveBreakdown {
  let perLedger = live.get(ledger)
  if (perLedger === undefined) {
    perLedger = new Map()
    live.set(ledger, perLedger)
  }
  const id = by.join(',') + '\u0000' + (filter.symbol ?? '\u0001') + '\u0000' + (filter.side ?? '\u0001')
  let b = perLedger.get(id)
  if (b === undefined) {
    b = new LiveBreakdown(by, filter)
    if (perLedger.size >= LIVE_SIZE) perLedger.delete(perLedger.keys().next().value!)
  } else {
    perLedger.delete(id)
  }
  // Last in the map: the most recently read.
  perLedger.set(id, b)
  return b
}

/** A window other than `all` up to the newest record: one pass over its records, cached until the ledger changes. */
function windowed (ledger: TradeLedger, by: BreakdownKey[], window: TimeWindow, filter: ResolvedFilter): Grouped {
  const trades = ledger.trades
  const from = lowerBoundClosedAt(trades, window.sinceMs)
  const to = upperBoundClosedAt(trades, window.untilMs)
  // Window `all` ending before the newest record but not before memory covers every record that left memory: their figures start each row.
  const whole = window.sinceMs === -Infinity && ledger.settledCount > 0 && trades.length > 0 && window.untilMs >= trades[0].closed_at
  // A window reaching back past memory: its records out of memory are read back. Its own bounds key it then, not indices in memory.
  const past = !whole && reachesPastMemory(ledger, window.sinceMs)
  const part = whole ? 'settled' : past ? `${window.sinceMs}..${window.untilMs}` : ''
  const id = [ledger.version, by.join(','), from, to, part, filter.symbol ?? '', filter.side ?? ''].join('\u0000')
  let perLedger = cache.get(ledger)
  if (perLedger === undefined) {
    perLedger = new Map()
    cache.set(ledger, perLedger)
  }
  let grouped = perLedger.get(id)
  if (grouped === undefined) {
    grouped = past
      ? groupWithSettled(ledger, window, from, to, filter, by)
      : groupClosedTrades(trades, from, to, filter, by, whole ? settledGroupsOf(ledger, by, filter) : null)
    if (perLedger.size >= CACHE_SIZE) perLedger.delete(perLedger.keys().next().value!)
    perLedger.set(id, grouped)
  }
  return grouped
}

/**
 * A window that starts past memory: its records that left memory are read
 * back from the settled store an hour at a time (the hour cells keep no
 * strategy, tag or exit reason), in closing order, then records [from, to)
 * in memory follow. Without a store, the records that left memory are not
 * in it.
 */
function groupWithSettled (ledger: TradeLedger, window: TimeWindow, from: number, to: number, filter: ResolvedFilter,
  by: readonly BreakdownKey[]): Grouped {
  const table = new GroupTable(by, false)
  const order = ledger.book.hours.hourNumbers
  const last = Math.floor(window.untilMs / HOUR_MS)
  for (let i = ledger.book.hours.lowerBound(Math.floor(window.sinceMs / HOUR_MS)); i < order.length && order[i] <= last; i++) {
    const start = order[i] * HOUR_MS
    for (const t of cutHour(ledger, Math.max(window.sinceMs, start), Math.min(window.untilMs, start + HOUR_MS - 1), filter)) table.add(t)
  }
  const trades = ledger.trades
  const unfiltered = filter.symbol === null && filter.side === null
  for (let i = from; i < to; i++) {
    const t = trades[i]
    if (unfiltered || matchesFilter(t, filter)) table.add(t)
  }
  return table.result()
}

/**
 * Groups records [from, to) of `trades` that match `filter` by the keys
 * `by`, each group starting from its settled figures when given (records
 * that left memory, all older than `trades`); one pass, uncached.
 */
export function groupClosedTrades (trades: ReadonlyArray<Readonly<ClosedTrade>>, from: number, to: number, filter: ResolvedFilter,
  by: readonly BreakdownKey[], settled: SettledGroups | null = null): Grouped {
  const table = new GroupTable(by, false)
  if (settled !== null) table.seed(settled)
  const unfiltered = filter.symbol === null && filter.side === null
  for (let i = from; i < to; i++) {
    const t = trades[i]
    if (unfiltered || matchesFilter(t, filter)) table.add(t)
  }
  return table.result()
}
