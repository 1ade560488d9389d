import type { Clock } from '../collect/clock.ts'
import { botMetricCount } from '../collect/system-series.ts'
import { InvalidArgumentError } from '../core/errors.ts'
import type { PointRing } from '../core/ring-buffer.ts'
import type { SeriesStore } from '../core/store.ts'
import { RecentList } from './alert.ts'
import type { AlertEvent, AlertListener, HealthIssue } from './alert.ts'
import { buildReport } from './health-report.ts'
import type { HealthReport, RuleEntry } from './health-report.ts'
import { DEFAULT_RULES } from './default-rules.ts'
import { Remediator } from './remediation.ts'
import type { AuditEntry, RemediationAction } from './remediation.ts'
import { SEVERITY_RANK } from './rule.ts'
import type { HealthRule } from './rule.ts'
import { messageOf, roundValue, thresholdOf } from './rule-message.ts'
import { RuleState } from './rule-state.ts'
import type { Transition } from './rule-state.ts'
import { rulePrediction, severityOf, statisticOf } from './rule-value.ts'
import { SystemWindow } from './system-window.ts'
import type { SystemSource } from './system-window.ts'
import { probeLiveness, probeReadiness } from './probes.ts'
import type { HealthEngineOptions, ValueProvider } from './health-engine-options.ts'

export type { HealthEngineOptions, ValueProvider } from './health-engine-options.ts'
import type { ProbeResult } from './probes.ts'

/**
 * Evaluates health rules on a timer (unref'd) and on demand, keeps each
 * rule's alert state, tells listeners of changes and runs remediation
 * actions once per firing. An evaluation reads each rule's window by binary
 * search in the rings: its cost grows with the rules and the points inside
 * the windows of percentile rules, not with the points stored.
 *
 * @example
 * const engine = new HealthEngine({ store: logger.store, system: logger.sampler })
 * engine.onAlert((e) => console.log(e.change, e.check, e.severity))
 * engine.onRemediate('pause_entries', () => { bot.pauseEntries(); return 'entries paused' })
 * engine.start()
 * engine.evaluate().status // 'healthy' | 'warning' | 'critical'
 */
export class HealthEngine {
  readonly rules: readonly HealthRule[]
  readonly intervalMs: number
  private readonly store: SeriesStore
  private readonly system: SystemSource | null
  private readonly window: SystemWindow
  private readonly clock: Clock
  private readonly entries: RuleEntry[]
  private readonly listeners = new Set<AlertListener>()
  private readonly providers = new Map<string, ValueProvider>()
  private readonly history: RecentList<AlertEvent>
  private readonly audits: RecentList<AuditEntry>
  private readonly remediator: Remediator
  private readonly warnFn: (message: string) => void
  private readonly warned = new Set<string>()
  private readonly gates = new Map<string, boolean>()
  private readonly minCapacity: number
  private readonly unsubscribe: (() => void) | null
  private timer: NodeJS.Timeout | null = null
  private startedMs: number | null = null
  private last: HealthReport | null = null
  private readonly tick = (): void => { this.evaluate() }

  constructor (options: HealthEngineOptions) {
    const intervalMs = options.intervalMs ?? 5000
    if (!Number.isFinite(intervalMs) || intervalMs < 10) throw new InvalidArgumentError('intervalMs', `must be at least 10 ms, got ${intervalMs}`)
    this.intervalMs = intervalMs
    this.store = options.store
    this.system = options.system ?? null
    this.rules = Object.freeze([...(options.rules ?? DEFAULT_RULES)])
    this.clock = options.clock ?? { now: Date.now }
    this.entries = this.rules.filter((r) => r.enabled).map((rule) => ({ rule, state: new RuleState(), value: null, predictedBreachAt: undefined, predictionReason: null }))
    const historySize = options.historySize ?? 500
    this.history = new RecentList(historySize)
    this.audits = new RecentList(historySize)
    this.minCapacity = options.minCapacity ?? 1000
    this.warnFn = options.warn ?? ((message) => { process.emitWarning(message) })
    this.remediator = new Remediator({
      timeoutMs: options.actionTimeoutMs,
      now: () => this.clock.now(),
      audit: (entry) => {
        this.audits.add(entry)
        if (entry.outcome !== 'ok') this.warnOnce(`action:${entry.check}:${entry.action}:${entry.outcome}`, `remediation ${entry.action} for ${entry.check}: ${entry.outcome}: ${entry.detail ?? ''}`)
      }
    })
    this.remediator.register('shrink_retention', () => this.shrinkRetention())
    this.providers.set('metrics_count', () => botMetricCount(this.store))
    this.providers.set('series_count', () => this.store.size)
    this.window = new SystemWindow()
    if (this.system !== null) {
      for (const sample of this.system.history()) this.window.push(sample)
      this.unsubscribe = this.system.onSample((sample) => this.window.push(sample))
    } else {
      this.unsubscribe = null
    }
  }

