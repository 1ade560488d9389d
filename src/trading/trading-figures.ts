import type { ExcursionStatistics } from './excursion-statistics.ts'
import { returnRatios } from './return-ratios.ts'
import type { ReturnDays } from './return-summary.ts'
import { riskFiguresOf } from './risk-figures.ts'
import { openPositionsAt } from './time-in-market.ts'
import type { RiskFigures } from './risk-figures.ts'
import type { TradeLedger } from './trade-ledger.ts'
import type { PositionSide } from './trade-records.ts'
import type { ResolvedFilter } from './trade-selection.ts'
import type { TimeWindow } from './trade-window.ts'

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
  /** MAE, MFE, R-multiple and efficiency means, and the R distribution, of the records. */
  excursions: ExcursionStatistics
  /** Risk figures of the same daily returns (docs/TRADING_METRICS.md, "Risk figures"). */
  risk: RiskFigures
  null_reasons: Record<string, string>
}

const HOUR_MS = 3_600_000

/** What a scan (or the running figures) gives before the ratios and reasons. */
export interface Tally {
  n: number
  wins: number
  losses: number
  breakEven: number
  total: number
  grossProfit: number
  grossLoss: number
  fees: number
  largestWin: number
  largestLoss: number
  maxWinRun: number
  maxLossRun: number
  closedPositions: number
  maxDrawdown: number
  maxDrawdownFraction: number
  pctUndefined: boolean
  holdingSeconds: HoldingSeconds
  held: number
  orphans: number
  excursions: ExcursionStatistics
}

/** The daily returns of a span starting at `observedSince` (null reason when the span is empty). */
export type DailyOf = (observedSince: number | null, observedMs: number, reason: string | undefined) => ReturnDays

/**
 * The figures, null reasons and ratios of a tally: what `/trading` answers
 * (docs/TRADING_METRICS.md), whichever way the tally was made.
 */
export function finishStatistics (ledger: TradeLedger, t: Tally, dailyOf: DailyOf, window: TimeWindow, filter: ResolvedFilter, base: number | null): TradingStatistics {
  const { startingBalance, periodsPerYear } = ledger.options
  const reasons: Record<string, string> = {}
  const {
    n, wins, losses, breakEven, total, grossProfit, grossLoss, fees, largestWin, largestLoss, maxWinRun, maxLossRun,
    closedPositions, maxDrawdown, maxDrawdownFraction: maxDrawdownPct, pctUndefined, holdingSeconds, held, orphans
  } = t
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

  if (held === 0) {
    reasons.holding_seconds = n === 0 ? noTrades : 'only orphan trades in the window: their holding time is unknown'
  }

  const daily = dailyOf(observedSince, observedMs, reasons.trades_per_hour)
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
    return_days: daily.summary === null ? 0 : daily.summary.days,
    sharpe: ratios.sharpe,
    sortino: ratios.sortino,
    calmar: ratios.calmar,
    excursions: t.excursions,
    risk: riskFiguresOf(daily, periodsPerYear),
    null_reasons: reasons
  }
}
