import { CachedClock, systemClock } from '../collect/clock.ts'
import type { Clock } from '../collect/clock.ts'
import { SystemSampler } from '../collect/system-sampler.ts'
import type { SystemSamplerOptions } from '../collect/system-sampler.ts'
import { isSystemSeriesName, recordSystemSample } from '../collect/system-series.ts'
import { HealthEngine } from '../health/health-engine.ts'
import type { HealthEngineOptions } from '../health/health-engine.ts'
import { registerLedgerValues } from '../health/ledger-values.ts'
import type { AlertListener } from '../health/alert.ts'
import type { RemediationAction } from '../health/remediation.ts'
import type { SystemSample } from '../collect/system-sample.ts'
import { AnnotationStore } from '../core/annotations.ts'
import { InvalidArgumentError, InvalidLabelError, InvalidValueError, MetricsError, UnknownMetricError } from '../core/errors.ts'
import type { Labels, TagsInput } from '../core/label-set.ts'
import { catalogDefinition, KNOWN_METRIC_NAMES } from '../core/metric-catalog.ts'
import type { MetricDefinition } from '../core/metric-kind.ts'
import type { PointSet, Selection } from '../core/point-set.ts'
import { readMerged } from '../core/point-set.ts'
import { SeriesStore } from '../core/store.ts'
import type { StoreOptions } from '../core/store.ts'
import { NO_DATA, summarize } from '../core/statistics.ts'
import type { StatisticsResult } from '../core/statistics.ts'
import type { TradeEvent } from '../trading/trade-event.ts'
import { TradeLedger } from '../trading/trade-ledger.ts'
import type { TradingOptions } from '../trading/trading-options.ts'
import { computeTradingStatistics } from '../trading/trading-statistics.ts'
import type { StatisticsQuery, TradingStatistics } from '../trading/trading-statistics.ts'
import { computeBreakdown } from '../trading/period-breakdown.ts'
import { withAccountFigures } from './account-figures.ts'
import { computeGroupBreakdown } from '../trading/breakdown.ts'
import type { GroupBreakdown, GroupBreakdownQuery } from '../trading/breakdown.ts'
import type { AccountFigures } from './account-figures.ts'
import type { BreakdownQuery, PeriodBreakdown } from '../trading/period-breakdown.ts'
import { listTrades } from '../trading/trade-list.ts'
import type { TradeListQuery, TradePage } from '../trading/trade-list.ts'
import { BoundSeries } from './bound-series.ts'
import { recordExitPnl } from './trade-points.ts'
import { FILL_SLIPPAGE_METRIC, recordFillPoints } from './fill-points.ts'
import type { TradeEventOptions } from './trade-event-options.ts'
import type { ExecutionQuery, ExecutionReport } from '../trading/execution-book.ts'
import { tradeContextOf } from './trade-options.ts'
import { EquityRecorder } from './equity-points.ts'
import { MarkToMarket } from '../trading/mark-to-market.ts'
import { rollingSharpeRecorder } from './rolling-sharpe-recorder.ts'
import { MessageRate } from './market-data.ts'
import type { MarketDataOptions } from './market-data.ts'

/** Options of a MetricsLogger; every one has a default. */
export interface MetricsLoggerOptions extends Partial<StoreOptions> {
  /**
   * Throw the typed error at the caller instead of dropping a bad point.
   * For tests and development; a running bot wants the default, false.
   */
  strict?: boolean
  /**
   * Receives a dropped point's error, once per metric name and error code.
   * Default: a process warning.
   */
  onError?: (error: MetricsError) => void
  /** `cached` (default, see collect/clock.ts), `system` (Date.now() per point) or your own. */
  clock?: 'cached' | 'system' | Clock
  /** System sampler settings, or false for none. Default: every 5 s. */
  sampler?: false | SystemSamplerOptions
  /** Trade ledger settings: starting balance, annualisation, break-even tolerance (docs/TRADING_METRICS.md). */
  trading?: Partial<TradingOptions>
  /**
   * Health rules evaluated over this logger's metrics and samples
   * (docs/HEALTH.md), or false for none. Default: the built-in rules every
   * 5 s. A `HealthConfig` (from `healthConfigFrom`) fits here as it is.
   */
  health?: false | LoggerHealthOptions
}