  /**
   * Evaluates every `intervalMs` from now on (idempotent); the first timed
   * evaluation comes one interval later, so that listeners attached right
   * after start see every change. The timer never keeps the process alive.
   */
  start (): void {
    if (this.timer !== null) return
    this.startedMs = this.clock.now()
    this.timer = setInterval(this.tick, this.intervalMs)
    this.timer.unref()
  }

  /** Stops the timer (idempotent). On-demand evaluation still works. */
  stop (): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }

  /** Stops the timer and stops listening to the sampler. */
  close (): void {
    this.stop()
    this.unsubscribe?.()
  }

  get running (): boolean {
    return this.timer !== null
  }

  /**
   * Calls `listener` with every alert change (firing, escalated,
   * deescalated, resolved); returns the function that stops it. A listener
   * that throws is reported once and does not stop the others.
   */
  onAlert (listener: AlertListener): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  /** Registers a remediation action rules can name; returns the function that removes it. */
  onRemediate (name: string, action: RemediationAction): () => void {
    return this.remediator.register(name, action)
  }

  /** Registers a value provider `value` rules can read (e.g. `drawdown_pct`); returns the function that removes it. */
  registerValue (name: string, provider: ValueProvider): () => void {
    if (typeof provider !== 'function') throw new InvalidArgumentError('provider', `value provider ${name} must be a function`)
    this.providers.set(name, provider)
    return () => { if (this.providers.get(name) === provider) this.providers.delete(name) }
  }

  /** Marks a readiness gate (e.g. `persistence` restored); readiness needs every gate ready. */
  setReady (gate: string, ready: boolean): void {
    this.gates.set(gate, ready)
  }

  /**
   * Evaluates every enabled rule and returns the report. With `maxAgeMs`,
   * a report younger than that is returned as is: a dashboard polling
   * `/health` does not multiply evaluations.
   */
  evaluate (options: { maxAgeMs?: number } = {}): HealthReport {
    const nowMs = this.clock.now()
    if (this.last !== null && options.maxAgeMs !== undefined && nowMs - this.last.timestamp < options.maxAgeMs) return this.last
    for (const entry of this.entries) this.evaluateRule(entry, nowMs)
    this.last = buildReport(this.entries, nowMs, botMetricCount(this.store), this.system?.latest() ?? null)
    return this.last
  }

  /** The last report, evaluating first if there is none. */
  report (): HealthReport {
    return this.last ?? this.evaluate()
  }

  /** Firing rules and recent alert changes (newest first), for `GET /api/metrics/alerts`. */
  alerts (limit = this.history.capacity): { active: HealthIssue[], history: AlertEvent[] } {
    return { active: this.report().issues, history: this.history.list(limit) }
  }

  /** Recent remediation runs, newest first. */
  auditLog (limit = this.audits.capacity): AuditEntry[] {
    return this.audits.list(limit)
  }

  /** Liveness: the evaluation timer still runs (a stuck or dead timer fails it). */
  liveness (): ProbeResult {
    // Before the first evaluation, time counts from the start.
    const last = Math.max(this.last?.timestamp ?? -Infinity, this.startedMs ?? -Infinity)
    return probeLiveness(this.clock.now(), this.running, Number.isFinite(last) ? last : null, this.intervalMs)
  }

  /** Readiness: evaluated at least once, every gate ready, no readiness rule critical. */
  readiness (): ProbeResult {
    const critical = this.entries.filter((e) => e.rule.readiness && e.state.severity === 'critical').map((e) => e.rule.id)
    return probeReadiness(this.clock.now(), this.last !== null, this.gates, critical)
  }

  private evaluateRule (entry: RuleEntry, nowMs: number): void {
    const { rule, state } = entry
    let value: number | null = null
    let rings: PointRing[] | null = null
    try {
      if (rule.source === 'value') {
        value = this.provided(rule.metric, nowMs)
      } else {
        rings = this.ringsOf(rule)
        value = statisticOf(rings, rule, nowMs)
        if (value === null && rule.fallback !== null) value = this.provided(rule.fallback, nowMs)
      }
    } catch (error) {
      this.warnOnce(`rule:${rule.id}`, `health rule ${rule.id} could not be evaluated: ${String(error)}`)
    }
    entry.value = value
    if (rule.predict && rings !== null) {
      const threshold = (rule.critical ?? rule.warning)!
      const p = rulePrediction(rings, rule, threshold, nowMs)
      entry.predictedBreachAt = p.atMs
      entry.predictionReason = p.reason
    }
    const condition = value === null ? rule.noData : severityOf(rule, value)
    const transition = state.update(condition, rule.forMs, rule.keepFiringForMs, nowMs)
    if (transition !== null) this.emit(entry, transition, nowMs)
    if (!state.actionsRun && rule.actions.length > 0 && SEVERITY_RANK[state.severity] >= SEVERITY_RANK[rule.actionsOn]) {
      state.actionsRun = true
      // Runs in the background: evaluation never waits for an action. run() never rejects.
      this.remediator.run(rule.actions, { check: rule.id, severity: state.severity, value, threshold: thresholdOf(rule, state.severity) })
        .catch(() => {})
    }
  }

  private ringsOf (rule: HealthRule): PointRing[] {
    if (rule.source === 'system') {
      const ring = this.window.ring(rule.metric)
      return ring === undefined ? [] : [ring]
    }
    const family = this.store.family(rule.metric)
    if (family === undefined) return []
    return family.matching(rule.match).map((s) => s.ring)
  }

  private provided (name: string, nowMs: number): number | null {
    const provider = this.providers.get(name)
    if (provider === undefined) return null
    try {
      const v = provider(nowMs)
      return typeof v === 'number' && Number.isFinite(v) ? v : null
    } catch (error) {
      this.warnOnce(`value:${name}`, `value provider ${name} threw: ${String(error)}`)
      return null
    }
  }

  private emit (entry: RuleEntry, t: Transition, nowMs: number): void {
    const { rule, state, value } = entry
    const shown = t.change === 'resolved' ? t.previous : t.severity
    const event: AlertEvent = {
      check: rule.id,
      alertname: rule.alertname,
      change: t.change,
      severity: t.severity,
      previous_severity: t.previous,
      message: t.change === 'resolved' ? `${rule.description}: resolved` : messageOf(rule, value, t.severity),
      summary: rule.description,
      value: value === null ? null : roundValue(value),
      threshold: thresholdOf(rule, shown),
      since: t.change === 'resolved' ? null : state.sinceMs,
      timestamp: nowMs,
      labels: rule.labels
    }
    this.history.add(event)
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch (error) {
        this.warnOnce('listener', `an alert listener threw: ${String(error)}`)
      }
    }
  }

  /** Halves the store's points per series, not below `minCapacity`. */
  private shrinkRetention (): string {
    const current = this.store.options.capacity
    const target = Math.max(this.minCapacity, Math.floor(current / 2))
    if (target >= current) return `capacity already ${current} points per series, at the floor ${this.minCapacity}`
    const r = this.store.shrinkCapacity(target)
    return `capacity ${r.from} -> ${r.to} points per series, ${r.droppedPoints} points dropped`
  }

  private warnOnce (key: string, message: string): void {
    if (this.warned.has(key) || this.warned.size >= 1000) return
    this.warned.add(key)
    try {
      this.warnFn(message)
    } catch {
      // A failing warn hook must not stop evaluation.
    }
  }
}
