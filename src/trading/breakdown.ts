import { InvalidArgumentError } from '../core/errors.ts'
import { percentilesInPlace } from '../core/statistics.ts'
import type { ContextField } from './trade-context.ts'
import type { TradeLedger } from './trade-ledger.ts'
import { TradeOutcome } from './trade-records.ts'
import type { ClosedTrade } from './trade-records.ts'
import { lowerBoundClosedAt, matchesFilter, resolveFilter, upperBoundClosedAt } from './trade-selection.ts'
import type { TradeFilter } from './trade-selection.ts'
import { resolveWindow } from './trade-window.ts'
import type { WindowQuery } from './trade-window.ts'

/** What a breakdown can group by. */
export const BREAKDOWN_KEYS = Object.freeze(['symbol', 'side', 'strategy', 'entry_tag', 'exit_reason'] as const)
export type BreakdownKey = typeof BREAKDOWN_KEYS[number]

/** The groupings `by` accepts: one key, or entry tag and exit reason together. */
export const BREAKDOWN_BY = Object.freeze(['symbol', 'side', 'strategy', 'entry_tag', 'exit_reason', 'entry_tag,exit_reason'] as const)

/** A breakdown request: a grouping, a window, an optional symbol and side. */
export interface GroupBreakdownQuery extends WindowQuery, TradeFilter {
  /** One of BREAKDOWN_BY; default `symbol`. */
  by?: string
}

/** The figures of one group of closed trade records (or of all of them). */
export interface GroupFigures {
  closed_trades: number
  wins: number
  losses: number
  win_rate: number | null
  total_pnl: number
  avg_pnl: number | null
  profit_factor: number | null
  expectancy: number | null
  max_drawdown: number
  holding_seconds: { mean: number | null, median: number | null, max: number | null }
}

/** One row: the group's key values (null where the records carry none) and its figures. */
export interface BreakdownRow extends GroupFigures {
  key: Partial<Record<BreakdownKey, string | null>>
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

/** Running figures of a group, fed in closed_at order. */
class Group {
  n = 0
  wins = 0
  losses = 0
  total = 0
  grossProfit = 0
  grossLoss = 0
  peak = 0
  maxDrawdown = 0
  holdSum = 0
  holdMax = -Infinity
  readonly holds: number[] = []
  readonly key: Partial<Record<BreakdownKey, string | null>>

  constructor (key: Partial<Record<BreakdownKey, string | null>>) {
    this.key = key
  }

  add (t: ClosedTrade): void {
    const pnl = t.pnl
    this.n++
    this.total += pnl
    if (t.outcome === TradeOutcome.win) {
      this.wins++
      this.grossProfit += pnl
    } else if (t.outcome === TradeOutcome.loss) {
      this.losses++
      this.grossLoss += pnl
    }
    if (this.total > this.peak) this.peak = this.total
    else if (this.peak - this.total > this.maxDrawdown) this.maxDrawdown = this.peak - this.total
    const h = t.holding_seconds
    if (h !== null) {
      this.holds.push(h)
      this.holdSum += h
      if (h > this.holdMax) this.holdMax = h
    }
  }

  figures (): GroupFigures {
    const n = this.n
    const held = this.holds.length
    return {
      closed_trades: n,
      wins: this.wins,
      losses: this.losses,
      win_rate: n === 0 ? null : this.wins / n,
      total_pnl: this.total,
      avg_pnl: n === 0 ? null : this.total / n,
      // As /trading: null without a losing trade (gross profit over 0).
      profit_factor: this.losses === 0 ? null : this.grossProfit / -this.grossLoss,
      expectancy: n === 0 ? null : (this.grossProfit + this.grossLoss) / n,
      max_drawdown: this.maxDrawdown,
      holding_seconds: held === 0
        ? { mean: null, median: null, max: null }
        : { mean: this.holdSum / held, median: percentilesInPlace(this.holds, [0.5])[0], max: this.holdMax }
    }
  }
}

/** Parses `by`: a key of BREAKDOWN_BY, default `symbol`; throws InvalidArgumentError otherwise. */
export function parseBreakdownBy (by: string | undefined): BreakdownKey[] {
  const raw = by ?? 'symbol'
  if (!(BREAKDOWN_BY as readonly string[]).includes(raw)) {
    throw new InvalidArgumentError('by', `must be one of ${BREAKDOWN_BY.join(' | ')}, got ${JSON.stringify(raw)}`)
  }
  return raw.split(',') as BreakdownKey[]
}

const valueOf = (t: ClosedTrade, k: BreakdownKey): string | null => (t[k] ?? null) as string | null

/**
 * Closed trade records of a window and filter grouped by one key (or entry
 * tag and exit reason): one row per value with its figures, sorted by
 * total_pnl descending, and the total. Every record is in exactly one row,
 * so the rows' closed_trades, wins, losses and total_pnl add up to the
 * total's. docs/TRADING_METRICS.md, "Breakdowns".
 */
export function computeGroupBreakdown (ledger: TradeLedger, query: GroupBreakdownQuery, nowMs: number): GroupBreakdown {
  const by = parseBreakdownBy(query.by)
  const window = resolveWindow(query, nowMs)
  const filter = resolveFilter(query)
  const trades = ledger.trades
  const from = lowerBoundClosedAt(trades, window.sinceMs)
  const to = upperBoundClosedAt(trades, window.untilMs)
  const groups = new Map<string | null, Group>()
  const all = new Group({})
  const unfiltered = filter.symbol === null && filter.side === null
  const single = by.length === 1 ? by[0] : null
  for (let i = from; i < to; i++) {
    const t = trades[i]
    if (!unfiltered && !matchesFilter(t, filter)) continue
    // One key: its value is the map key; two: the values joined by a character no label value holds.
    const id = single !== null ? valueOf(t, single) : by.map((k) => valueOf(t, k) ?? '\u0001').join('\u0000')
    let g = groups.get(id)
    if (g === undefined) {
      const key: Partial<Record<BreakdownKey, string | null>> = {}
      for (const k of by) key[k] = valueOf(t, k)
      g = new Group(key)
      groups.set(id, g)
    }
    g.add(t)
    all.add(t)
  }
  const rows: BreakdownRow[] = [...groups.values()].map((g) => ({ key: g.key, ...g.figures() }))
  const keyText = (r: BreakdownRow): string => by.map((k) => r.key[k] ?? '').join('\u0000')
  rows.sort((a, b) => b.total_pnl - a.total_pnl || (keyText(a) < keyText(b) ? -1 : keyText(a) > keyText(b) ? 1 : 0))
  return {
    by,
    window: { label: window.label, since: Number.isFinite(window.sinceMs) ? window.sinceMs : null, until: window.untilMs },
    symbol: filter.symbol,
    side: filter.side,
    rows,
    total: all.figures(),
    folded: ledger.context.folded()
  }
}
