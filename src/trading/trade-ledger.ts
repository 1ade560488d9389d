import { TradeRejectedError } from '../core/errors.ts'
import type { InvalidTradeEventError } from '../core/errors.ts'
import { ExcursionBook } from './excursion-book.ts'
import { ExecutionBook } from './execution-book.ts'
import { HoldingSpans } from './holding-spans.ts'
import type { ExecutionQuery, ExecutionReport } from './execution-book.ts'
import { ClosedRecordBook } from './closed-record-book.ts'
import type { SettledStore } from './closed-record-book.ts'
import type { RunningGroup } from './running-statistics.ts'
import type { TradeEvent } from './trade-event.ts'
import { PositionSide } from './trade-records.ts'
import type { ClosedTrade, OpenPosition } from './trade-records.ts'
import { exitRecord, orphanRecord } from './closed-record.ts'
import type { RecordContext } from './closed-record.ts'
import { planEvent } from './position-plan.ts'
import { checkTradeEvent } from './trade-validation.ts'
import { ContextLabels } from './trade-context.ts'
import type { CheckedTradeEvent } from './trade-validation.ts'
import { resolveTradingOptions } from './trading-options.ts'
import { keepMetadata } from './trade-metadata.ts'
import type { TradingOptions } from './trading-options.ts'

export type { SettledStore } from './closed-record-book.ts'

/** What `apply` did with an event. Positions returned are copies; trade records are frozen. */
export type ApplyResult =
  | { status: 'ignored' }
  | { status: 'rejected', error: InvalidTradeEventError | TradeRejectedError }
  | { status: 'opened' | 'increased', position: OpenPosition }
  | { status: 'reduced' | 'closed', trade: Readonly<ClosedTrade>, position: OpenPosition | null }

/**
 * Called with an accepted event after every check and before the ledger
 * changes: a journal writes it here. If it throws, the ledger is unchanged
 * and the error reaches the caller of `apply`.
 */
export type BeforeApply = (event: TradeEvent) => void

/**
 * Builds positions and closed trade records from trade events. Pure and
 * deterministic: replaying the same events rebuilds the same state, which
 * is how persistence restores it. See docs/TRADING_METRICS.md.
 *
 * @example
 * const ledger = new TradeLedger({ startingBalance: 10_000 })
 * ledger.apply({ event: 'opened', symbol: 'BTCUSDT', side: 'buy', quantity: 0.5, price: 60_000,
 *   pnl: null, fees: 15, trade_id: null, timestamp: Date.now(), metadata: null })
 */
export class TradeLedger {
  readonly options: Readonly<TradingOptions>
  /** Called before an accepted event changes the ledger; null for none. */
  beforeApply: BeforeApply | null = null
  /** Distinct strategy, entry tag and exit reason values, bounded; folded counts. */
  readonly context = new ContextLabels()
  /** Price and time of the latest accepted trade event per symbol: a replay rebuilds the marks from it. */
  readonly lastTradePrice = new Map<string, { price: number, at: number }>()
  private readonly open = new Map<string, OpenPosition>()
  /** The closed records: those in memory, the running figures, the ones that left. */
  readonly book: ClosedRecordBook
  private positionCount = 0
  private lastRecordId = 0
  private first = Infinity
  private changes = 0
  private readonly metadataKeys: ReadonlySet<string>
  private readonly execution = new ExecutionBook()
  private readonly excursions = new ExcursionBook()
  /** Holding spans of the closed positions: time in market and positions open at a past moment. */
  readonly holding = new HoldingSpans()
  /** settledCount when the holding spans were last folded. */
  private foldedAt = 0

  constructor (options: Partial<TradingOptions> = {}) {
    this.options = resolveTradingOptions(options)
    this.metadataKeys = new Set(this.options.metadataKeys)
    this.book = new ClosedRecordBook(this.options.startingBalance, this.options.tradesInMemory)
  }

  /**
   * The event as the ledger keeps it: `metadata` cut to the configured keys
   * (`metadataKeys`). `apply` does this first, so nothing else is journaled,
   * recorded or served; callers that pass the event on (trade listeners)
   * use this to pass on the same. Returns `event` itself when nothing is cut.
   */
  admit (event: TradeEvent): TradeEvent {
    const metadata = event.metadata
    if (metadata === null || metadata === undefined) return event
    const kept = keepMetadata(metadata, this.metadataKeys)
    return kept === metadata ? event : { ...event, metadata: kept }
  }

