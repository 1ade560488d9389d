import { RunningMedian } from '../core/running-median.ts'
import { DAY_MS } from './calendar.ts'
import { ExcursionSums } from './excursion-statistics.ts'
import type { DailyReturns } from './return-ratios.ts'
import { TradeAggregate } from './trade-aggregate.ts'
import type { ClosedTrade, PositionSide } from './trade-records.ts'

/** The running figures of one filter (all, a symbol, a side, or both) over every record. */
export interface RunningGroup {
  readonly aggregate: TradeAggregate
  readonly excursions: ExcursionSums
  /** Exact median of the holding times (orphans have none). */
  readonly holding: RunningMedian
  /** Realized P&L per UTC day number (closed_at / DAY_MS), in the order the records came. */
  readonly dayPnl: Map<number, number>
  /** Largest fall of realized equity from its peak, fraction of the peak (base: the starting balance). */
  maxDrawdownFraction: number
  /** True once an equity peak was not positive: the percentage is undefined. */
  pctUndefined: boolean
}

const ANY = '\u0001'
const keyOf = (symbol: string | null, side: PositionSide | null): string => (symbol ?? ANY) + '\u0000' + (side ?? ANY)

/**
 * Running figures of the closed records for every filter `/trading?window=all`
 * takes, kept as records arrive so that a call costs the same at any number
 * of records (docs/TRADING_METRICS.md, "Instant statistics"). A record
 * inserted before others (a late event) marks them stale; the next read
 * rebuilds them in one scan of the records in memory, starting from
 * `base`: the same figures of the records that left memory.
 */
export class RunningStatistics {
  private readonly startingBalance: number | null
  private readonly groups = new Map<string, RunningGroup>()
  /** The four groups a record of a symbol and side goes to: by symbol, then long (0) or short (1). */
  private readonly targets = new Map<string, Array<RunningGroup[] | undefined>>()
  private readonly base: RunningStatistics | null
  private stale = false
  /** Keep each aggregate's holding-time sketch: the settled figures seed breakdown totals with it. */
  private readonly sketching: boolean

  constructor (startingBalance: number | null, base: RunningStatistics | null = null, sketching = true) {
    this.startingBalance = startingBalance
    this.base = base
    this.sketching = sketching
  }

  /** Marks the figures stale: the next read rebuilds them from `base` and the records. */
  invalidate (): void {
    this.stale = true
  }

  /** A record was inserted; `last` when it closed at or after every other. */
  add (t: Readonly<ClosedTrade>, last: boolean): void {
    if (!last) this.stale = true
    if (this.stale) return
    let sides = this.targets.get(t.symbol)
    if (sides === undefined) {
      sides = [undefined, undefined]
      this.targets.set(t.symbol, sides)
    }
    const side = t.side === 'long' ? 0 : 1
    let targets = sides[side]
    if (targets === undefined) {
      targets = [keyOf(null, null), keyOf(t.symbol, null), keyOf(null, t.side), keyOf(t.symbol, t.side)].map((k) => this.groupOf(k))
      sides[side] = targets
    }
    for (let i = 0; i < 4; i++) this.addToGroup(targets[i], t)
  }

  /** The figures of a filter over `records` (the ledger's, in closed_at order); null when no record matches. */
  group (records: ReadonlyArray<Readonly<ClosedTrade>>, symbol: string | null, side: PositionSide | null): RunningGroup | null {
    if (this.stale) {
      this.groups.clear()
      this.targets.clear()
      this.stale = false
      if (this.base !== null) for (const [key, g] of this.base.groups) this.groups.set(key, cloneGroup(g, this.sketching))
      for (let i = 0; i < records.length; i++) this.add(records[i], true)
    }
    return this.groups.get(keyOf(symbol, side)) ?? null
  }

  /** The figures of a filter as they stand (no rebuild): for a base, which never goes stale. */
  peek (symbol: string | null, side: PositionSide | null): RunningGroup | null {
    return this.groups.get(keyOf(symbol, side)) ?? null
  }

  clear (): void {
    this.groups.clear()
    this.targets.clear()
    this.stale = false
  }

  private groupOf (key: string): RunningGroup {
    let g = this.groups.get(key)
    if (g === undefined) {
      g = { aggregate: new TradeAggregate(this.sketching), excursions: new ExcursionSums(), holding: new RunningMedian(), dayPnl: new Map(), maxDrawdownFraction: 0, pctUndefined: false }
      this.groups.set(key, g)
    }
    return g
  }

  private addToGroup (g: RunningGroup, t: Readonly<ClosedTrade>): void {
    const a = g.aggregate
    a.add(t)
    g.excursions.add(t)
    if (t.holding_seconds !== null) g.holding.add(t.holding_seconds)
    const day = Math.floor(t.closed_at / DAY_MS)
    g.dayPnl.set(day, (g.dayPnl.get(day) ?? 0) + t.pnl)
    const base = this.startingBalance
    if (base !== null) {
      // As the scan: the peak and fall of the running sum, over base + peak.
      const peakEquity = base + a.maxPrefix
      if (base <= 0 || peakEquity <= 0) g.pctUndefined = true
      else {
        const fall = (a.maxPrefix - a.total) / peakEquity
        if (fall > g.maxDrawdownFraction) g.maxDrawdownFraction = fall
      }
    }
  }
}

/** A copy of a group that goes on independently; sums continue from the same bits. */
function cloneGroup (g: RunningGroup, sketching: boolean): RunningGroup {
  const aggregate = new TradeAggregate(sketching)
  aggregate.merge(g.aggregate)
  const excursions = new ExcursionSums()
  excursions.merge(g.excursions)
  return {
    aggregate,
    excursions,
    holding: g.holding.clone(),
    dayPnl: new Map(g.dayPnl),
    maxDrawdownFraction: g.maxDrawdownFraction,
    pctUndefined: g.pctUndefined
  }
}

/**
 * Daily returns from per-day P&L (see dailyReturns in return-ratios.ts,
 * which computes the same from the records): O(days), not O(records).
 * Equity moves by each day's sum, so figures agree with the scan to
 * floating-point rounding.
 */
export function dailyReturnsFromDays (account: ReadonlyMap<number, number>, selected: ReadonlyMap<number, number>,
  fromMs: number, toMs: number, startingBalance: number | null): DailyReturns {
  if (startingBalance === null) return { returns: null, reason: 'no starting_balance configured: returns need a base' }
  const firstDay = Math.floor(fromMs / DAY_MS)
  const days = Math.floor(toMs / DAY_MS) - firstDay + 1
  let equity = startingBalance
  for (const [day, pnl] of account) if (day < firstDay) equity += pnl
  const returns = new Float64Array(days)
  for (let d = 0; d < days; d++) {
    if (equity <= 0) return { returns: null, reason: 'account equity at the start of a day is not positive' }
    returns[d] = (selected.get(firstDay + d) ?? 0) / equity
    equity += account.get(firstDay + d) ?? 0
  }
  return { returns, reason: null }
}