/** Health settings of a logger: the engine's options without what the logger supplies. */
export type LoggerHealthOptions = Omit<HealthEngineOptions, 'store' | 'system' | 'clock'> & {
  /** False: no health engine, as `health: false`. */
  enabled?: boolean
}

/** A point as the JSON API returns it. */
export interface PointJson {
  timestamp: number
  value: number
}

/** One series with its labels and points, as `getAllMetrics` returns it. */
export interface SeriesJson {
  labels: Labels
  points: PointJson[]
}

/** What `clearMetrics` removed. */
export interface ClearResult {
  metrics: number
  series: number
  points: number
  samples: number
  /** Closed trade records. */
  trades: number
  /** Open positions. */
  positions: number
}

const COMPONENT = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/**
 * Records a trading bot's metrics and answers questions about them.
 *
 * @example
 * const logger = new MetricsLogger()
 * logger.logEngineCycle(0.012, 'scanning', 2, 1, 0)   // cycle time in seconds
 * const done = logger.startTimer('order_execution')
 * await placeOrder()
 * done()                                               // records latency_order_execution
 * logger.getMetricsSummary('engine_cycle_time', 100)   // { count, mean, p99, ... }
 */
export class MetricsLogger {
  readonly store: SeriesStore
  readonly sampler: SystemSampler | null
  /** Positions and closed trades built from the trade events (see logTradeEvent). */
  readonly trades: TradeLedger
  /** The open positions marked at the last price of their symbol (see logPrice). */
  readonly marks: MarkToMarket
  /** Deployment markers and other events on the time axis; `clearMetrics` keeps them. */
  readonly annotations = new AnnotationStore()
  /** The health engine (rules, alerts, remediation), or null with `health: false`. */
  readonly health: HealthEngine | null
  private strictMode: boolean
  private readonly clock: Clock
  private readonly ownsClock: CachedClock | null
  private readonly onError: (error: MetricsError) => void
  private readonly reported = new Set<string>()
  private readonly tradeListeners: Array<(event: TradeEvent) => void> = []
  private readonly equity: EquityRecorder
  private readonly marketRates = new MessageRate()
  private dropped = 0
  private closed = false

  constructor (options: MetricsLoggerOptions = {}) {
    this.store = new SeriesStore({
      capacity: options.capacity,
      maxLabelSetsPerMetric: options.maxLabelSetsPerMetric,
      maxSeries: options.maxSeries
    }, catalogDefinition)
    this.trades = new TradeLedger(options.trading)
    this.marks = new MarkToMarket(this.trades)
    this.equity = new EquityRecorder(this.store, this.marks)
    this.tradeListeners.push(rollingSharpeRecorder(this.trades, this.store))
    this.strictMode = options.strict ?? false
    this.onError = options.onError ?? ((error) => { process.emitWarning(error.message, { code: error.code }) })
    if (options.clock === 'system') {
      this.clock = systemClock
      this.ownsClock = null
    } else if (options.clock === undefined || options.clock === 'cached') {
      this.ownsClock = new CachedClock()
      this.ownsClock.start()
      this.clock = this.ownsClock
    } else {
      this.clock = options.clock
      this.ownsClock = null
    }
    if (options.sampler === false) {
      this.sampler = null
    } else {
      // Samples are stamped on the logger's clock, as its points: windows of both agree.
      this.sampler = new SystemSampler({ clock: this.clock, ...options.sampler })
      // Adaptive sampling follows the event loop's lag, measured once per system sample.
      this.sampler.onSample((sample) => { this.store.reportEventLoopLag(sample.event_loop_lag_p99_ms) })
      // Each field is also a `system_<field>` series: the analysis routes take it like any metric.
      this.sampler.onSample((sample) => { recordSystemSample(this.store, sample) })
      this.sampler.start()
    }
    const health = options.health ?? {}
    if (health === false || health.enabled === false) {
      this.health = null
    } else {
      this.health = new HealthEngine({ ...health, store: this.store, system: this.sampler, clock: this.clock })
      // drawdown_pct and daily_pnl, from the ledger: the drawdown and daily_loss rules read them.
      registerLedgerValues(this.health, this.trades)
      this.health.start()
    }
  }

