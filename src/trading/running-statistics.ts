import { RunningMedian } from '../core/running-median.ts'
import type { QuantileSketch } from '../core/quantile-sketch.ts'
import { DAY_MS } from './calendar.ts'
import { ExcursionSums } from './excursion-statistics.ts'
import type { DailyReturns } from './return-ratios.ts'
import { FilterTargets } from './filter-targets.ts'
import { TradeAggregate } from './trade-aggregate.ts'
import type { ClosedTrade, PositionSide } from './trade-records.ts'

/** The running figures of one filter (all, a symbol, a side, or both) over every record. */
export interface RunningGroup {
  readonly aggregate: TradeAggregate
  readonly excursions: ExcursionSums
  /**
   * Median of the holding times (orphans have none): exact while every
   * record is in memory, from the aggregate's quantile sketch once some
   * have left (docs/TRADING_METRICS.md, "Records in memory").
   */
  readonly holding: HoldingMedian
  /** Realized P&L per UTC day number (closed_at / DAY_MS), in the order the records came. */
  readonly dayPnl: Map<number, number>
  /** Largest fall of realized equity from its peak, fraction of the peak (base: the starting balance). */
  maxDrawdownFraction: number
  /** True once an equity peak was not positive: the percentage is undefined. */
  pctUndefined: boolean
}

/** The median of a group's holding times; NaN when it holds none. */
export interface HoldingMedian {
  median: () => number
}

/**
 * The median read from a sketch: the mean of the values at the two middle
 * ranks (one for an odd count), each within the sketch's relative accuracy
 * of the exact value there, so the mean is within it of the exact median.
 */
class SketchMedian implements HoldingMedian {
  private readonly sketch: QuantileSketch
  constructor (sketch: QuantileSketch) {
    this.sketch = sketch
  }

  median (): number {
    const s = this.sketch
    const n = s.count
    if (n <= 1) return s.quantile(0.5)
    const lo = this.at((n - 1) >> 1, n)
    return lo + 0.5 * (this.at(n >> 1, n) - lo)
  }

  /** The value of 0-based rank `k` of `n`: a rank half a step on, so rounding cannot land on the one below. */
  private at (k: number, n: number): number {
    return k >= n - 1 ? this.sketch.quantile(1) : this.sketch.quantile((k + 0.5) / (n - 1))
  }
}

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
  /** The group of each filter, and the four a record of a symbol and side goes to. */
  private readonly groups = new FilterTargets<RunningGroup>(() => this.newGroup())
  private readonly base: RunningStatistics | null
  private stale = false
  /**
   * Keep each aggregate's holding-time sketch (the settled figures seed
   * breakdown totals with it, and every median past memory is read from
   * it); false: an exact running median instead, 8 bytes a record.
   */
  private sketching: boolean
  private readonly sketchingAtStart: boolean

  constructor (startingBalance: number | null, base: RunningStatistics | null = null, sketching = true) {
    this.startingBalance = startingBalance
    this.base = base
    this.sketching = sketching
    this.sketchingAtStart = sketching
  }

  /**
   * From now on the medians come from the sketches: called when the first
   * records leave memory, as exact heaps would grow with every record
   * kept anywhere. The figures go stale: the next read rebuilds them once,
   * sketches included, from `base` and the records in memory.
   */
  sketchMedians (): void {
    if (this.sketching) return
    this.sketching = true
    this.stale = true
  }

  /** Marks the figures stale: the next read rebuilds them from `base` and the records. */
  invalidate (): void {
    this.stale = true
  }

  /** A record was inserted; `last` when it closed at or after every other. */
  add (t: Readonly<ClosedTrade>, last: boolean): void {
    if (!last) this.stale = true
    if (this.stale) return
    const targets = this.groups.of(t.symbol, t.side)
    for (let i = 0; i < 4; i++) this.addToGroup(targets[i], t)
  }

  /** The figures of a filter over `records` (the ledger's, in closed_at order); null when no record matches. */
  group (records: ReadonlyArray<Readonly<ClosedTrade>>, symbol: string | null, side: PositionSide | null): RunningGroup | null {
    if (this.stale) {
      this.groups.clear()
      this.stale = false
      if (this.base !== null) for (const [key, g] of this.base.groups.byKey) this.groups.byKey.set(key, cloneGroup(g, this.sketching))
      for (let i = 0; i < records.length; i++) this.add(records[i], true)
    }
    return this.groups.get(symbol, side) ?? null
  }

  /** The figures of a filter as they stand (no rebuild): for a base, which never goes stale. */
  peek (symbol: string | null, side: PositionSide | null): RunningGroup | null {
    return this.groups.get(symbol, side) ?? null
  }

  clear (): void {
    this.groups.clear()
    this.stale = false
    this.sketching = this.sketchingAtStart
  }

  private newGroup (): RunningGroup {
    const aggregate = new TradeAggregate(this.sketching)
    const holding = this.sketching ? new SketchMedian(aggregate.holding) : new RunningMedian()
    return { aggregate, excursions: new ExcursionSums(), holding, dayPnl: new Map(), maxDrawdownFraction: 0, pctUndefined: false }
  }

  private addToGroup (g: RunningGroup, t: Readonly<ClosedTrade>): void {
    const a = g.aggregate
    a.add(t)
    g.excursions.add(t)
    const holding = g.holding
    if (t.holding_seconds !== null && holding instanceof RunningMedian) holding.add(t.holding_seconds)
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
  // A base's groups sketch (their records left memory): so do their copies.
  const holding = sketching ? new SketchMedian(aggregate.holding) : (g.holding as RunningMedian).clone()
  return {
    aggregate,
    excursions,
    holding,
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
