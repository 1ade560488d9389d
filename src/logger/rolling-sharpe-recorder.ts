import type { SeriesStore } from '../core/store.ts'
import { DAY_MS } from '../trading/calendar.ts'
import { windowDailyReturns } from '../trading/past-window.ts'
import { ROLLING_SHARPE_DAYS, rollingSharpe } from '../trading/risk-figures.ts'
import type { TradeEvent } from '../trading/trade-event.ts'
import type { TradeLedger } from '../trading/trade-ledger.ts'

/** The series the rolling Sharpe ratio is recorded in. */
export const ROLLING_SHARPE_METRIC = 'rolling_sharpe_30d'

const ALL = { symbol: null, side: null }

/**
 * The annualised Sharpe ratio of the account's daily realized returns over
 * the 30 UTC days that end with the day of `atMs` (that day counted up to
 * `atMs`), starting no earlier than the day of the ledger's first event.
 * Null without a starting balance, with fewer than 2 days, or when the
 * returns do not vary.
 */
export function rollingSharpeAt (ledger: TradeLedger, atMs: number): number | null {
  const first = ledger.firstEventMs
  if (first === null) return null
  const fromMs = Math.max(first, (Math.floor(atMs / DAY_MS) - (ROLLING_SHARPE_DAYS - 1)) * DAY_MS)
  if (fromMs > atMs) return null
  const daily = windowDailyReturns(ledger, fromMs, atMs, ALL)
  return daily.returns === null ? null : rollingSharpe(daily.returns, ledger.options.periodsPerYear)
}

/**
 * A trade listener that records `rolling_sharpe_30d` at the time of each
 * `reduced` or `closed` event (each closed trade record), when the ratio is
 * defined. One point per closed trade keeps the series in step with the P&L
 * it describes without a timer; a day without trades adds no point.
 */
export function rollingSharpeRecorder (ledger: TradeLedger, store: SeriesStore): (event: TradeEvent) => void {
  return (event) => {
    if (event.event !== 'reduced' && event.event !== 'closed') return
    const sharpe = rollingSharpeAt(ledger, event.timestamp)
    if (sharpe === null) return
    try {
      store.series(ROLLING_SHARPE_METRIC).record(sharpe, event.timestamp)
    } catch {
      // The store's series limit: the statistics still answer from the ledger.
    }
  }
}
