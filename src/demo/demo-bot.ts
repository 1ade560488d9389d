import { InvalidArgumentError } from '../index.ts'
import type { Clock, MetricsLogger } from '../index.ts'
import { DEFAULT_STRATEGY, partialQuantity, planEntry } from './breakout-strategy.ts'
import { filterParamsFor, historyTicksFor, resolveDemoOptions } from './demo-options.ts'
import type { DemoBotOptions, ResolvedDemoOptions } from './demo-options.ts'
import { EngineState, engineStateFor } from './engine-state.ts'
import type { DemoBotStatus, StepResult } from './demo-status.ts'
import { evaluateSymbol, tallyScan } from './filters.ts'
import type { FilterParams } from './filters.ts'
import { reportMarketData } from './market-feed.ts'
import { warmUpMarket } from './market-warm-up.ts'
import { exitAction, PaperBook } from './paper-book.ts'
import type { ExitReason, Position } from './paper-book.ts'
import { sideSign } from './pnl.ts'
import { PriceModel } from './price-model.ts'
import { Random } from './prng.ts'
import { DemoScenario, REVERSAL_SECONDS } from './scenario.ts'
import { DEMO_SYMBOLS } from './symbols.ts'
import { TaskSchedule } from './task-schedule.ts'
import { backfillIntoEmptyLedger } from './trade-backfill.ts'
import { engineCycleSeconds, marketDataSeconds, orderExecutionSeconds, scanSeconds } from './timing-model.ts'
import { entryTagOf, exitOrderType, fillDetails, fillPrice, strategyOf } from './trade-fields.ts'

interface Signal {
  readonly symbol: string
  readonly direction: 1 | -1
  readonly level: number
  readonly volatility: number
  readonly expiresAtMs: number
}

/**
 * A simulated breakout trading bot that drives every metric of a
 * MetricsLogger through its public methods: synthetic prices for up to 20
 * symbols, a scanner with named filters, an engine cycling through its
 * states, paper trades with P&L and fees, risk figures and latencies.
 *
 * `step(nowMs)` runs every task due up to `nowMs` in time order and is
 * deterministic for a seed; `start()` calls it from a timer.
 *
 * @example
 * const bot = new DemoBot(logger, { seed: 7 })
 * bot.start()          // first scan and engine cycle at once
 * bot.pauseEntries('daily loss limit')
 * bot.stop()           // clears the timer
 */
export class DemoBot {
  readonly options: ResolvedDemoOptions
  private readonly logger: MetricsLogger
  private readonly clock: Clock
  private readonly market: PriceModel
  private readonly book: PaperBook
  private readonly filters: Readonly<FilterParams>
  private readonly timingRng: Random
  private readonly tradeRng: Random
  private readonly backfillRng: Random
  private readonly signals = new Map<string, Signal>()
  /** Symbols whose breakout is failing (scenario `drawdown`): their forced reversal holds until the position is closed. */
  private readonly reversing = new Set<string>()
  /** Market ticks since the last scan: the feed messages the next scan reports. */
  private ticksSinceScan = 0
  private timer: NodeJS.Timeout | null = null
  private readonly schedule: TaskSchedule
  private now = Number.NaN
  /** Prefix of trade ids: the first step's time, so that ids stay unique across restarts of the demo. */
  private idPrefix = 'demo-'
  private paused = false
  private pauseReason: string | null = null
  private opened = 0
  private closed = 0
  private state: EngineState = EngineState.scanning
  private lastScan: { atMs: number, candidates: string[] } | null = null

  constructor (logger: MetricsLogger, options: DemoBotOptions = {}) {
    this.options = resolveDemoOptions(options)
    this.schedule = new TaskSchedule(this.options)
    this.logger = logger
    this.clock = options.clock ?? { now: () => logger.now() }
    const root = new Random(this.options.seed)
    this.timingRng = root.fork(1)
    this.tradeRng = root.fork(2)
    this.backfillRng = root.fork(5)
    this.filters = filterParamsFor(this.options.tickIntervalMs)
    const historyTicks = historyTicksFor(this.filters)
    this.market = new PriceModel(DEMO_SYMBOLS.slice(0, this.options.symbols), root.fork(3), { historyTicks })
    this.book = new PaperBook(this.options.startingBalance, this.options.feeRate)
    warmUpMarket(this.market, root.fork(4), historyTicks, this.options.tickIntervalMs / 1000, this.filters.recentTicks)
  }

  /** Time of the task being run or last run, epoch ms (NaN before the first step). */
  get timeMs (): number {
    return this.now
  }

  get running (): boolean {
    return this.timer !== null
  }

  get entriesPaused (): boolean {
    return this.paused
  }

  /** Runs the first scan and engine cycle now, then steps every tick period until `stop()`. */
  start (): void {
    if (this.timer !== null) return
    this.step(this.clock.now())
    this.timer = setInterval(() => { this.step(this.clock.now()) }, this.options.tickIntervalMs)
  }

