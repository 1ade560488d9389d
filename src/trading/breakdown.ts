import { InvalidArgumentError } from '../core/errors.ts'
import { QuantileSketch } from '../core/quantile-sketch.ts'
import { percentilesInPlace } from '../core/statistics.ts'
import type { SettledBreakdown } from './settled-breakdown.ts'
import type { TradeAggregate } from './trade-aggregate.ts'
import type { ContextField } from './trade-context.ts'
import type { TradeLedger } from './trade-ledger.ts'
import { TradeOutcome } from './trade-records.ts'
import type { ClosedTrade } from './trade-records.ts'
import { lowerBoundClosedAt, matchesFilter, resolveFilter, upperBoundClosedAt } from './trade-selection.ts'
import type { ResolvedFilter, TradeFilter } from './trade-selection.ts'
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
  /** Holding times of the group's records that left memory (a sketch); null when none did. */
  settledHolding: QuantileSketch | null = null
  readonly key: Partial<Record<BreakdownKey, string | null>>

  constructor (key: Partial<Record<BreakdownKey, string | null>>) {
    this.key = key
  }

  /** Adds a record; its holding time only when `holding` (the total takes its rows' holding times at the end). */
  add (t: ClosedTrade, holding: boolean): void {
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
    if (holding && h !== null) {
      this.holds.push(h)
      this.holdSum += h
      if (h > this.holdMax) this.holdMax = h
    }
  }

  /** Starts from the figures of the group's records that left memory: they closed before every record added after. */
  seed (a: TradeAggregate): void {
    this.n = a.count
    this.wins = a.wins
    this.losses = a.losses
    this.total = a.total
    this.grossProfit = a.grossProfit
    this.grossLoss = a.grossLoss
    this.peak = a.maxPrefix
    this.maxDrawdown = a.maxDrawdown
    this.holdSum = a.holdingSum
    this.holdMax = a.holdingMax
    if (a.holdingCount > 0) {
      this.settledHolding ??= new QuantileSketch(a.holding.relativeAccuracy)
      this.settledHolding.merge(a.holding)
    }
  }

  /** Median holding time: exact over records in memory; with settled ones, from their sketch (within 1 %). */
  private holdingMedian (): number {
    const settled = this.settledHolding
    if (settled === null) return percentilesInPlace(this.holds, [0.5])[0]
    const all = new QuantileSketch(settled.relativeAccuracy)
    all.merge(settled)
    for (let i = 0; i < this.holds.length; i++) all.add(this.holds[i])
    return all.quantile(0.5)
  }

  figures (): GroupFigures {
    const n = this.n
    const held = this.holds.length + (this.settledHolding?.count ?? 0)
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
        : { mean: this.holdSum / held, median: this.holdingMedian(), max: this.holdMax }
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

/** Rows and total of a selection of records; what the cache keeps. */
interface Grouped {
  rows: BreakdownRow[]
  total: GroupFigures
}

// Per ledger, the last few answers keyed by the ledger's version and the
// exact selection (index range, filter, grouping): a dashboard polling the
// same breakdown while no trade closes gets the same rows without a pass.
const CACHE_SIZE = 8
const cache = new WeakMap<TradeLedger, Map<string, Grouped>>()

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
  const id = [ledger.version, by.join(','), from, to, filter.symbol ?? '', filter.side ?? ''].join('\u0000')
  let perLedger = cache.get(ledger)
  if (perLedger === undefined) {
    perLedger = new Map()
    cache.set(ledger, perLedger)
  }
  let grouped = perLedger.get(id)
  if (grouped === undefined) {
    // Window `all` covers the records that left memory too: their figures start each row.
    const settled = window.sinceMs === -Infinity && ledger.settledCount > 0 ? settledGroupsOf(ledger, by, filter) : null
    grouped = groupClosedTrades(trades, from, to, filter, by, settled)
    if (perLedger.size >= CACHE_SIZE) perLedger.delete(perLedger.keys().next().value!)
    perLedger.set(id, grouped)
  }
  return {
    by,
    window: { label: window.label, since: Number.isFinite(window.sinceMs) ? window.sinceMs : null, until: window.untilMs },
    symbol: filter.symbol,
    side: filter.side,
    // Copies of the arrays: a caller may sort or trim its answer.
    rows: [...grouped.rows],
    total: grouped.total,
    folded: ledger.context.folded()
  }
}

