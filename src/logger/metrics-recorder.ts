import type { CachedClock, Clock } from '../collect/clock.ts'
import type { SystemSampler } from '../collect/system-sampler.ts'
import type { SystemSample } from '../collect/system-sample.ts'
import type { HealthEngine } from '../health/health-engine.ts'
import type { AlertListener } from '../health/alert.ts'
import type { RemediationAction } from '../health/remediation.ts'
import { AnnotationStore } from '../core/annotations.ts'
import { InvalidLabelError, InvalidValueError, MetricsError } from '../core/errors.ts'
import type { TagsInput } from '../core/label-set.ts'
import { catalogDefinition } from '../core/metric-catalog.ts'
import type { MetricDefinition } from '../core/metric-kind.ts'
import type { PointSet, Selection } from '../core/point-set.ts'
import { SeriesStore } from '../core/store.ts'
import type { StatisticsResult } from '../core/statistics.ts'
import { BoundSeries } from './bound-series.ts'
import { LoggerSubscribers } from './logger-subscribers.ts'
import type { LoggerSubscriber } from './logger-subscribers.ts'
import type { MetricsRecorderOptions, RecorderClearResult, SeriesJson } from './recorder-options.ts'
import { allSeries, isKnown, queryPoints, summaryOf } from './recorder-queries.ts'
import { makeClock, makeHealth, makeSampler, requireHealth } from './recorder-setup.ts'

const COMPONENT = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/**
 * The general logger: named series of points with labels, latencies, the
 * system sampler, the health engine and annotations, and the queries over
 * them. `MetricsLogger` adds the trading bot's calls on top of it.
 *
 * @example
 * const recorder = new MetricsRecorder({ sampler: false })
 * recorder.logMetric('queue_depth', 3, { venue: 'binance' })
 * recorder.getMetricsSummary('queue_depth')   // { count: 1, mean: 3, ... }
 */
export class MetricsRecorder {
  readonly store: SeriesStore
  readonly sampler: SystemSampler | null
  /** Deployment markers and other events on the time axis; `clearMetrics` keeps them. */
  readonly annotations = new AnnotationStore()
  /** The health engine (rules, alerts, remediation), or null with `health: false`. */
  readonly health: HealthEngine | null
  protected readonly clock: Clock
  protected readonly subscribers = new LoggerSubscribers()
  private strictMode: boolean
  private readonly ownsClock: CachedClock | null
  private readonly onError: (error: MetricsError) => void
  private readonly reported = new Set<string>()
  private dropped = 0
  private closed = false

  constructor (options: MetricsRecorderOptions = {}) {
    this.store = new SeriesStore({
      capacity: options.capacity,
      maxLabelSetsPerMetric: options.maxLabelSetsPerMetric,
      maxSeries: options.maxSeries
    }, catalogDefinition)
    this.strictMode = options.strict ?? false
    this.onError = options.onError ?? ((error) => { process.emitWarning(error.message, { code: error.code }) })
    const { clock, owned } = makeClock(options.clock)
    this.clock = clock
    this.ownsClock = owned
    this.sampler = makeSampler(this.store, clock, options.sampler)
    this.health = makeHealth(this.store, this.sampler, clock, options.health)
  }

  /**
   * Subscribes a store to the logger's changes (trades, annotations,
   * clears, batches), each before it is made; see LoggerSubscriber.
   * Returns the function that unsubscribes it.
   *
   * @example const off = logger.subscribe({ annotation: (change) => { journal.write(change) } })
   */
  subscribe (subscriber: LoggerSubscriber): () => void {
    const off = this.subscribers.add(subscriber)
    this.wireSubscribers()
    return () => {
      off()
      this.wireSubscribers()
    }
  }

  /** Hooks the stores the logger owns to its subscribers, only while one listens. */
  protected wireSubscribers (): void {
    this.annotations.beforeChange = this.subscribers.has('annotation') ? this.subscribers.annotation : null
  }

  /**
   * Runs `fn` as one unit of every subscribed store (one database
   * transaction for a batch of events, not one commit per trade): if the
   * unit cannot be stored it is undone and the store's error is thrown.
   * Without subscribers it simply runs `fn`.
   */
  batch<T> (fn: () => T): T {
    return this.subscribers.batch(fn)
  }

  /**
   * Calls `listener` with every alert change of the health rules (firing,
   * escalated, deescalated, resolved); returns the function that stops it.
   *
   * @example logger.onAlert((e) => { if (e.severity === 'critical') page(e.message) })
   * @throws {InvalidArgumentError} when the logger was made with `health: false`.
   */
  onAlert (listener: AlertListener): () => void {
    return requireHealth(this.health).onAlert(listener)
  }

  /**
   * Registers a remediation action that health rules name in `actions`
   * (e.g. `pause_entries`); returns the function that removes it.
   *
   * @example logger.onRemediate('pause_entries', ({ check }) => { bot.pauseEntries(check); return 'entries paused' })
   * @throws {InvalidArgumentError} on a bad name, or when the logger was made with `health: false`.
   */
  onRemediate (name: string, action: RemediationAction): () => void {
    return requireHealth(this.health).onRemediate(name, action)
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
  get droppedPoints (): number { return this.dropped }

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

  /** True when `name` has been recorded or is one of the product's own names. */
  isKnownMetric (name: string): boolean {
    return isKnown(this.store, name)
  }

  /**
   * Points of `name` in the selection, merged over its series in time order.
   * Throws UnknownMetricError for a name never recorded and not in the catalog.
   */
  query (name: string, selection: Selection = {}): PointSet {
    return queryPoints(this.store, name, selection)
  }

  /**
   * Statistics over the last `lastN` points of `name` (default 100), or over
   * a selection. Says `no_data` when there are no points.
   */
  getMetricsSummary (name: string, lastN = 100, selection: Selection = {}): StatisticsResult {
    return summaryOf(this.store, name, lastN, selection)
  }

  /** The latest system sample, or null before the first one (or with no sampler). */
  getPerformanceSummary (): SystemSample | null {
    return this.sampler?.latest() ?? null
  }

  /** Every series with its labels and last `lastN` points, by metric name. */
  getAllMetrics (lastN = 100): Record<string, SeriesJson[]> {
    return allSeries(this.store, lastN)
  }

  /**
   * Removes every point, series and system sample; returns how much. The
   * subscribed stores are cleared first: if one cannot be (it throws, e.g.
   * a PersistenceError), memory is left as it was.
   */
  clearMetrics (): RecorderClearResult {
    this.subscribers.clear()
    return this.clearMemory()
  }

  /** Clears memory only; the subscribers have been cleared. */
  protected clearMemory (): RecorderClearResult {
    const cleared = this.store.clear()
    const samples = this.sampler?.clear() ?? 0
    this.reported.clear()
    return { ...cleared, samples }
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
  protected drop (name: string, error: unknown): void {
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