  /**
   * Calls `listener` with every alert change of the health rules (firing,
   * escalated, deescalated, resolved); returns the function that stops it.
   *
   * @example logger.onAlert((e) => { if (e.severity === 'critical') page(e.message) })
   * @throws {InvalidArgumentError} when the logger was made with `health: false`.
   */
  onAlert (listener: AlertListener): () => void {
    return this.requireHealth().onAlert(listener)
  }

  /**
   * Registers a remediation action that health rules name in `actions`
   * (e.g. `pause_entries`); returns the function that removes it.
   *
   * @example logger.onRemediate('pause_entries', ({ check }) => { bot.pauseEntries(check); return 'entries paused' })
   * @throws {InvalidArgumentError} on a bad name, or when the logger was made with `health: false`.
   */
  onRemediate (name: string, action: RemediationAction): () => void {
    return this.requireHealth().onRemediate(name, action)
  }

  private requireHealth (): HealthEngine {
    if (this.health === null) throw new InvalidArgumentError('health', 'this logger has no health engine (it was made with health: false)')
    return this.health
  }

  /** True when bad points throw instead of being dropped. */
  get strict (): boolean {
    return this.strictMode
  }

  /**
   * Runs `fn` with bad points throwing their typed error, whatever the
   * logger's mode: batch ingest uses it to report each bad item to its sender.
   */
  strictly<T> (fn: () => T): T {
    const previous = this.strictMode
    this.strictMode = true
    try {
      return fn()
    } finally {
      this.strictMode = previous
    }
  }

  /** Points dropped as invalid since creation. */
  get droppedPoints (): number {
    return this.dropped
  }

  /** Points folded into overflow series because a label limit was reached. */
  get foldedPoints (): number {
    let n = 0
    for (const f of this.store.allFamilies()) n += f.foldedPoints
    return n
  }

  /** Current time on the logger's clock, epoch ms. */
  now (): number {
    return this.clock.now()
  }

  /**
   * Declares a metric's kind, help and unit before its first point
   * (Prometheus exposition uses them). Throws on a bad name.
   */
  defineMetric (name: string, definition: MetricDefinition): void {
    this.store.define(name, definition)
  }

  /**
   * A bound handle for a hot path. Throws at once on a bad name or labels,
   * so mistakes show at setup, not as silently dropped points.
   */
  series (name: string, tags?: TagsInput): BoundSeries {
    return new BoundSeries(this.store.series(name, tags), this.clock, this.dropReporter)
  }

  /** Records `value` under `name` with optional tags. Bad points are dropped and reported. */
  logMetric (name: string, value: number, tags?: TagsInput, timestampMs?: number): void {
    if (typeof value !== 'number' || value - value !== 0) {
      this.drop(name, new InvalidValueError(name, value))
      return
    }
    let time: number
    if (timestampMs === undefined) {
      time = this.clock.now()
    } else if (typeof timestampMs === 'number' && timestampMs - timestampMs === 0) {
      time = timestampMs
    } else {
      this.drop(name, new InvalidValueError(name, timestampMs, 'timestamp'))
      return
    }
    let target
    try {
      target = this.store.series(name, tags)
    } catch (error) {
      this.drop(name, error)
      return
    }
    target.record(value, time)
  }

