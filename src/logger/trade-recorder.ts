import type { SeriesStore } from '../core/store.ts'
import { InvalidTradeEventError } from '../core/errors.ts'
import type { TradeEvent } from '../trading/trade-event.ts'
import { TradeLedger } from '../trading/trade-ledger.ts'
import { validateTradeEvent } from '../trading/trade-validation.ts'
import type { TradingOptions } from '../trading/trading-options.ts'
import { MarkToMarket } from '../trading/mark-to-market.ts'
import { recordExitPnl } from './trade-points.ts'
import { FILL_SLIPPAGE_METRIC, recordFillPoints } from './fill-points.ts'
import { tradeEventOf } from './trade-input.ts'
import type { TradeInput } from './trade-input.ts'
import { EquityRecorder } from './equity-points.ts'
import { rollingSharpeRecorder } from './rolling-sharpe-recorder.ts'

/** Where the recorder reports an event it drops: the logger counts it, reports it once, or throws when strict. */
export type DropTrade = (metricName: string, error: unknown) => void

/**
 * The logger's trade path: validates trade events, applies them to the
 * ledger, records their series (`trade_<event>`, `trade_pnl`, fills, the
 * account), marks open positions to prices and calls trade listeners.
 */
export class TradeRecorder {
  readonly ledger: TradeLedger
  readonly marks: MarkToMarket
  private readonly store: SeriesStore
  private readonly equity: EquityRecorder
  private readonly listeners: Array<(event: TradeEvent) => void> = []

  constructor (store: SeriesStore, trading: Partial<TradingOptions> | undefined) {
    this.store = store
    this.ledger = new TradeLedger(trading)
    this.marks = new MarkToMarket(this.ledger)
    this.equity = new EquityRecorder(store, this.marks)
    this.listeners.push(rollingSharpeRecorder(this.ledger, store))
  }

  /** Records one trade event (MetricsLogger.logTrade); `nowMs` when it has no timestamp. */
  record (input: TradeInput, nowMs: number, drop: DropTrade): void {
    const name = 'trade_' + String(input.event)
    const received = tradeEventOf(input, nowMs)
    const checked = validateTradeEvent(received)
    if (checked instanceof InvalidTradeEventError) {
      drop(name, checked)
      return
    }
    // Metadata cut to the kept keys here already, so that listeners see what the ledger keeps.
    const event = this.ledger.admit(received)
    let target
    try {
      target = this.store.series(name, { symbol: event.symbol, side: checked.side })
    } catch (error) {
      drop(name, error)
      return
    }
    let applied
    try {
      // May throw: a subscribed store that cannot keep the event (PersistenceError).
      applied = this.ledger.apply(event)
    } catch (error) {
      drop(name, error)
      return
    }
    if (applied.status === 'rejected') {
      drop(name, applied.error)
      return
    }
    const timestamp = event.timestamp
    target.record(recordExitPnl(this.store, applied) ?? event.pnl ?? 0, timestamp)
    try {
      recordFillPoints(this.store, applied, event)
    } catch (error) {
      // A label the store refuses (series limits): the trade stands, the histogram point is dropped.
      drop(FILL_SLIPPAGE_METRIC, error)
    }
    // A trade's price is a price of its symbol; the account is recorded on every trade event.
    this.marks.price(event.symbol, event.price, timestamp)
    this.equity.record(timestamp, true)
    for (const listener of this.listeners) listener(event)
  }

  /** A checked market price of `symbol`: moves excursions and marks, and the account series. */
  price (symbol: string, price: number, atMs: number): void {
    this.ledger.observePrice(symbol, price)
    this.marks.price(symbol, price, atMs)
    this.equity.record(atMs, false)
  }

  /** Listens to every applied trade event; returns a function that unsubscribes. */
  onTrade (listener: (event: TradeEvent) => void): () => void {
    this.listeners.push(listener)
    return () => {
      const i = this.listeners.indexOf(listener)
      if (i >= 0) this.listeners.splice(i, 1)
    }
  }

  /** Removes every position and trade record; how many. */
  clear (): { trades: number, positions: number } {
    const cleared = this.ledger.clear()
    this.marks.clear()
    this.equity.reset()
    return cleared
  }
}
