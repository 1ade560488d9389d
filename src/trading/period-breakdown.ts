import { InvalidArgumentError } from '../core/errors.ts'
import { nextPeriodStart, periodStart, PeriodUnit, previousPeriodStart, utcDate } from './calendar.ts'
import type { TradeLedger } from './trade-ledger.ts'
import type { PositionSide } from './trade-records.ts'
import { filterKey } from './filter-targets.ts'
import { HOUR_MS } from './hour-book.ts'
import { accountPnlBefore } from './past-window.ts'
import { lowerBoundClosedAt, matchesFilter, resolveFilter } from './trade-selection.ts'
import type { TradeFilter } from './trade-selection.ts'

/** A breakdown request: how many periods, ending with the one holding `untilMs` (default now). */
export interface BreakdownQuery extends TradeFilter {
  /** Periods to return, 1..1000; default 7. */
  count?: number
  untilMs?: number
}

/** One period's realized figures. Money in quote currency. */
export interface PeriodRow {
  /** First day of the period, `YYYY-MM-DD` (UTC). */
  date: string
  /** Period start, epoch ms, inclusive. */
  start: number
  /** Period end, epoch ms, exclusive. */
  end: number
  pnl: number
  trade_count: number
  /** Account equity at the period's start (starting balance plus P&L before it); null without a starting balance. */
  starting_equity: number | null
  /** pnl / starting_equity; null without a starting balance or when that equity is not positive. */
  relative_return: number | null
}

export interface PeriodBreakdown {
  unit: PeriodUnit
  symbol: string | null
  side: PositionSide | null
  /** Newest period first, as freqtrade's /daily. */
  periods: PeriodRow[]
}

export const MAX_BREAKDOWN_PERIODS = 1000

/**
 * Realized P&L, trade count and relative return per UTC day, ISO week or
 * month, like freqtrade's /daily, /weekly, /monthly. Periods with no trades
 * are listed with zeros. Throws InvalidArgumentError on bad arguments.
 */
export function computeBreakdown (ledger: TradeLedger, unit: string, query: BreakdownQuery, nowMs: number): PeriodBreakdown {
  if (unit !== PeriodUnit.day && unit !== PeriodUnit.week && unit !== PeriodUnit.month) {
    throw new InvalidArgumentError('unit', `must be day, week or month, got ${JSON.stringify(unit)}`)
  }
  const count = query.count ?? 7
  if (!Number.isInteger(count) || count < 1 || count > MAX_BREAKDOWN_PERIODS) {
    throw new InvalidArgumentError('count', `must be an integer from 1 to ${MAX_BREAKDOWN_PERIODS}, got ${String(count)}`)
  }
  const until = query.untilMs ?? nowMs
  if (!Number.isFinite(until) || until < 0) throw new InvalidArgumentError('until', `must be epoch milliseconds, got ${String(until)}`)
  const filter = resolveFilter(query)
  const balance = ledger.options.startingBalance
  const account = ledger.trades

  let start = periodStart(until, unit)
  for (let k = 1; k < count; k++) start = previousPeriodStart(start, unit)
  // Records that left memory count through their hour cells (periods start on whole hours), the rest one by one.
  let equity = balance === null ? 0 : balance + accountPnlBefore(ledger, start)
  let i = lowerBoundClosedAt(account, start)
  const hours = ledger.book.hours
  const order = hours.hourNumbers
  let h = hours.lowerBound(start / HOUR_MS)
  const all = filterKey(null, null)
  const own = filterKey(filter.symbol, filter.side)
  const periods: PeriodRow[] = []
  for (let k = 0; k < count; k++) {
    const end = nextPeriodStart(start, unit)
    let pnl = 0
    let trades = 0
    let accountPnl = 0
    for (; h < order.length && order[h] * HOUR_MS < end; h++) {
      accountPnl += hours.cell(order[h], all)?.total ?? 0
      const c = hours.cell(order[h], own)
      if (c !== undefined) { pnl += c.total; trades += c.count }
    }
    for (; i < account.length && account[i].closed_at < end; i++) {
      const t = account[i]
      accountPnl += t.pnl
      if (matchesFilter(t, filter)) { pnl += t.pnl; trades++ }
    }
    periods.push({
      date: utcDate(start),
      start,
      end,
      pnl,
      trade_count: trades,
      starting_equity: balance === null ? null : equity,
      relative_return: balance === null || equity <= 0 ? null : pnl / equity
    })
    equity += accountPnl
    start = end
  }
  periods.reverse()
  return { unit, symbol: filter.symbol, side: filter.side, periods }
}
