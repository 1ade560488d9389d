import { percentilesInPlace } from '../core/statistics.ts'
import { ExcursionSums } from './excursion-statistics.ts'
import { HourCell, holdingBin, holdingBinValue } from './hour-cell.ts'
import type { ClosedTrade } from './trade-records.ts'
import type { HoldingSeconds, Tally } from './trading-figures.ts'

/**
 * A window's figures built in closing order from whole hours of records
 * (their cells, out of memory or in it) and from records (cut hours read
 * back from the store or in memory). Everything but the drawdown
 * percentage and the holding median adds up exactly (sums to rounding);
 * those two are bounded (docs/TRADING_METRICS.md, "Windows past memory").
 */
export class WindowTally {
  private readonly acc = new HourCell()
  /** Equity at the window's start; null without a starting balance. */
  private readonly base: number | null
  private fraction = 0
  /** Holding times of the records added one by one: exact while no cell had any. */
  private readonly holding: number[] = []
  /** P&L per UTC day number of what was added. */
  readonly dayPnl = new Map<number, number>()

  constructor (base: number | null) {
    this.base = base
  }

  /** Appends one record (closing at or after everything added). */
  addRecord (t: Readonly<ClosedTrade>): void {
    const a = this.acc
    // While only records came, their values answer the median exactly: no bins.
    a.add(t, a.bins !== null)
    if (t.holding_seconds !== null) this.holding.push(t.holding_seconds)
    const base = this.base
    if (base !== null && base > 0) {
      const fall = (a.maxPrefix - a.total) / (base + a.maxPrefix)
      if (fall > this.fraction) this.fraction = fall
    }
    const day = Math.floor(t.closed_at / 86_400_000)
    this.dayPnl.set(day, (this.dayPnl.get(day) ?? 0) + t.pnl)
  }

  /**
   * Appends a run of records as one cell, closed in the hour starting at
   * `hourStartMs`. The drawdown percentage takes the lower of its bounds:
   * a fall whose high came before the cell is exact, a fall inside the
   * cell is measured against the highest peak it could have started from.
   */
  addCell (b: HourCell, hourStartMs: number): void {
    const a = this.acc
    const base = this.base
    if (base !== null && base > 0 && b.count > 0) {
      const p = a.maxPrefix
      const c = a.total
      const cross = (p - (c + b.minPrefix)) / (base + p)
      const inside = b.maxDrawdown / (base + Math.max(p, c + b.ddPeak))
      this.fraction = Math.max(this.fraction, cross, inside)
    }
    if (b.bins !== null && a.bins === null) {
      // From now on the median comes from bins: the records so far join them.
      const bins = new Map<number, number>()
      for (const h of this.holding) bins.set(holdingBin(h), (bins.get(holdingBin(h)) ?? 0) + 1)
      a.bins = bins
    }
    a.merge(b)
    const day = Math.floor(hourStartMs / 86_400_000)
    this.dayPnl.set(day, (this.dayPnl.get(day) ?? 0) + b.total)
  }

  /** The tally `finishStatistics` takes. */
  tally (): Tally {
    const a = this.acc
    const base = this.base
    let holdingSeconds: HoldingSeconds = { mean: null, median: null, max: null }
    if (a.holdingCount > 0) {
      const median = a.bins === null ? percentilesInPlace(this.holding, [0.5])[0] : binMedian(a.bins, a.holdingCount)
      holdingSeconds = { mean: a.holdingSum / a.holdingCount, median, max: a.holdingMax }
    }
    return {
      n: a.count,
      wins: a.wins,
      losses: a.losses,
      breakEven: a.breakEven,
      total: a.total,
      grossProfit: a.grossProfit,
      grossLoss: a.grossLoss,
      fees: a.fees,
      largestWin: a.largestWin,
      largestLoss: a.largestLoss,
      maxWinRun: a.maxWinStreak,
      maxLossRun: a.maxLossStreak,
      closedPositions: a.closedPositions,
      maxDrawdown: a.maxDrawdown,
      maxDrawdownFraction: this.fraction,
      pctUndefined: base !== null && base <= 0,
      holdingSeconds,
      held: a.holdingCount,
      orphans: a.count - a.holdingCount,
      excursions: (a.excursions ?? new ExcursionSums()).figures()
    }
  }
}

/** The median (type 7: the mean of the two middle values for an even count) read from holding bins. */
function binMedian (bins: ReadonlyMap<number, number>, n: number): number {
  const keys = [...bins.keys()].sort((x, y) => x - y)
  const at = (rank: number): number => {
    let seen = 0
    for (const k of keys) {
      seen += bins.get(k)!
      if (seen > rank) return holdingBinValue(k)
    }
    return holdingBinValue(keys[keys.length - 1])
  }
  const lo = Math.floor((n - 1) / 2)
  const hi = Math.ceil((n - 1) / 2)
  return lo === hi ? at(lo) : (at(lo) + at(hi)) / 2
}