  /**
   * Records a trade event: applies it to the trade ledger (`trades`), then
   * records `trade_<eventType>` with `symbol` and `side` labels (value: for
   * an exit, the P&L the ledger realized, reported or computed; else the P&L
   * carried, or 0), and for an exit a `trade_pnl` point of the same value;
   * then passes it to trade listeners. An event the ledger
   * rejects (no open position, bad side, ...) or cannot journal is dropped
   * like any bad point: counted, reported once, recorded nowhere.
   */
  logTradeEvent (eventType: string, symbol: string, side: string, quantity: number, price: number,
    pnl?: number | null, metadata?: Readonly<Record<string, unknown>> | null,
    extra?: TradeEventOptions): void {
    const name = 'trade_' + eventType
    if (!COMPONENT.test(String(eventType))) {
      this.drop(name, new InvalidLabelError('event_type', 'must match [a-zA-Z_][a-zA-Z0-9_]*'))
      return
    }
    for (const [what, v] of [['quantity', quantity], ['price', price], ['pnl', pnl ?? 0], ['fees', extra?.fees ?? 0]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        this.drop(name, new InvalidValueError(name, v, what))
        return
      }
    }
    if (quantity < 0 || price < 0) {
      this.drop(name, new InvalidValueError(name, quantity < 0 ? quantity : price, quantity < 0 ? 'quantity (negative)' : 'price (negative)'))
      return
    }
    const timestamp = extra?.timestampMs ?? this.clock.now()
    let target
    try {
      target = this.store.series(name, { symbol, side })
    } catch (error) {
      this.drop(name, error)
      return
    }
    // Metadata cut to the kept keys here already, so that listeners see what the ledger keeps.
    const event: TradeEvent = this.trades.admit({
      event: eventType,
      symbol,
      side,
      quantity,
      price,
      pnl: pnl ?? null,
      fees: extra?.fees ?? null,
      trade_id: extra?.tradeId ?? null,
      timestamp,
      metadata: metadata ?? null,
      decision_price: extra?.decisionPrice ?? null,
      order_type: extra?.orderType ?? null,
      liquidity: extra?.liquidity ?? null,
      requested_at: extra?.requestedAtMs ?? null,
      exchange: extra?.exchange ?? null,
      stop_price: extra?.stopPrice ?? null,
      ...tradeContextOf(extra)
    })
    let applied
    try {
      // May throw: a journal that cannot store the event (PersistenceError).
      applied = this.trades.apply(event)
    } catch (error) {
      this.drop(name, error)
      return
    }
    if (applied.status === 'rejected') {
      this.drop(name, applied.error)
      return
    }
    target.record(recordExitPnl(this.store, applied) ?? pnl ?? 0, timestamp)
    try {
      recordFillPoints(this.store, applied, event)
    } catch (error) {
      // A label the store refuses (series limits): the trade stands, the histogram point is dropped.
      this.drop(FILL_SLIPPAGE_METRIC, error)
    }
    // A trade's price is a price of its symbol; the account is recorded on every trade event.
    this.marks.price(symbol, price, timestamp)
    this.equity.record(timestamp, true)
    for (const listener of this.tradeListeners) listener(event)
  }

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
    const at = timestampMs ?? this.clock.now()
    // A price moves the open positions' excursions (MAE/MFE) and their marks.
    this.trades.observePrice(symbol, price)
    this.marks.price(symbol, price, at)
    this.equity.record(at, false)
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

  /**
   * Records a component latency in seconds as `latency_<component>`, e.g.
   * `order_execution` (signal to order confirmation), `market_data` (receipt to processing).
   */
  logLatency (component: string, seconds: number, tags?: TagsInput): void {
    if (!COMPONENT.test(String(component))) {
      this.drop('latency_' + String(component), new InvalidLabelError('component', 'must match [a-zA-Z_][a-zA-Z0-9_]*'))
      return
    }
    this.logMetric('latency_' + component, seconds, tags)
  }

  /**
   * Starts timing `component`; the returned function records the elapsed
   * seconds (once) and returns them.
   */
  startTimer (component: string, tags?: TagsInput): () => number {
    const start = performance.now()
    let done = -1
    return () => {
      if (done < 0) {
        done = (performance.now() - start) / 1000
        this.logLatency(component, done, tags)
      }
      return done
    }
  }