  /**
   * Applies one event. Events named other than opened/reduced/closed are
   * ignored; bad fields and events the state does not allow are rejected
   * (returned, never thrown). `replay` skips the open-position cap, so a
   * journal written under a larger cap still rebuilds.
   */
  apply (received: TradeEvent, replay = false): ApplyResult {
    // First: a key not kept must reach neither the journal nor a record.
    const event = typeof received === 'object' && received !== null ? this.admit(received) : received
    const checked = checkTradeEvent(event)
    if (checked === null) return { status: 'ignored' }
    if (!('kind' in checked)) return { status: 'rejected', error: checked }
    const plan = planEvent(this.open, checked, replay ? null : this.options.maxOpenPositions)
    if (plan instanceof TradeRejectedError) return { status: 'rejected', error: plan }
    this.beforeApply?.(event)
    this.changes++
    if (event.timestamp < this.first) this.first = event.timestamp
    // A fill is a price of its symbol: it moves every open position's excursions.
    this.excursions.observe(event.symbol, event.price)
    const last = this.lastTradePrice.get(event.symbol)
    if (last === undefined || event.timestamp >= last.at) this.lastTradePrice.set(event.symbol, { price: event.price, at: event.timestamp })
    if (plan.kind === 'open') return this.commitOpen(checked, plan.position, plan.key)
    if (plan.kind === 'orphan') return this.commitOrphan(checked, plan.pnl)
    return this.commitExit(checked, plan.position, plan.key, plan.quantity, plan.final)
  }

  /**
   * A market price of `symbol` (a price update, not a fill): moves the
   * excursions of the symbol's open positions. Prices that are not finite
   * and positive are ignored.
   */
  observePrice (symbol: string, price: number): void {
    if (typeof price === 'number' && Number.isFinite(price) && price > 0) this.excursions.observe(symbol, price)
  }

  /** Execution figures of the fills, in total and per symbol, exchange and order type. */
  executionReport (query: ExecutionQuery = {}): ExecutionReport {
    return this.execution.report(query)
  }

  /**
   * The running figures of every record of a symbol and side (null: any),
   * as `{ group }` (group null when no record matches); null when a record
   * closed after `untilMs`, so that the figures would include it.
   */
  runningFigures (symbol: string | null, side: PositionSide | null, untilMs: number): { group: RunningGroup | null } | null {
    return this.book.runningFigures(symbol, side, untilMs)
  }

  /**
   * Closed trade records (frozen) in memory, in `closed_at` order: the
   * newest `tradesInMemory` (up to an eighth more), or all when it is 0.
   * The array is the ledger's own: do not change it.
   */
  get trades (): ReadonlyArray<Readonly<ClosedTrade>> {
    return this.book.records
  }

  /** Records that left memory (they close before every record in `trades`). */
  get settledCount (): number {
    return this.book.settledCount
  }

  /** Every closed record, in memory or not. */
  get recordCount (): number {
    return this.book.settledCount + this.book.records.length
  }

  /** Where records that leave memory go; null (the default): they are dropped from the list. */
  get settledStore (): SettledStore | null {
    return this.book.store
  }

  set settledStore (store: SettledStore | null) {
    this.book.store = store
  }

  /**
   * Running figures of the records that left memory (any symbol and side),
   * in the order they left; null when none has. Their P&L sum, peak and
   * trailing streaks are where a walk over `trades` starts.
   */
  settledFigures (): RunningGroup | null {
    return this.book.settledFigures()
  }

  /** Copies of the open positions, oldest first. */
  openPositions (): OpenPosition[] {
    return [...this.open.values()].map((p) => ({ ...p }))
  }

  /** The open positions themselves, oldest first, for reading without copies: do not change them. */
  openPositionValues (): IterableIterator<Readonly<OpenPosition>> {
    return this.open.values()
  }

  get openPositionCount (): number {
    return this.open.size
  }

  /** Changes with every accepted event and every clear: caches of figures key on it. */
  get version (): number {
    return this.changes
  }

  /** Time of the earliest accepted event, epoch ms; null before the first. */
  get firstEventMs (): number | null {
    return this.first === Infinity ? null : this.first
  }

  /** Forgets every position and record. */
  clear (): { positions: number, trades: number } {
    const cleared = { positions: this.open.size, trades: this.recordCount }
    this.open.clear()
    this.positionCount = 0
    this.lastRecordId = 0
    this.first = Infinity
    this.execution.clear()
    this.excursions.clear()
    this.book.clear()
    this.holding.clear()
    this.foldedAt = 0
    this.context.clear()
    this.lastTradePrice.clear()
    this.changes++
    return cleared
  }

