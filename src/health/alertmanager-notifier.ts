import type { Clock } from '../collect/clock.ts'
import type { AlertEvent } from './alert.ts'
import type { AlertmanagerConfig } from './health-config.ts'
import { HttpDelivery } from './http-delivery.ts'
import type { DeliveryStats } from './http-delivery.ts'

/** An alert as Alertmanager's v2 API takes it (`POST /api/v2/alerts`, a JSON list). */
export interface AlertmanagerAlert {
  labels: Record<string, string>
  annotations: Record<string, string>
  /** RFC 3339. */
  startsAt: string
  /** RFC 3339: in the future while firing, the resolution time once resolved. */
  endsAt: string
  generatorURL?: string
}

/**
 * Sends alert changes to Alertmanager's v2 API, as Prometheus does.
 *
 * One Alertmanager alert per (rule, severity), labelled `alertname` (the
 * rule's, e.g. `BreakoutHighCpu`), `severity`, `job` and `instance` (as
 * Prometheus labels a scrape of this service) and `source: service`, plus
 * the configured and rule labels; annotated `summary` and `description`.
 * The same alert from Prometheus differs only in `source: prometheus`, so
 * monitoring/alertmanager.yml can let one inhibit the other. An escalation
 * resolves the warning alert and starts the critical one, so that routes
 * and inhibition rules keyed on `severity` work as usual.
 *
 * Firing alerts are re-sent every `resendIntervalMs` with `endsAt` four
 * intervals ahead (Prometheus' rule): if this process dies, Alertmanager
 * resolves them by itself. A resolution is sent with `endsAt` = now.
 */
export class AlertmanagerNotifier {
  readonly config: AlertmanagerConfig
  private readonly delivery: HttpDelivery
  private readonly clock: Clock
  private readonly active = new Map<string, AlertmanagerAlert>()
  private timer: NodeJS.Timeout | null = null

  constructor (config: AlertmanagerConfig, options: { clock?: Clock, warn?: (message: string) => void } = {}) {
    this.config = config
    this.clock = options.clock ?? { now: Date.now }
    this.delivery = new HttpDelivery(config, `${config.url}/api/v2/alerts`, options.warn)
  }

  /** An alert listener: pass it to `engine.onAlert`. */
  readonly notify = (event: AlertEvent): void => {
    const nowMs = this.clock.now()
    const batch: AlertmanagerAlert[] = []
    if (event.change !== 'firing') {
      const ended = this.active.get(key(event.check, event.previous_severity))
      if (ended !== undefined) {
        this.active.delete(key(event.check, event.previous_severity))
        batch.push({ ...ended, endsAt: iso(nowMs) })
      }
    }
    if (event.change !== 'resolved') {
      const alert = this.alertOf(event, nowMs)
      this.active.set(key(event.check, event.severity), alert)
      batch.push(alert)
    }
    if (batch.length > 0) this.delivery.post(batch)
  }

  /** Starts re-sending firing alerts every `resendIntervalMs` (idempotent, unref'd). */
  start (): void {
    if (this.timer !== null) return
    this.timer = setInterval(() => this.resend(), this.config.resendIntervalMs)
    this.timer.unref()
  }

  /** Sends every firing alert again with a fresh `endsAt`. */
  resend (): void {
    if (this.active.size === 0) return
    const endsAt = iso(this.clock.now() + 4 * this.config.resendIntervalMs)
    const batch = [...this.active.values()].map((a) => ({ ...a, endsAt }))
    this.delivery.post(batch)
  }

  /** The alerts this notifier holds as firing. */
  firing (): AlertmanagerAlert[] {
    return [...this.active.values()]
  }

  flush (): Promise<void> {
    return this.delivery.flush()
  }

  /** Stops re-sending and drops what is queued. Firing alerts then expire at their `endsAt`. */
  close (): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    this.delivery.close()
  }

  stats (): DeliveryStats {
    return this.delivery.stats()
  }

  private alertOf (event: AlertEvent, nowMs: number): AlertmanagerAlert {
    const alert: AlertmanagerAlert = {
      labels: {
        ...this.config.labels,
        ...event.labels,
        alertname: event.alertname,
        severity: event.severity,
        job: this.config.job,
        instance: this.config.instance,
        source: 'service'
      },
      annotations: { summary: event.summary, description: event.message },
      // A new firing starts when its condition began; an escalation when it happened.
      startsAt: iso(event.change === 'firing' ? event.since ?? event.timestamp : event.timestamp),
      endsAt: iso(nowMs + 4 * this.config.resendIntervalMs)
    }
    if (this.config.generatorUrl !== null) alert.generatorURL = this.config.generatorUrl
    return alert
  }
}

function key (check: string, severity: string): string {
  return check + '\u0000' + severity
}

function iso (ms: number): string {
  return new Date(ms).toISOString()
}
