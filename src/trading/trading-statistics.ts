import { percentilesInPlace } from '../core/statistics.ts'
import { dailyReturns, returnRatios } from './return-ratios.ts'
import { riskFigures } from './risk-figures.ts'
import type { RiskFigures } from './risk-figures.ts'
import type { TradeLedger } from './trade-ledger.ts'
import { TradeOutcome } from './trade-records.ts'
import type { ClosedTrade, PositionSide } from './trade-records.ts'
import { matchesFilter, pnlBefore, resolveFilter, selectTrades } from './trade-selection.ts'
import type { ResolvedFilter, TradeFilter } from './trade-selection.ts'
import { resolveWindow } from './trade-window.ts'
import type { WindowQuery } from './trade-window.ts'

/** A statistics request: a window and an optional symbol and side. */
export interface StatisticsQuery extends WindowQuery, TradeFilter {}

/** Holding time of the closed trade records, seconds. */
export interface HoldingSeconds {
  mean: number | null
  median: number | null
  max: number | null
}

/**
 * Trading statistics over a window; every figure is defined in
 * docs/TRADING_METRICS.md. Money in quote currency, times in epoch ms.
 * A figure that is undefined (an average of nothing, a ratio over zero) is
 * null and `null_reasons` says why, keyed by the field's name.
 */
export interface TradingStatistics {
  window: {
    label: string
    /** Window start, epoch ms; null for `all`. */
    since: number | null
    until: number
    /** Start of the span the rates use: the later of `since` and the first trade event; null before any. */
    observed_since: number | null
    /** Length of that span, hours. */
    observed_hours: number | null
  }
  symbol: string | null
  side: PositionSide | null
  closed_trades: number
  /** Positions whose final close is in the window. */
  closed_positions: number
  /** Positions open at the window's end. */
  open_positions: number
  /** Records of positions the ledger never saw open (reported P&L, no holding time). */
  orphan_trades: number
  wins: number
  losses: number
  break_even: number
  win_rate: number | null
  total_pnl: number
  avg_pnl: number | null
  gross_profit: number
  gross_loss: number
  avg_win: number | null
  avg_loss: number | null
  largest_win: number | null
  largest_loss: number | null
  profit_factor: number | null
  expectancy: number | null
  payoff_ratio: number | null
  total_fees: number
  max_drawdown: number
  max_drawdown_pct: number | null
  max_win_streak: number
  max_loss_streak: number
  trades_per_hour: number | null
  trades_per_minute: number | null
  holding_seconds: HoldingSeconds
  starting_balance: number | null
  /** Days of returns behind sharpe, sortino and calmar (0 when none). */
  return_days: number
  sharpe: number | null
  sortino: number | null
  calmar: number | null
  /** Risk figures of the same daily returns (docs/TRADING_METRICS.md, "Risk figures"). */
  risk: RiskFigures
  null_reasons: Record<string, string>
}

const HOUR_MS = 3_600_000

/**
 * Statistics of the ledger's closed trades in a window, for one symbol and
 * side or all. Throws InvalidArgumentError on a bad window, symbol or side.
 */
