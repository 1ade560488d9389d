import { percentilesInPlace } from '../core/statistics.ts'
import { excursionStatistics, ExcursionSums } from './excursion-statistics.ts'
import { runningDailyReturns } from './daily-return-run.ts'
import { filterKey } from './filter-targets.ts'
import { summarizeReturns } from './return-summary.ts'
import { dailyReturnsFromDays } from './running-statistics.ts'
import type { RunningGroup } from './running-statistics.ts'
import { TradeAggregate } from './trade-aggregate.ts'
import { accountDayPnl, accountPnlBefore, reachesPastMemory, walkWindow, windowDailyReturns } from './past-window.ts'
import { WindowTally } from './window-tally.ts'
import type { TradeLedger } from './trade-ledger.ts'
import { TradeOutcome } from './trade-records.ts'
import { pnlBefore, resolveFilter, selectTrades } from './trade-selection.ts'
import type { ResolvedFilter, TradeFilter } from './trade-selection.ts'
import { resolveWindow } from './trade-window.ts'
import type { TimeWindow, WindowQuery } from './trade-window.ts'
import { finishStatistics } from './trading-figures.ts'
import type { DailyOf, HoldingSeconds, Tally, TradingStatistics } from './trading-figures.ts'

export type { HoldingSeconds, TradingStatistics } from './trading-figures.ts'

/** A statistics request: a window and an optional symbol and side. */
export interface StatisticsQuery extends WindowQuery, TradeFilter {}

/**
 * Statistics of the ledger's closed trades in a window, for one symbol and
 * side or all. Throws InvalidArgumentError on a bad window, symbol or side.
 */
export function computeTradingStatistics (ledger: TradeLedger, query: StatisticsQuery, nowMs: number): TradingStatistics {
  const window = resolveWindow(query, nowMs)
  const filter = resolveFilter(query)
  const { startingBalance } = ledger.options
  const account = ledger.trades
  // Window `all` ending after the newest record: the running figures answer without a scan.
  const running = window.sinceMs === -Infinity ? ledger.runningFigures(filter.symbol, filter.side, window.untilMs) : null
  if (running !== null) return fromRunning(ledger, running.group, window, filter)
  if (reachesPastMemory(ledger, window.sinceMs)) return fromHours(ledger, window, filter)
  const trades = selectTrades(account, window.sinceMs, window.untilMs, filter)
  const n = trades.length

  let wins = 0; let losses = 0; let breakEven = 0
  let total = 0; let grossProfit = 0; let grossLoss = 0; let fees = 0
  let largestWin = -Infinity; let largestLoss = Infinity
  let winRun = 0; let lossRun = 0; let maxWinRun = 0; let maxLossRun = 0
  let closedPositions = 0
  // Realized equity relative to the window's start: peak and drawdown.
  let cum = 0; let peak = 0; let maxDrawdown = 0
  // Records that left memory closed before every record in `account`: their P&L is part of the equity before.
  const balance = startingBalance === null ? null : startingBalance + (ledger.settledFigures()?.aggregate.total ?? 0)
  const base = balance === null ? null : balance + pnlBefore(account, window.sinceMs)
  let maxDrawdownPct = 0
  let pctUndefined = base !== null && base <= 0
  // Orphans have no holding time: the holding figures cover the other records.
  const holding: number[] = []
  let orphans = 0

  for (let i = 0; i < n; i++) {
    const t = trades[i]
    const pnl = t.pnl
    total += pnl
    fees += t.fees
    if (t.holding_seconds === null) orphans++
    else holding.push(t.holding_seconds)
    if (t.final) closedPositions++
    if (t.outcome === TradeOutcome.win) {
      wins++; grossProfit += pnl; winRun++; lossRun = 0
      if (pnl > largestWin) largestWin = pnl
      if (winRun > maxWinRun) maxWinRun = winRun
    } else if (t.outcome === TradeOutcome.loss) {
      losses++; grossLoss += pnl; lossRun++; winRun = 0
      if (pnl < largestLoss) largestLoss = pnl
      if (lossRun > maxLossRun) maxLossRun = lossRun
    } else {
      breakEven++; winRun = 0; lossRun = 0
    }
    cum += pnl
    if (cum > peak) peak = cum
    const drawdown = peak - cum
    if (drawdown > maxDrawdown) maxDrawdown = drawdown
    if (base !== null) {
      const peakEquity = base + peak
      if (peakEquity <= 0) pctUndefined = true
      else if (drawdown / peakEquity > maxDrawdownPct) maxDrawdownPct = drawdown / peakEquity
    }
  }

  let holdingSeconds: HoldingSeconds = { mean: null, median: null, max: null }
  const held = holding.length
  if (held > 0) {
    let sum = 0
    let max = -Infinity
    for (let i = 0; i < held; i++) {
      sum += holding[i]
      if (holding[i] > max) max = holding[i]
    }
    // Quickselect: O(n), where a sort of 60,000 holding times measured ~5 ms.
    const [median] = percentilesInPlace(holding, [0.5])
    holdingSeconds = { mean: sum / held, median, max }
  }
  const tally: Tally = {
    n,
    wins,
    losses,
    breakEven,
    total,
    grossProfit,
    grossLoss,
    fees,
    largestWin,
    largestLoss,
    maxWinRun,
    maxLossRun,
    closedPositions,
    maxDrawdown,
    maxDrawdownFraction: maxDrawdownPct,
    pctUndefined,
    holdingSeconds,
    held,
    orphans,
    excursions: excursionStatistics(trades)
  }
  const daily: DailyOf = (observedSince, observedMs, reason) => observedMs > 0
    ? summarizeReturns(windowDailyReturns(ledger, observedSince!, window.untilMs, filter))
    : { summary: null, reason: reason! }
  return finishStatistics(ledger, tally, daily, window, filter, base)
}

