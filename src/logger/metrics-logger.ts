import { InvalidArgumentError, InvalidLabelError, InvalidValueError } from '../core/errors.ts'
import { registerLedgerValues } from '../health/ledger-values.ts'
import type { TradeEvent } from '../trading/trade-event.ts'
import type { TradeLedger } from '../trading/trade-ledger.ts'
import type { TradingOptions } from '../trading/trading-options.ts'
import { computeTradingStatistics } from '../trading/trading-statistics.ts'
import type { StatisticsQuery, TradingStatistics } from '../trading/trading-statistics.ts'
import { computeBreakdown } from '../trading/period-breakdown.ts'
import type { BreakdownQuery, PeriodBreakdown } from '../trading/period-breakdown.ts'
import { computeGroupBreakdown } from '../trading/breakdown.ts'
import type { GroupBreakdown, GroupBreakdownQuery } from '../trading/breakdown.ts'
import { listTrades } from '../trading/trade-list.ts'
import type { TradeListQuery, TradePage } from '../trading/trade-list.ts'
import type { ExecutionQuery, ExecutionReport } from '../trading/execution-book.ts'
import type { MarkToMarket } from '../trading/mark-to-market.ts'
import { withAccountFigures } from './account-figures.ts'
import type { AccountFigures } from './account-figures.ts'
import type { TradeEventOptions } from './trade-event-options.ts'
import type { TradeInput } from './trade-input.ts'
import { TradeRecorder } from './trade-recorder.ts'
import { MessageRate } from './market-data.ts'
import type { MarketDataOptions } from './market-data.ts'
import { MetricsRecorder } from './metrics-recorder.ts'
import type { MetricsRecorderOptions, RecorderClearResult } from './recorder-options.ts'

export type { LoggerHealthOptions, PointJson, SeriesJson } from './recorder-options.ts'

/** Options of a MetricsLogger; every one has a default. */
export interface MetricsLoggerOptions extends MetricsRecorderOptions {
  /** Trade ledger settings: starting balance, annualisation, break-even tolerance (docs/TRADING_METRICS.md). */
  trading?: Partial<TradingOptions>
}

/** What `clearMetrics` removed. */
export interface ClearResult extends RecorderClearResult {
  /** Closed trade records. */
  trades: number
  /** Open positions. */
  positions: number
}

/** What `clear` removed: from memory, and the trade events from the subscribed stores. */
export interface ClearReport extends ClearResult {
  /** Journaled trade events removed from the subscribed stores (0 with none). */
  journaledTradeEvents: number
}

/**
 * Records a trading bot's metrics and answers questions about them: the
 * general logger (`MetricsRecorder`: metrics, latencies, system samples,
 * health, annotations) with the trading bot's calls of the spec on top
 * (engine cycles, scanner runs, trades, prices, risk, balances, market data)
 * and the trade ledger they feed.
 *
 * @example
 * const logger = new MetricsLogger()
 * logger.logEngineCycle(0.012, 'scanning', 2, 1, 0)   // cycle time in seconds
 * logger.logTrade({ event: 'opened', symbol: 'BTCUSDT', side: 'long', quantity: 0.5, price: 61_250 })
 * const done = logger.startTimer('order_execution')
 * await placeOrder()
 * done()                                               // records latency_order_execution
 * logger.getMetricsSummary('engine_cycle_time', 100)   // { count, mean, p99, ... }
 */
export class MetricsLogger extends MetricsRecorder {
  private readonly recorder: TradeRecorder
  private readonly marketRates = new MessageRate()

  constructor (options: MetricsLoggerOptions = {}) {
    super(options)
    this.recorder = new TradeRecorder(this.store, options.trading)
    // drawdown_pct and daily_pnl, from the ledger: the drawdown and daily_loss rules read them.
    if (this.health !== null) registerLedgerValues(this.health, this.trades)
  }

  /** Positions and closed trades built from the trade events (see logTradeEvent). */
  get trades (): TradeLedger {
    return this.recorder.ledger
  }

  /** The open positions marked at the last price of their symbol (see logPrice). */
  get marks (): MarkToMarket {
    return this.recorder.marks
  }

