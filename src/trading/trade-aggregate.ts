import { QuantileSketch } from '../core/quantile-sketch.ts'
import { TradeOutcome } from './trade-records.ts'

/** Relative accuracy of the holding-time quantiles kept by an aggregate. */
export const HOLDING_SKETCH_ACCURACY = 0.01

/** What an aggregate needs of a closed trade record. */
export interface AggregatedTrade {
  pnl: number
  fees: number
  outcome: TradeOutcome
  final: boolean
  /** Seconds; null when unknown (an exit of a position the ledger never saw open). */
  holding_seconds: number | null
}

/**
 * The figures of a run of closed trade records, in closing order, kept so
 * that adding a record costs O(1) and two consecutive runs merge into the
 * figures of their concatenation (a monoid). Streaks and drawdown are
 * exact under merging because each run keeps its leading and trailing
 * streaks and its running-sum extremes; the holding-time median is a
 * quantile sketch (within 1 %). docs/TRADING_METRICS.md, "Instant statistics".
 */
export class TradeAggregate {
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
  // Streaks: the run at the start, the run at the end, the longest.
  winPrefix = 0
  winSuffix = 0
  maxWinStreak = 0
  lossPrefix = 0
  lossSuffix = 0
  maxLossStreak = 0
  // Running sum of P&L from the run's start: its highest and lowest (both
  // counting the start, 0) and the largest fall from a high.
  maxPrefix = 0
  minPrefix = 0
  maxDrawdown = 0
  holdingCount = 0
  holdingSum = 0
  holdingMax = -Infinity
  /** Holding-time quantiles; left empty by an aggregate made without (the running figures keep an exact median apart). */
  readonly holding = new QuantileSketch(HOLDING_SKETCH_ACCURACY)
  private readonly sketching: boolean

  /** `sketching`: keep the holding-time sketch (false saves a logarithm per record where no one reads it). */
  constructor (sketching = true) {
    this.sketching = sketching
  }

  /** Appends one record, which closed at or after every record already in. */
  add (t: AggregatedTrade): void {
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
    if (this.maxPrefix - cum > this.maxDrawdown) this.maxDrawdown = this.maxPrefix - cum
    const h = t.holding_seconds
    if (h !== null) {
      this.holdingCount++
      this.holdingSum += h
      if (h > this.holdingMax) this.holdingMax = h
      if (this.sketching) this.holding.add(h)
    }
  }

  /** Appends a run that closed after this one: this becomes their concatenation. */
  merge (b: TradeAggregate): void {
    const a = this
    const allWinsA = a.winPrefix === a.count
    const allLossesA = a.lossPrefix === a.count
    a.maxWinStreak = Math.max(a.maxWinStreak, b.maxWinStreak, a.winSuffix + b.winPrefix)
    a.maxLossStreak = Math.max(a.maxLossStreak, b.maxLossStreak, a.lossSuffix + b.lossPrefix)
    if (allWinsA) a.winPrefix += b.winPrefix
    if (allLossesA) a.lossPrefix += b.lossPrefix
    a.winSuffix = b.winSuffix === b.count ? a.winSuffix + b.count : b.winSuffix
    a.lossSuffix = b.lossSuffix === b.count ? a.lossSuffix + b.count : b.lossSuffix
    // A high in A, then a low in B.
    a.maxDrawdown = Math.max(a.maxDrawdown, b.maxDrawdown, a.maxPrefix - (a.total + b.minPrefix))
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
    if (a.sketching && b.holding.count > 0) a.holding.merge(b.holding)
  }
}
