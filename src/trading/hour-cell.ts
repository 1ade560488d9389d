import { ExcursionSums } from './excursion-statistics.ts'
import { TradeOutcome } from './trade-records.ts'
import type { ClosedTrade } from './trade-records.ts'

/** Relative accuracy of the holding-time bins an hour keeps (the median of a window past memory). */
export const HOUR_HOLDING_ACCURACY = 0.01
const GAMMA = (1 + HOUR_HOLDING_ACCURACY) / (1 - HOUR_HOLDING_ACCURACY)
const INV_LOG_GAMMA = 1 / Math.log(GAMMA)
/** Bin of holding times of 0 (and below the smallest normal double). */
const ZERO_BIN = -Infinity

/** The bin of a holding time: ⌈log_γ h⌉, as the quantile sketch's mapping. */
export function holdingBin (h: number): number {
  return h > 2.2250738585072014e-308 ? Math.ceil(Math.log(h) * INV_LOG_GAMMA) : ZERO_BIN
}

/** A bin's value: within HOUR_HOLDING_ACCURACY of every holding time in it. */
export function holdingBinValue (bin: number): number {
  return bin === ZERO_BIN ? 0 : 2 * GAMMA ** bin / (1 + GAMMA)
}

/**
 * The figures of a run of closed records in closing order (the records of
 * one UTC hour and one filter that left memory, or a window's tally), kept
 * so that adding a record costs O(1) and a later run appends with `merge`.
 * Counts, sums, extremes, streaks and the running-sum drawdown merge
 * exactly (each run keeps its leading and trailing streaks and its
 * running-sum extremes); holding times are kept in 1 % bins for a median;
 * `ddPeak` is the running-sum high the largest fall started from, which
 * bounds the drawdown percentage across runs (docs/TRADING_METRICS.md,
 * "Windows past memory").
 */
export class HourCell {
  count = 0
  wins = 0
  losses = 0
  breakEven = 0
  closedPositions = 0
  total = 0
  grossProfit = 0
  grossLoss = 0
  fees = 0
  largestWin = -Infinity
  largestLoss = Infinity
  winPrefix = 0
  winSuffix = 0
  maxWinStreak = 0
  lossPrefix = 0
  lossSuffix = 0
  maxLossStreak = 0
  /** Highest and lowest running sum from the run's start (the start, 0, counts). */
  maxPrefix = 0
  minPrefix = 0
  /** Largest fall of the running sum from a high, and that high. */
  maxDrawdown = 0
  ddPeak = 0
  holdingCount = 0
  holdingSum = 0
  holdingMax = -Infinity
  /** Holding times per bin (holdingBin); null until the first. */
  bins: Map<number, number> | null = null
  /** Excursion sums; null until a record has excursions. */
  excursions: ExcursionSums | null = null

  /** Appends one record, which closed at or after every record already in; `bin`: count its holding time in the bins. */
  add (t: Readonly<ClosedTrade>, bin = true): void {
    const pnl = t.pnl
    const n = this.count
    this.count = n + 1
    this.total += pnl
    this.fees += t.fees
    if (t.final) this.closedPositions++
    if (t.outcome === TradeOutcome.win) {
      this.wins++
      this.grossProfit += pnl
      if (pnl > this.largestWin) this.largestWin = pnl
      if (this.winPrefix === n) this.winPrefix++
      this.winSuffix++
      this.lossSuffix = 0
      if (this.winSuffix > this.maxWinStreak) this.maxWinStreak = this.winSuffix
    } else if (t.outcome === TradeOutcome.loss) {
      this.losses++
      this.grossLoss += pnl
      if (pnl < this.largestLoss) this.largestLoss = pnl
      if (this.lossPrefix === n) this.lossPrefix++
      this.lossSuffix++
      this.winSuffix = 0
      if (this.lossSuffix > this.maxLossStreak) this.maxLossStreak = this.lossSuffix
    } else {
      this.breakEven++
      this.winSuffix = 0
      this.lossSuffix = 0
    }
    const cum = this.total
    if (cum > this.maxPrefix) this.maxPrefix = cum
    if (cum < this.minPrefix) this.minPrefix = cum
    if (this.maxPrefix - cum > this.maxDrawdown) {
      this.maxDrawdown = this.maxPrefix - cum
      this.ddPeak = this.maxPrefix
    }
    const h = t.holding_seconds
    if (h !== null) {
      this.holdingCount++
      this.holdingSum += h
      if (h > this.holdingMax) this.holdingMax = h
      if (bin) {
        const key = holdingBin(h)
        const bins = this.bins ??= new Map()
        bins.set(key, (bins.get(key) ?? 0) + 1)
      }
    }
    if (t.mae !== null) (this.excursions ??= new ExcursionSums()).add(t)
  }

  /** Appends a run that closed after this one: this becomes their concatenation. */
  merge (b: HourCell): void {
    const a = this
    const allWinsA = a.winPrefix === a.count
    const allLossesA = a.lossPrefix === a.count
    a.maxWinStreak = Math.max(a.maxWinStreak, b.maxWinStreak, a.winSuffix + b.winPrefix)
    a.maxLossStreak = Math.max(a.maxLossStreak, b.maxLossStreak, a.lossSuffix + b.lossPrefix)
    if (allWinsA) a.winPrefix += b.winPrefix
    if (allLossesA) a.lossPrefix += b.lossPrefix
    a.winSuffix = b.winSuffix === b.count ? a.winSuffix + b.count : b.winSuffix
    a.lossSuffix = b.lossSuffix === b.count ? a.lossSuffix + b.count : b.lossSuffix
    // The largest fall: within A, within B, or from A's high to B's low.
    const cross = a.maxPrefix - (a.total + b.minPrefix)
    if (b.maxDrawdown > a.maxDrawdown && b.maxDrawdown >= cross) {
      a.maxDrawdown = b.maxDrawdown
      a.ddPeak = a.total + b.ddPeak
    }
    if (cross > a.maxDrawdown) {
      a.maxDrawdown = cross
      a.ddPeak = a.maxPrefix
    }
    a.maxPrefix = Math.max(a.maxPrefix, a.total + b.maxPrefix)
    a.minPrefix = Math.min(a.minPrefix, a.total + b.minPrefix)
    a.count += b.count
    a.wins += b.wins
    a.losses += b.losses
    a.breakEven += b.breakEven
    a.closedPositions += b.closedPositions
    a.total += b.total
    a.grossProfit += b.grossProfit
    a.grossLoss += b.grossLoss
    a.fees += b.fees
    if (b.largestWin > a.largestWin) a.largestWin = b.largestWin
    if (b.largestLoss < a.largestLoss) a.largestLoss = b.largestLoss
    a.holdingCount += b.holdingCount
    a.holdingSum += b.holdingSum
    if (b.holdingMax > a.holdingMax) a.holdingMax = b.holdingMax
    if (b.bins !== null) {
      const bins = a.bins ??= new Map()
      for (const [bin, c] of b.bins) bins.set(bin, (bins.get(bin) ?? 0) + c)
    }
    if (b.excursions !== null) (a.excursions ??= new ExcursionSums()).merge(b.excursions)
  }
}