  protected override wireSubscribers (): void {
    super.wireSubscribers()
    // The ledger calls it after every check and before it changes: a store that throws refuses the event.
    this.trades.beforeApply = this.subscribers.has('trade') ? this.subscribers.trade : null
  }

  /**
   * Records a trade event (the spec's `log_trade_event`): checks it with the
   * trade validator (docs/TRADING_METRICS.md), applies it to the trade
   * ledger (`trades`), then records `trade_<eventType>` with `symbol` and
   * `side` (long or short) labels (value: for an exit, the P&L the ledger
   * realized, reported or computed; else the P&L carried, or 0), and for an
   * exit a `trade_pnl` point of the same value; then passes it to trade
   * listeners. An event the validator or the ledger rejects (bad field, no
   * open position, ...) or a subscribed store cannot keep is dropped like
   * any bad point: counted, reported once, recorded nowhere.
   */
  logTradeEvent (eventType: string, symbol: string, side: string, quantity: number, price: number,
    pnl?: number | null, metadata?: Readonly<Record<string, unknown>> | null,
    extra?: TradeEventOptions): void {
    this.logTrade({ ...extra, event: eventType, symbol, side, quantity, price, pnl, metadata })
  }

  /**
   * Records a trade event given by name: `logTradeEvent`'s arguments and
   * options as one object, the same checks and effects.
   *
   * @example logger.logTrade({ event: 'opened', symbol: 'ETHUSDT', side: 'short', quantity: 2, price: 3_000, fees: 1.2, strategy: 'breakout_down' })
   */
  logTrade (input: TradeInput): void {
    this.recorder.record(input, this.clock.now(), this.dropTrade)
  }

  private readonly dropTrade = (name: string, error: unknown): void => { this.drop(name, error) }

  /**
   * Records the last price of `symbol`: its open positions are marked to it
   * (`marks`), and the account series (`equity`, `balance`,
   * `unrealized_pnl`, `exposure`) get a point when the last is a second old.
   * A bad symbol, price or time is dropped like any bad point.
   *
   * @example logger.logPrice('BTCUSDT', 64_250.5)
   */
  logPrice (symbol: string, price: number, timestampMs?: number): void {
    if (typeof symbol !== 'string' || symbol.length === 0 || symbol.length > 64) {
      this.drop('price', new InvalidLabelError('symbol', 'must be a string of 1 to 64 characters'))
      return
    }
    if (typeof price !== 'number' || !Number.isFinite(price) || price <= 0 || price > 1e15) {
      this.drop('price', new InvalidArgumentError('price', `must be a finite number > 0 up to 1e15, got ${String(price)}`))
      return
    }
    if (timestampMs !== undefined && !(typeof timestampMs === 'number' && Number.isFinite(timestampMs) && timestampMs >= 0)) {
      this.drop('price', new InvalidValueError('price', timestampMs, 'timestamp'))
      return
    }
    // A price moves the open positions' excursions (MAE/MFE) and their marks.
    this.recorder.price(symbol, price, timestampMs ?? this.clock.now())
  }

  /** Trading statistics over a window (default all), for one symbol and side or all; see docs/TRADING_METRICS.md. */
  getTradingStatistics (query: StatisticsQuery = {}): TradingStatistics & AccountFigures {
    const now = this.clock.now()
    return withAccountFigures(computeTradingStatistics(this.trades, query, now), this.trades, this.marks, this.store, query, now)
  }

  /** Execution quality of the fills (slippage, fees, maker ratio, latency), in total and by symbol, exchange and order type. */
  getExecutionReport (query: ExecutionQuery = {}): ExecutionReport {
    return this.trades.executionReport(query)
  }

  /** Closed trade records, newest first, a page at a time. */
  getTrades (query: TradeListQuery = {}): TradePage {
    return listTrades(this.trades, query, this.clock.now())
  }

  /** Closed trades grouped by symbol, side, strategy, entry tag or exit reason; see docs/TRADING_METRICS.md. */
  getTradeGroups (query: GroupBreakdownQuery = {}): GroupBreakdown {
    return computeGroupBreakdown(this.trades, query, this.clock.now())
  }

