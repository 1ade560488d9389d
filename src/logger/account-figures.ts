import type { Selection } from '../core/point-set.ts'
import type { SeriesStore } from '../core/store.ts'
import type { MarkToMarket } from '../trading/mark-to-market.ts'
import { maxDrawdownPct, timeInMarketPct } from '../trading/time-in-market.ts'
import type { TradeLedger } from '../trading/trade-ledger.ts'
import { resolveFilter } from '../trading/trade-selection.ts'
import type { StatisticsQuery, TradingStatistics } from '../trading/trading-statistics.ts'
import { resolveWindow } from '../trading/trade-window.ts'
import { EQUITY_SERIES } from './equity-points.ts'

/** The mark-to-market figures `/trading` gives beside the realized ones (docs/TRADING_METRICS.md). */
export interface AccountFigures {
  /** Unrealized P&L of the open positions now (of the filter's symbol and side). */
  unrealized_pnl: number
  /** starting_balance + realized + unrealized, now, whole account; null without a starting balance. */
  equity: number | null
  /** Open notional over equity, now, whole account; null without equity. */
  exposure: number | null
  /** Percent of the observed window with at least one position open. */
  time_in_market_pct: number | null
  /** Largest fall of the recorded `equity` series in the window, percent of its peak. */
  max_drawdown_equity_pct: number | null
}

interface EquityDrawdown { stamp: string, pct: number | null, points: number }

/** The last equity drawdown of each store, kept while the points it was read from stay the same. */
const lastDrawdown = new WeakMap<SeriesStore, EquityDrawdown>()

/**
 * Largest fall of the recorded equity in the selection. Reading the series
 * decodes up to its whole ring (10,000 points: a fifth of a millisecond),
 * so the figure is kept until a point is added or the window selects others.
 */
function equityDrawdown (store: SeriesStore, selection: Selection): EquityDrawdown {
  const stamp = store.readStamp(EQUITY_SERIES.equity, selection)
  const kept = lastDrawdown.get(store)
  if (kept !== undefined && kept.stamp === stamp) return kept
  const values = store.read(EQUITY_SERIES.equity, selection).values
  const dd = { stamp, pct: maxDrawdownPct(values), points: values.length }
  lastDrawdown.set(store, dd)
  return dd
}

/**
 * The account figures for a statistics query, with the reasons of the null
 * ones merged into `null_reasons` of `stats`.
 */
export function withAccountFigures (stats: TradingStatistics, ledger: TradeLedger, marks: MarkToMarket, store: SeriesStore,
  query: StatisticsQuery, nowMs: number): TradingStatistics & AccountFigures {
  const window = resolveWindow(query, nowMs)
  const filter = resolveFilter(query)
  const reasons = { ...stats.null_reasons }
  const account = marks.account()
  let unrealized = account.unrealized_pnl
  if (filter.symbol !== null || filter.side !== null) {
    unrealized = 0
    for (const p of marks.positions()) {
      if ((filter.symbol === null || p.symbol === filter.symbol) && (filter.side === null || p.side === filter.side)) unrealized += p.unrealized_pnl
    }
  }
  if (account.equity === null) {
    reasons.equity = 'no starting_balance configured: equity has no base'
    reasons.exposure = reasons.equity
  } else if (account.exposure === null) {
    reasons.exposure = 'equity is not positive'
  }
  const first = ledger.firstEventMs
  const since = first === null ? null : Math.max(window.sinceMs, first)
  let inMarket: number | null = null
  if (since === null) reasons.time_in_market_pct = 'no trade events yet'
  else {
    inMarket = timeInMarketPct(ledger, since, window.untilMs, filter)
    if (inMarket === null) reasons.time_in_market_pct = 'the window ends before the first trade event'
  }
  let ddPct: number | null = null
  if (store.has(EQUITY_SERIES.equity)) {
    const dd = equityDrawdown(store, { sinceMs: Number.isFinite(window.sinceMs) ? window.sinceMs : undefined, untilMs: window.untilMs })
    ddPct = dd.pct
    if (ddPct === null) reasons.max_drawdown_equity_pct = dd.points === 0 ? 'no equity points in the window' : 'equity at a peak is not positive'
  } else {
    reasons.max_drawdown_equity_pct = account.equity === null ? 'no starting_balance configured: no equity series' : 'no equity points yet'
  }
  return {
    ...stats,
    unrealized_pnl: unrealized,
    equity: account.equity,
    exposure: account.exposure,
    time_in_market_pct: inMarket,
    max_drawdown_equity_pct: ddPct,
    null_reasons: reasons
  }
}
