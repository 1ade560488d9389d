import { DAY_MS } from './calendar.ts'
import type { ReturnDays } from './return-summary.ts'
import type { ClosedTrade } from './trade-records.ts'
import { lowerBoundClosedAt, pnlBefore } from './trade-selection.ts'

/** Daily realized returns, or why there are none. */
export type DailyReturns = { returns: Float64Array, reason: null } | { returns: null, reason: string }

/**
 * Realized return of each UTC day from the day of `fromMs` to the day of
 * `toMs`, days without trades included as 0: the selected trades' P&L of the
 * day over the account's equity at the start of the day (starting balance
 * plus every record's P&L closed before that day, any symbol or side).
 *
 * @param account every closed trade record of the ledger, in closed_at order
 * @param selected the records the statistics cover, in closed_at order
 */
export function dailyReturns (account: readonly ClosedTrade[], selected: readonly ClosedTrade[],
  fromMs: number, toMs: number, startingBalance: number | null): DailyReturns {
  if (startingBalance === null) return { returns: null, reason: 'no starting_balance configured: returns need a base' }
  const firstDay = Math.floor(fromMs / DAY_MS)
  const days = Math.floor(toMs / DAY_MS) - firstDay + 1
  const pnl = new Float64Array(days)
  for (const t of selected) {
    const d = Math.floor(t.closed_at / DAY_MS) - firstDay
    if (d >= 0 && d < days) pnl[d] += t.pnl
  }
  const returns = new Float64Array(days)
  let equity = startingBalance + pnlBefore(account, firstDay * DAY_MS)
  let i = lowerBoundClosedAt(account, firstDay * DAY_MS)
  for (let d = 0; d < days; d++) {
    if (equity <= 0) return { returns: null, reason: 'account equity at the start of a day is not positive' }
    returns[d] = pnl[d] / equity
    const dayEnd = (firstDay + d + 1) * DAY_MS
    while (i < account.length && account[i].closed_at < dayEnd) equity += account[i++].pnl
  }
  return { returns, reason: null }
}

/** Sharpe, Sortino and Calmar ratios, each null with a reason when undefined. */
export interface ReturnRatios {
  sharpe: number | null
  sortino: number | null
  calmar: number | null
  reasons: Record<string, string>
}

/**
 * Annualised ratios of daily returns r₁..r_N (risk-free rate 0), given as
 * their summary (return-summary.ts):
 * sharpe = mean / sd · √A with sd the sample standard deviation (N - 1);
 * sortino = mean / dd · √A with dd = √(Σ min(rᵢ, 0)² / N);
 * calmar = mean · A / (maxDrawdownPct / 100). A = periodsPerYear.
 */
export function returnRatios (daily: ReturnDays, maxDrawdownPct: number | null, maxDrawdownPctReason: string | undefined,
  periodsPerYear: number): ReturnRatios {
  const reasons: Record<string, string> = {}
  const out: ReturnRatios = { sharpe: null, sortino: null, calmar: null, reasons }
  if (daily.summary === null) {
    reasons.sharpe = reasons.sortino = reasons.calmar = daily.reason
    return out
  }
  const { days, mean, sd, downside } = daily.summary
  if (days < 2) {
    reasons.sharpe = reasons.sortino = reasons.calmar = 'fewer than 2 days of returns in the window'
    return out
  }
  const rootA = Math.sqrt(periodsPerYear)
  if (sd > 0) out.sharpe = mean / sd * rootA
  else reasons.sharpe = 'daily returns do not vary: standard deviation 0'
  if (downside > 0) out.sortino = mean / downside * rootA
  else reasons.sortino = 'no day with a negative return: downside deviation 0'
  if (maxDrawdownPct === null) reasons.calmar = maxDrawdownPctReason ?? 'max_drawdown_pct is undefined'
  else if (maxDrawdownPct > 0) out.calmar = mean * periodsPerYear / (maxDrawdownPct / 100)
  else reasons.calmar = 'no drawdown in the window: max_drawdown_pct is 0'
  return out
}