/** The figures of the records that left memory, per group and in total, for a grouping and filter. */
export interface SettledGroups {
  cells: ReturnType<SettledBreakdown['groups']>
  total: TradeAggregate | null
}

/** The settled figures a breakdown of window `all` starts from. */
export function settledGroupsOf (ledger: TradeLedger, by: BreakdownKey[], filter: ResolvedFilter): SettledGroups {
  return {
    cells: ledger.book.settledBreakdown.groups(by.join(','), filter),
    total: ledger.book.settledFigures(filter.symbol, filter.side)?.aggregate ?? null
  }
}

/**
 * Groups records [from, to) of `trades` that match `filter` by the keys
 * `by`, each group starting from its settled figures when given (records
 * that left memory, all older than `trades`); uncached.
 */
export function groupClosedTrades (trades: readonly ClosedTrade[], from: number, to: number, filter: ResolvedFilter, by: BreakdownKey[],
  settled: SettledGroups | null = null): Grouped {
  // One level of maps per key: no key string is built per record.
  const groups = new Map<string | null, Group | Map<string | null, Group>>()
  const list: Group[] = []
  const all = new Group({})
  const unfiltered = filter.symbol === null && filter.side === null
  const [k1, k2] = by
  const groupOf = (v1: string | null, v2: string | null): Group => {
    let g: Group | undefined
    if (k2 === undefined) {
      g = groups.get(v1) as Group | undefined
      if (g === undefined) {
        g = new Group({ [k1]: v1 })
        groups.set(v1, g)
        list.push(g)
      }
      return g
    }
    let inner = groups.get(v1) as Map<string | null, Group> | undefined
    if (inner === undefined) {
      inner = new Map()
      groups.set(v1, inner)
    }
    g = inner.get(v2)
    if (g === undefined) {
      g = new Group({ [k1]: v1, [k2]: v2 })
      inner.set(v2, g)
      list.push(g)
    }
    return g
  }
  if (settled !== null) {
    for (const cell of settled.cells.values()) groupOf(cell.key[k1] ?? null, k2 === undefined ? null : cell.key[k2] ?? null).seed(cell.aggregate)
    if (settled.total !== null) {
      all.seed(settled.total)
      // The total's holding sum and max come from its rows below.
      all.holdSum = 0
      all.holdMax = -Infinity
    }
  }
  for (let i = from; i < to; i++) {
    const t = trades[i]
    if (!unfiltered && !matchesFilter(t, filter)) continue
    const g = groupOf(valueOf(t, k1), k2 === undefined ? null : valueOf(t, k2))
    g.add(t, true)
    all.add(t, false)
  }
  const rows: BreakdownRow[] = []
  for (const g of list) {
    // Before the row's median reorders its holding times: the set is what the total needs, not the order.
    for (let i = 0; i < g.holds.length; i++) all.holds.push(g.holds[i])
    all.holdSum += g.holdSum
    if (g.holdMax > all.holdMax) all.holdMax = g.holdMax
    rows.push({ key: g.key, ...g.figures() })
  }
  const keyText = (r: BreakdownRow): string => by.map((k) => r.key[k] ?? '').join('\u0000')
  rows.sort((a, b) => b.total_pnl - a.total_pnl || (keyText(a) < keyText(b) ? -1 : keyText(a) > keyText(b) ? 1 : 0))
  return { rows, total: all.figures() }
}
