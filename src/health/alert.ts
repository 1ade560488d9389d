import type { Labels } from '../core/label-set.ts'
import type { Severity } from './rule.ts'
import type { AlertChange } from './rule-state.ts'

/**
 * A change of a rule's alert, as callbacks, the webhook and
 * `GET /api/metrics/alerts` see it (snake_case: it goes out as JSON).
 *
 * @example
 * { check: 'memory_high', alertname: 'BreakoutHighMemory', change: 'escalated', severity: 'critical', previous_severity: 'warning',
 *   message: 'memory_percent latest = 98.4, above the critical threshold 98', value: 98.4, threshold: 98,
 *   since: 1735689600000, timestamp: 1735689645000, labels: {}, summary: 'Process memory high' }
 */
export interface AlertEvent {
  /** The rule's id. */
  check: string
  /** The rule's Alertmanager `alertname` (shared with the Prometheus alert of the same condition). */
  alertname: string
  change: AlertChange
  /** Severity after the change; `ok` when resolved. */
  severity: Severity
  previous_severity: Severity
  message: string
  /** The rule's description. */
  summary: string
  value: number | null
  /** The threshold of the severity after the change (before it, when resolved). */
  threshold: number | null
  /** When the firing episode's condition began, epoch ms. */
  since: number | null
  /** When the change was seen, epoch ms. */
  timestamp: number
  /** The rule's extra alert labels. */
  labels: Labels
}

/** A rule that is firing now, as the health report lists it. */
export interface HealthIssue {
  check: string
  severity: Severity
  message: string
  value: number | null
  threshold: number | null
  /** When the condition began, epoch ms. */
  since: number
  /** When the trend crosses the critical threshold, epoch ms, for rules that predict; else absent. */
  predicted_breach_at?: number | null
}

/** Receives alert changes; must not throw (a throw is caught and reported). */
export type AlertListener = (event: AlertEvent) => void

/** The newest `capacity` entries (alert events, audit entries); older ones are forgotten. */
export class RecentList<T> {
  readonly capacity: number
  private readonly items: T[] = []
  private next = 0

  constructor (capacity = 500) {
    this.capacity = capacity
  }

  add (item: T): void {
    if (this.items.length < this.capacity) this.items.push(item)
    else this.items[this.next] = item
    this.next = (this.next + 1) % this.capacity
  }

  /** Entries, newest first, at most `limit`. */
  list (limit = this.capacity): T[] {
    const out: T[] = []
    const n = this.items.length
    for (let i = 1; i <= n && out.length < limit; i++) out.push(this.items[((this.next - i) % n + n) % n])
    return out
  }

  get size (): number {
    return this.items.length
  }

  clear (): void {
    this.items.length = 0
    this.next = 0
  }
}