  private commitOpen (c: CheckedTradeEvent, existing: OpenPosition | undefined, key: string): ApplyResult {
    const e = c.event
    const fees = e.fees ?? 0
    if (existing !== undefined) {
      // Scale-in: quantity-weighted average entry; the earliest open time stays.
      const quantity = existing.quantity + e.quantity
      existing.entry_price = (existing.entry_price * existing.quantity + e.price * e.quantity) / quantity
      existing.quantity = quantity
      existing.entry_fees += fees
      if (e.timestamp < existing.opened_at) existing.opened_at = e.timestamp
      this.excursions.restop(existing.position_id, e.stop_price ?? null)
      this.execution.addEvent(e, c.side, true, e.quantity, 0)
      return { status: 'increased', position: { ...existing } }
    }
    const position: OpenPosition = {
      position_id: ++this.positionCount,
      trade_id: e.trade_id ?? null,
      symbol: e.symbol,
      side: c.side,
      quantity: e.quantity,
      entry_price: e.price,
      opened_at: e.timestamp,
      entry_fees: fees,
      realized_pnl: 0,
      closed_quantity: 0,
      strategy: this.context.fold('strategy', e.strategy),
      entry_tag: this.context.fold('entry_tag', e.entry_tag)
    }
    this.open.set(key, position)
    this.excursions.start(position.position_id, e.symbol, e.price, e.stop_price ?? null)
    this.execution.addEvent(e, c.side, true, e.quantity, 0)
    return { status: 'opened', position: { ...position } }
  }

  private commitExit (c: CheckedTradeEvent, p: OpenPosition, key: string, quantity: number, final: boolean): ApplyResult {
    const e = c.event
    // Entry fees follow the quantity: each exit carries its pro-rata share.
    const entryShare = final ? p.entry_fees : p.entry_fees * quantity / p.quantity
    const fees = entryShare + (e.fees ?? 0)
    const direction = p.side === PositionSide.long ? 1 : -1
    const pnl = e.pnl ?? direction * (e.price - p.entry_price) * quantity - fees
    const tolerance = this.options.breakEvenTolerance
    const excursion = this.excursions.exit(p.position_id, p.side, p.entry_price, quantity, pnl)
    this.execution.addEvent(e, p.side, false, quantity, pnl + fees)
    const context = this.exitContext(c, p)
    const trade = exitRecord(++this.lastRecordId, p, e, quantity, fees, pnl, final, tolerance, excursion, context)
    this.book.insert(trade)
    this.holding.add(trade)
    this.foldHolding()
    if (final) {
      this.open.delete(key)
      this.excursions.end(p.position_id, p.symbol)
      return { status: 'closed', trade, position: null }
    }
    p.quantity -= quantity
    p.entry_fees -= entryShare
    p.realized_pnl += pnl
    p.closed_quantity += quantity
    return { status: 'reduced', trade, position: { ...p } }
  }

  /** Records the exit of a position the ledger never saw open (see orphanRecord); no position changes. */
  private commitOrphan (c: CheckedTradeEvent, pnl: number): ApplyResult {
    const e = c.event
    const final = c.kind === 'closed'
    const trade = orphanRecord(++this.lastRecordId, ++this.positionCount, e, c.side, pnl, final, this.options.breakEvenTolerance, this.exitContext(c, null))
    this.execution.addEvent(e, c.side, false, e.quantity, pnl + (e.fees ?? 0))
    this.book.insert(trade)
    this.foldHolding()
    return { status: final ? 'closed' : 'reduced', trade, position: null }
  }

  /**
   * Once records have left memory: folds the holding spans before the
   * oldest record in memory and every open position's opening into hour
   * totals, as no span still to come reaches back past them (but for an
   * event older than every record in memory).
   */
  private foldHolding (): void {
    const settled = this.book.settledCount
    if (settled === this.foldedAt) return
    this.foldedAt = settled
    const r = this.book.records
    let before = r.length > 0 ? r[0].closed_at : Infinity
    for (const p of this.open.values()) if (p.opened_at < before) before = p.opened_at
    if (Number.isFinite(before)) this.holding.fold(before)
  }

  /** Context of an exit record: the position's strategy (else the exit's), its entry tag, the exit's reason. */
  private exitContext (c: CheckedTradeEvent, p: OpenPosition | null): RecordContext {
    const e = c.event
    const strategy = this.context.fold('strategy', e.strategy)
    return {
      strategy: p?.strategy ?? strategy,
      entry_tag: p?.entry_tag ?? null,
      exit_reason: this.context.fold('exit_reason', e.exit_reason)
    }
  }
}