  /** Realized P&L per UTC `day`, `week` or `month`, newest first. */
  getTradingBreakdown (unit: string, query: BreakdownQuery = {}): PeriodBreakdown {
    return computeBreakdown(this.trades, unit, query, this.clock.now())
  }

  /** Records one engine cycle: its time in seconds and counts, labelled by state. */
  logEngineCycle (cycleTime: number, state: string, positionsCount: number, signalsCount: number, ordersCount: number): void {
    const tags = { state }
    this.logMetric('engine_cycle_time', cycleTime, tags)
    this.logMetric('engine_positions', positionsCount, tags)
    this.logMetric('engine_signals', signalsCount, tags)
    this.logMetric('engine_orders', ordersCount, tags)
  }

  /** Records one scanner run: counts, its time in seconds, and matches per filter. */
  logScannerMetrics (symbolsScanned: number, candidatesFound: number, scanTime: number,
    filtersApplied: Readonly<Record<string, number>> = {}): void {
    this.logMetric('scanner_symbols_scanned', symbolsScanned)
    this.logMetric('scanner_candidates_found', candidatesFound)
    this.logMetric('scanner_scan_time', scanTime)
    for (const filter in filtersApplied) this.logMetric('scanner_filter_' + filter, filtersApplied[filter])
  }

  /** Records the bot's risk figures. */
  logRiskMetrics (currentRisk: number, maxRisk: number, positionRisk: number, dailyPnl: number): void {
    this.logMetric('risk_current', currentRisk)
    this.logMetric('risk_max', maxRisk)
    this.logMetric('risk_position', positionRisk)
    this.logMetric('risk_daily_pnl', dailyPnl)
  }

  /**
   * Records an asset's balance as the exchange reports it: `balance_free`
   * (available for new orders) and `balance_total` (free plus what is held
   * by open orders and positions), labelled by `asset`. The `balance_low`
   * health rule reads `balance_free`.
   *
   * @example logger.logBalance('USDT', 1250.5, 4000)
   */
  logBalance (asset: string, free: number, total: number): void {
    const tags = { asset }
    this.logMetric('balance_free', free, tags)
    this.logMetric('balance_total', total, tags)
  }

  /**
   * Records the market context: `market_data_messages`, the messages the
   * bot processed since its previous call, as a rate per second (the first
   * call per symbol only starts the count), and `market_volatility`, the
   * bot's own volatility figure, when given. Both carry a `symbol` label
   * when a symbol is given. Analysis routes then compare any metric against
   * them (`/compare?by=market_volatility&above=p90`).
   *
   * @example logger.logMarketData(batch.length, { symbol: 'BTCUSDT', volatility: realizedVol })
   */
  logMarketData (messages: number, options: MarketDataOptions = {}): void {
    if (typeof messages !== 'number' || !Number.isFinite(messages) || messages < 0) {
      this.drop('market_data_messages', new InvalidValueError('market_data_messages', messages, typeof messages === 'number' && messages < 0 ? 'messages (negative)' : 'messages'))
      return
    }
    const time = options.timestampMs ?? this.clock.now()
    const tags = options.symbol === undefined ? undefined : { symbol: options.symbol }
    const rate = this.marketRates.rate(options.symbol ?? '', messages, time)
    if (rate !== null) this.logMetric('market_data_messages', rate, tags, time)
    if (options.volatility !== undefined && options.volatility !== null) this.logMetric('market_volatility', options.volatility, tags, time)
  }

  /** Listens to every valid trade event; returns a function that unsubscribes. */
  onTrade (listener: (event: TradeEvent) => void): () => void {
    return this.recorder.onTrade(listener)
  }

  /** Removes every point, series, system sample, position and trade; returns how much was removed. */
  override clearMetrics (): ClearResult {
    const { journaledTradeEvents, ...cleared } = this.clear()
    return cleared
  }

  /**
   * `clearMetrics`, saying also how many journaled trade events the
   * subscribed stores removed. The stores are cleared first: if one cannot
   * be (it throws, e.g. a PersistenceError), memory is left as it was.
   */
  clear (): ClearReport {
    const journaledTradeEvents = this.subscribers.clear()
    const { trades, positions } = this.recorder.clear()
    this.marketRates.clear()
    return { ...this.clearMemory(), trades, positions, journaledTradeEvents }
  }
}