  /** Listens to every valid trade event; returns a function that unsubscribes. */
  onTrade (listener: (event: TradeEvent) => void): () => void {
    this.tradeListeners.push(listener)
    return () => {
      const i = this.tradeListeners.indexOf(listener)
      if (i >= 0) this.tradeListeners.splice(i, 1)
    }
  }

  /** True when `name` has been recorded or is one of the product's own names. */
  isKnownMetric (name: string): boolean {
    return this.store.has(name) || KNOWN_METRIC_NAMES.includes(name) || isSystemSeriesName(name)
  }

  /**
   * Points of `name` in the selection, merged over its series in time order.
   * Throws UnknownMetricError for a name never recorded and not in the catalog.
   */
  query (name: string, selection: Selection = {}): PointSet {
    const family = this.store.family(name)
    if (family === undefined) {
      if (KNOWN_METRIC_NAMES.includes(name) || isSystemSeriesName(name)) return readMerged([], selection)
      throw new UnknownMetricError(name)
    }
    return readMerged(family.matching(selection.labels), selection)
  }

  /**
   * Statistics over the last `lastN` points of `name` (default 100), or over
   * a selection. Says `no_data` when there are no points.
   */
  getMetricsSummary (name: string, lastN = 100, selection: Selection = {}): StatisticsResult {
    if (!Number.isInteger(lastN) || lastN < 1) throw new InvalidArgumentError('lastN', `must be a positive integer, got ${String(lastN)}`)
    // A sampled metric's summary is weighted and says it is sampled.
    if (this.store.family(name)?.sampling != null) return this.store.statistics(name, { ...selection, lastN })
    const points = this.query(name, { ...selection, lastN })
    return points.values.length === 0 ? NO_DATA : summarize(points.timesMs, points.values)
  }

  /** The latest system sample, or null before the first one (or with no sampler). */
  getPerformanceSummary (): SystemSample | null {
    return this.sampler?.latest() ?? null
  }

  /** Every series with its labels and last `lastN` points, by metric name. */
  getAllMetrics (lastN = 100): Record<string, SeriesJson[]> {
    const out: Record<string, SeriesJson[]> = {}
    for (const family of this.store.allFamilies()) {
      out[family.name] = family.series.map((s) => {
        const points = readMerged([s], { lastN })
        const list: PointJson[] = new Array(points.values.length)
        for (let i = 0; i < list.length; i++) list[i] = { timestamp: points.timesMs[i], value: points.values[i] }
        return { labels: s.labels, points: list }
      })
    }
    return out
  }

  /** Removes every point, series, system sample, position and trade; returns how much was removed. */
  clearMetrics (): ClearResult {
    const cleared = this.store.clear()
    const samples = this.sampler?.clear() ?? 0
    const { trades, positions } = this.trades.clear()
    this.marks.clear()
    this.equity.reset()
    this.reported.clear()
    this.marketRates.clear()
    return { ...cleared, samples, trades, positions }
  }

  /** Stops the sampler, the health engine and the clock's timer. Recording still works after close. */
  close (): void {
    if (this.closed) return
    this.closed = true
    this.health?.close()
    this.sampler?.stop()
    this.ownsClock?.stop()
  }

  private readonly dropReporter = (name: string, value: unknown, what: 'value' | 'timestamp'): void => {
    this.drop(name, new InvalidValueError(name, value, what))
  }

  /** Counts a dropped point, reports it once per (metric, code), or throws when strict. */
  private drop (name: string, error: unknown): void {
    const typed = error instanceof MetricsError ? error : new MetricsError('BM_ERR_INTERNAL', String(error))
    if (this.strictMode) throw typed
    this.dropped++
    const key = name + '\u0000' + typed.code
    // Bounded: hostile names must not grow this set without end.
    if (this.reported.has(key) || this.reported.size >= 10_000) return
    this.reported.add(key)
    try {
      this.onError(typed)
    } catch {
      // A failing error hook must not reach the bot's record path.
    }
  }
}