/**
 * The statistics of a window that reaches back past memory: the hour cells
 * of the records that left it, merged, then the records in memory
 * (docs/TRADING_METRICS.md, "Windows past memory").
 */
function fromHours (ledger: TradeLedger, window: TimeWindow, filter: ResolvedFilter): TradingStatistics {
  const balance = ledger.options.startingBalance
  const base = balance === null ? null : balance + accountPnlBefore(ledger, window.sinceMs)
  const tally = new WindowTally(base)
  walkWindow(ledger, window.sinceMs, window.untilMs, filter, { cell: (c, at) => tally.addCell(c, at), record: (t) => tally.addRecord(t) })
  const daily: DailyOf = (observedSince, observedMs, reason) => observedMs > 0
    ? summarizeReturns(dailyReturnsFromDays(accountDayPnl(ledger), tally.dayPnl, observedSince!, window.untilMs, balance))
    : { summary: null, reason: reason! }
  return finishStatistics(ledger, tally.tally(), daily, window, filter, base)
}

/** An aggregate of no records: the figures of a filter nothing matched. */
const NO_RECORDS = new TradeAggregate()
const NO_DAYS: ReadonlyMap<number, number> = new Map()

/** The statistics of window `all` from the ledger's running figures: the same cost whatever the number of records or days. */
function fromRunning (ledger: TradeLedger, g: RunningGroup | null, window: TimeWindow, filter: ResolvedFilter): TradingStatistics {
  const { startingBalance } = ledger.options
  const a = g?.aggregate ?? NO_RECORDS
  const holdingSeconds: HoldingSeconds = a.holdingCount === 0
    ? { mean: null, median: null, max: null }
    : { mean: a.holdingSum / a.holdingCount, median: g!.holding.median(), max: a.holdingMax }
  const tally: Tally = {
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
    maxDrawdownFraction: g?.maxDrawdownFraction ?? 0,
    pctUndefined: startingBalance !== null && (startingBalance <= 0 || (g?.pctUndefined ?? false)),
    holdingSeconds,
    held: a.holdingCount,
    orphans: a.count - a.holdingCount,
    excursions: (g?.excursions ?? new ExcursionSums()).figures()
  }
  const account = ledger.runningFigures(null, null, window.untilMs)?.group?.dayPnl ?? NO_DAYS
  const selected = g?.dayPnl ?? NO_DAYS
  const daily: DailyOf = (observedSince, observedMs, reason) => {
    if (observedMs <= 0) return { summary: null, reason: reason! }
    // Kept day by day (daily-return-run.ts); from the days when no run can answer.
    return runningDailyReturns(ledger, filterKey(filter.symbol, filter.side), observedSince!, window.untilMs, account, selected) ??
      summarizeReturns(dailyReturnsFromDays(account, selected, observedSince!, window.untilMs, startingBalance))
  }
  return finishStatistics(ledger, tally, daily, window, filter, startingBalance)
}