  /** Clears the timer; the bot keeps its state and can be started again. */
  stop (): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }

  /** Stops opening positions (open ones are still managed and closed) until `resumeEntries()`. */
  pauseEntries (reason: string): void {
    this.paused = true
    this.pauseReason = String(reason)
  }

  resumeEntries (): void {
    this.paused = false
    this.pauseReason = null
  }

  /**
   * Runs every tick, scan and engine cycle due at or before `nowMs` (epoch ms)
   * in time order; at equal times a tick runs before a scan, a scan before a
   * cycle. The first call runs a scan and a cycle at `nowMs` on the warmed-up
   * market, and the first tick one tick period later. A time before the last
   * step does nothing.
   */
  step (nowMs: number): StepResult {
    if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
      throw new InvalidArgumentError('nowMs', `must be a finite number of epoch ms, got ${String(nowMs)}`)
    }
    const done: StepResult = { ticks: 0, scans: 0, cycles: 0 }
    if (Number.isNaN(this.now)) {
      this.idPrefix = 'demo-' + Math.floor(nowMs).toString(36) + '-'
      // The past is normal trading, whatever the scenario: a losing streak starts now.
      const target = { logger: this.logger, book: this.book, symbols: this.market.symbols.map((m) => m.spec), strategy: DEFAULT_STRATEGY, idPrefix: this.idPrefix + 'h' }
      backfillIntoEmptyLedger(target, this.backfillRng, nowMs, this.options.backfillDays)
      // The warm-up's last tick is the market at `nowMs`: the first scan sees it as primed.
      this.schedule.begin(nowMs)
    } else if (nowMs < this.now) {
      return done
    }
    this.schedule.catchUp(nowMs)
    for (let due = this.schedule.nextDue(nowMs); due !== null; due = this.schedule.nextDue(nowMs)) {
      this.now = due.atMs
      if (due.task === 'tick') {
        this.tick(due.atMs)
        done.ticks++
      } else if (due.task === 'scan') {
        this.scan(due.atMs)
        done.scans++
      } else {
        this.cycle(due.atMs)
        done.cycles++
      }
    }
    this.now = Math.max(this.now, nowMs)
    return done
  }

  /** A snapshot of the bot's state. */
  get status (): DemoBotStatus {
    const hasTime = !Number.isNaN(this.now)
    const value = this.book.value((s) => this.market.price(s))
    return {
      running: this.running,
      entriesPaused: this.paused,
      pauseReason: this.pauseReason,
      timeMs: hasTime ? this.now : null,
      engineState: this.state,
      balance: this.book.balance,
      equity: value.equity,
      realizedPnl: this.book.realizedPnl,
      dailyPnl: hasTime ? this.book.dailyPnl(this.now) : 0,
      tradesOpened: this.opened,
      tradesClosed: this.closed,
      pendingSignals: this.signals.size,
      openPositions: this.book.open.map((p) => ({
        id: p.id, symbol: p.symbol, side: p.side, quantity: p.remaining, entryPrice: p.entryPrice, openedAtMs: p.openedAtMs
      })),
      lastScan: this.lastScan === null ? null : { atMs: this.lastScan.atMs, candidates: [...this.lastScan.candidates] }
    }
  }

  private tick (atMs: number): void {
    this.market.tick(this.options.tickIntervalMs / 1000, this.reversing)
    this.ticksSinceScan++
    this.logger.logLatency('market_data', marketDataSeconds(this.timingRng))
    // The market's prices reach the logger, which marks the open positions to them.
    for (const m of this.market.symbols) this.logger.logPrice(m.spec.symbol, this.market.price(m.spec.symbol), atMs)
  }

  private scan (atMs: number): void {
    const scans = this.market.symbols.map((m) => evaluateSymbol(m.spec.symbol, m.priceWindow(), m.volumeWindow(), this.filters))
    const result = tallyScan(scans)
    this.logger.logScannerMetrics(scans.length, result.candidates.length, scanSeconds(this.timingRng, scans.length), result.counts)
    reportMarketData(this.logger, this.market.symbols, scans, this.ticksSinceScan)
    this.ticksSinceScan = 0
    const expiresAtMs = atMs + Math.max(this.options.scanIntervalMs, 2 * this.options.engineIntervalMs)
    for (const c of result.candidates) {
      if (c.direction === 0) continue
      this.signals.set(c.symbol, { symbol: c.symbol, direction: c.direction, level: c.level, volatility: c.volatility, expiresAtMs })
    }
    this.lastScan = { atMs, candidates: result.candidates.map((c) => c.symbol) }
  }

  private cycle (atMs: number): void {
    let exits = 0
    for (const p of this.book.open) {
      const action = exitAction(p, this.market.price(p.symbol), atMs)
      if (action === null) continue
      const quantity = action.kind === 'reduce' ? partialQuantity(p.remaining, p.entryPrice) : p.remaining
      if (quantity > 0) {
        this.exit(p, quantity, action.reason, atMs)
        exits++
      } else if (action.kind === 'reduce') {
        // Too small to split: the partial level is passed without an order.
        p.reduced = true
      }
    }
    for (const [symbol, signal] of this.signals) {
      if (atMs > signal.expiresAtMs || this.book.hasSymbol(symbol)) this.signals.delete(symbol)
    }
    const signalsSeen = this.signals.size
    const entries = this.enter(atMs)
    const orders = entries + exits
    const positions = this.book.openCount
    this.state = engineStateFor({ entries, exits, openPositions: positions, waitingSignals: this.signals.size })
    this.logger.logEngineCycle(engineCycleSeconds(this.timingRng, orders), this.state, positions, signalsSeen, orders)
    const value = this.book.value((s) => this.market.price(s))
    const equity = value.equity > 0 ? value.equity : Number.MIN_VALUE
    this.logger.logRiskMetrics(value.exposure / equity, this.options.strategy.maxExposure,
      value.largestPosition / equity, this.book.dailyPnl(atMs))
    // A spot account: what is not held in positions is free to open new ones.
    this.logger.logBalance('USDT', value.equity - value.exposure, value.equity)
  }

  /** Opens positions for live, confirmed signals; returns how many. */
  private enter (atMs: number): number {
    let entries = 0
    const limits = this.options.strategy
    for (const [symbol, signal] of this.signals) {
      if (this.paused || this.book.openCount >= limits.maxOpenPositions) continue
      const price = this.market.price(symbol)
      // Confirmed while the price is still beyond the range edge it broke.
      if ((price - signal.level) * signal.direction <= 0) continue
      const fill = fillPrice(price, signal.direction, this.tradeRng)
      const { equity, exposure } = this.book.value((s) => this.market.price(s))
      const id = this.idPrefix + String(this.opened + 1)
      const plan = planEntry(signal, fill, { equity, exposure }, this.opened, id, atMs, limits, this.tradeRng)
      if (plan === null) continue
      const latency = orderExecutionSeconds(this.timingRng)
      this.logger.logLatency('order_execution', latency)
      const fees = this.book.openPosition(plan, atMs)
      this.opened++
      this.signals.delete(symbol)
      entries++
      if (this.options.scenario === DemoScenario.drawdown) this.failBreakout(symbol, signal.direction, plan.stopPrice, fill)
      this.logger.logTradeEvent('opened', symbol, plan.side, plan.quantity, fill, null,
        // entry_tag is kept by default (TRADE_METADATA_KEYS); level, stop and take_profit only when listed.
        // The strategy is the trade's own field, with the context fields the breakdowns group by.
        { entry_tag: 'range_break', level: signal.level, stop: plan.stopPrice, take_profit: plan.takeProfitPrice },
        { fees, tradeId: id, timestampMs: atMs, ...fillDetails(price, 'market', atMs, latency), stopPrice: plan.stopPrice, strategy: strategyOf(signal.direction), entryTag: entryTagOf(price, signal.level, signal.direction) })
    }
    return entries
  }

  private exit (p: Position, quantity: number, reason: ExitReason, atMs: number): void {
    const latency = orderExecutionSeconds(this.timingRng)
    this.logger.logLatency('order_execution', latency)
    // The closing order trades against the position: a long sells, a short buys.
    const decision = this.market.price(p.symbol)
    const fill = fillPrice(decision, -sideSign(p.side) as 1 | -1, this.tradeRng)
    const result = this.book.closePart(p.id, quantity, fill, atMs)
    if (result.closed) this.closed++
    if (result.closed && this.reversing.delete(p.symbol)) this.market.forceCalm(this.market.market(p.symbol))
    this.logger.logTradeEvent(result.closed ? 'closed' : 'reduced', p.symbol, p.side, result.quantity, fill, result.pnl,
      { exit_reason: reason }, { fees: result.fees, tradeId: p.id, timestampMs: atMs, ...fillDetails(decision, exitOrderType(reason), atMs, latency), exitReason: reason })
  }

  /**
   * The breakout fails: the symbol's price drifts against the position
   * (`direction` is the breakout's) fast enough to reach the stop in about
   * REVERSAL_SECONDS, and keeps doing so until the position is closed.
   */
  private failBreakout (symbol: string, direction: 1 | -1, stopPrice: number, fill: number): void {
    const m = this.market.market(symbol)
    const stopDistance = Math.abs(Math.log(stopPrice / fill))
    this.market.forceTrend(m, direction === 1 ? -1 : 1, stopDistance / REVERSAL_SECONDS / m.spec.volScale)
    this.reversing.add(symbol)
  }
}
