import type { SeriesStore } from '../core/store.ts'
import type { MarkToMarket } from '../trading/mark-to-market.ts'

/** Least time between two points of the account series recorded on price updates, ms. */
export const EQUITY_POINT_INTERVAL_MS = 1000

/** The account series: docs/TRADING_METRICS.md, "Equity with open positions". */
export const EQUITY_SERIES = Object.freeze({
  equity: 'equity',
  balance: 'balance',
  unrealizedPnl: 'unrealized_pnl',
  exposure: 'exposure'
})

/**
 * Records the marked account as the series `equity`, `balance`,
 * `unrealized_pnl` and `exposure`: on every trade event, and on a price
 * update when the last point is at least a second old, so a price feed of
 * thousands of updates a second writes one point a second. `balance`,
 * `equity` and `exposure` need a starting balance; without one only
 * `unrealized_pnl` is recorded.
 */
export class EquityRecorder {
  private readonly store: SeriesStore
  private readonly marks: MarkToMarket
  private last = -Infinity

  constructor (store: SeriesStore, marks: MarkToMarket) {
    this.store = store
    this.marks = marks
  }

  /** Records the account at `atMs`; unless `force`, only when the last point is a second old or more. */
  record (atMs: number, force: boolean): void {
    if (!force && atMs - this.last < EQUITY_POINT_INTERVAL_MS && atMs >= this.last) return
    this.last = atMs
    const a = this.marks.account()
    this.store.series(EQUITY_SERIES.unrealizedPnl).record(a.unrealized_pnl, atMs)
    if (a.balance !== null) this.store.series(EQUITY_SERIES.balance).record(a.balance, atMs)
    if (a.equity !== null) this.store.series(EQUITY_SERIES.equity).record(a.equity, atMs)
    if (a.exposure !== null) this.store.series(EQUITY_SERIES.exposure).record(a.exposure, atMs)
  }

  /** Forgets the time of the last point (after a clear). */
  reset (): void {
    this.last = -Infinity
  }
}