export function computeTradingStatistics (ledger: TradeLedger, query: StatisticsQuery, nowMs: number): TradingStatistics {
  const window = resolveWindow(query, nowMs)
  const filter = resolveFilter(query)
  const { startingBalance, periodsPerYear } = ledger.options
  const account = ledger.trades
  const trades = selectTrades(account, window.sinceMs, window.untilMs, filter)
  const reasons: Record<string, string> = {}
  const n = trades.length

  let wins = 0; let losses = 0; let breakEven = 0
  let total = 0; let grossProfit = 0; let grossLoss = 0; let fees = 0
  let largestWin = -Infinity; let largestLoss = Infinity
  let winRun = 0; let lossRun = 0; let maxWinRun = 0; let maxLossRun = 0
  let closedPositions = 0
  // Realized equity relative to the window's start: peak and drawdown.
  let cum = 0; let peak = 0; let maxDrawdown = 0
  const base = startingBalance === null ? null : startingBalance + pnlBefore(account, window.sinceMs)
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

  const div = (num: number, den: number, field: string, reason: string): number | null => {
    if (den !== 0) return num / den
    reasons[field] = reason
    return null
  }
  const noTrades = 'no closed trades in the window'
  const winRate = div(wins, n, 'win_rate', noTrades)
  const avgPnl = div(total, n, 'avg_pnl', noTrades)
  const expectancy = div(grossProfit + grossLoss, n, 'expectancy', noTrades)
  const avgWin = div(grossProfit, wins, 'avg_win', n === 0 ? noTrades : 'no winning trades')
  const avgLoss = div(grossLoss, losses, 'avg_loss', n === 0 ? noTrades : 'no losing trades')
  if (wins === 0) reasons.largest_win = n === 0 ? noTrades : 'no winning trades'
  if (losses === 0) reasons.largest_loss = n === 0 ? noTrades : 'no losing trades'
  let profitFactor: number | null = null
  if (losses > 0) profitFactor = grossProfit / -grossLoss
  else if (n === 0) reasons.profit_factor = noTrades
  else if (wins > 0) reasons.profit_factor = 'no losing trades: gross profit over a gross loss of 0 is infinite'
  else reasons.profit_factor = 'no winning or losing trades (all break-even): 0 / 0'
  let payoff: number | null = null
  if (avgWin !== null && avgLoss !== null) payoff = avgWin / -avgLoss
  else reasons.payoff_ratio = n === 0 ? noTrades : wins === 0 ? 'no winning trades' : 'no losing trades: average loss is 0'

  let pct: number | null = null
  if (base === null) reasons.max_drawdown_pct = 'no starting_balance configured: drawdown has no base'
  else if (pctUndefined) reasons.max_drawdown_pct = 'account equity at a peak is not positive'
  else pct = maxDrawdownPct * 100

  const first = ledger.firstEventMs
  const observedSince = first === null ? null : Math.max(window.sinceMs, first)
  const observedMs = observedSince === null ? 0 : window.untilMs - observedSince
  let perHour: number | null = null
  if (observedSince === null) reasons.trades_per_hour = 'no trade events yet'
  else if (observedMs <= 0) reasons.trades_per_hour = 'the window ends before the first trade event'
  else perHour = n / (observedMs / HOUR_MS)
  if (perHour === null) reasons.trades_per_minute = reasons.trades_per_hour

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
  } else {
    reasons.holding_seconds = n === 0 ? noTrades : 'only orphan trades in the window: their holding time is unknown'
  }

  const daily = observedMs > 0
    ? dailyReturns(account, trades, observedSince!, window.untilMs, startingBalance)
    : { returns: null, reason: reasons.trades_per_hour }
  const ratios = returnRatios(daily, pct, reasons.max_drawdown_pct, periodsPerYear)
  Object.assign(reasons, ratios.reasons)

  return {
    window: {
      label: window.label,
      since: Number.isFinite(window.sinceMs) ? window.sinceMs : null,
      until: window.untilMs,
      observed_since: observedSince,
      observed_hours: observedSince === null ? null : Math.max(0, observedMs) / HOUR_MS
    },
    symbol: filter.symbol,
    side: filter.side,
    closed_trades: n,
    closed_positions: closedPositions,
    open_positions: openPositionsAt(ledger, window.untilMs, filter),
    orphan_trades: orphans,
    wins,
    losses,
    break_even: breakEven,
    win_rate: winRate,
    total_pnl: total,
    avg_pnl: avgPnl,
    gross_profit: grossProfit,
    gross_loss: grossLoss,
    avg_win: avgWin,
    avg_loss: avgLoss,
    largest_win: wins > 0 ? largestWin : null,
    largest_loss: losses > 0 ? largestLoss : null,
    profit_factor: profitFactor,
    expectancy,
    payoff_ratio: payoff,
    total_fees: fees,
    max_drawdown: maxDrawdown,
    max_drawdown_pct: pct,
    max_win_streak: maxWinRun,
    max_loss_streak: maxLossRun,
    trades_per_hour: perHour,
    trades_per_minute: perHour === null ? null : perHour / 60,
    holding_seconds: holdingSeconds,
    starting_balance: startingBalance,
    return_days: daily.returns === null ? 0 : daily.returns.length,
    sharpe: ratios.sharpe,
    sortino: ratios.sortino,
    calmar: ratios.calmar,
    risk: riskFigures(daily, periodsPerYear),
    null_reasons: reasons
  }
}

/**
 * Positions open at `atMs`: opened at or before it and not finally closed
 * at or before it. For a window ending now, the positions open now.
 */
function openPositionsAt (ledger: TradeLedger, atMs: number, filter: ResolvedFilter): number {
  let n = 0
  for (const p of ledger.openPositions()) if (p.opened_at <= atMs && matchesFilter(p, filter)) n++
  const trades: readonly ClosedTrade[] = ledger.trades
  for (let i = trades.length - 1; i >= 0; i--) {
    const t = trades[i]
    if (t.closed_at <= atMs) break
    // An orphan's position was never seen open: it is not counted as open at any time.
    if (t.final && t.opened_at !== null && t.opened_at <= atMs && matchesFilter(t, filter)) n++
  }
  return n
}
