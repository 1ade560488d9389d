import type { Labels } from '../core/label-set.ts'
import { read } from './config-values.ts'
import type { RawObject } from './config-values.ts'
import { DEFAULT_RULES } from './default-rules.ts'
import type { HealthRule } from './rule.ts'
import { HEALTH_DEFAULTS } from './health-defaults.ts'
import { applyHealthEnv, namingSources } from './health-env.ts'
import { rulesFromConfig } from './rules-config.ts'
import { tradeNotificationConfigFrom } from './trade-notification-config.ts'
import type { TradeNotificationConfig } from './trade-notification-config.ts'

/** How notifications are posted: timeout, retries with exponential backoff, a bounded queue. */
export interface DeliveryConfig {
  url: string
  /** Time one POST may take, ms. */
  timeoutMs: number
  /** Attempts after the first one. */
  retries: number
  /** Wait before the first retry, ms; doubles each retry. */
  backoffMs: number
  /** Longest wait between retries, ms. */
  maxBackoffMs: number
  /** Posts waiting at most; past it the oldest is dropped (and counted). */
  queueSize: number
  headers: Record<string, string>
  /**
   * Least time between the starts of two posts, ms (0: none): a chat's
   * rate limit. Posts wait in the queue for their turn.
   */
  minIntervalMs?: number
}

export interface AlertmanagerConfig extends DeliveryConfig {
  /** How often firing alerts are sent again, ms (Alertmanager resolves alerts not re-sent). */
  resendIntervalMs: number
  /**
   * The `job` label: the job that scrapes this service in Prometheus
   * (`breakout-bot-api` in monitoring/prometheus.yml), so that both sources
   * of an alert carry the same job and one inhibits the other.
   */
  job: string
  /** The `instance` label: as Prometheus names the scrape target (`host:port`), for the same reason. */
  instance: string
  /** Labels added to every alert (e.g. `env: production`). */
  labels: Labels
  /** Link back to the service, sent as `generatorURL`; null: none. */
  generatorUrl: string | null
}

/** The health part of the service's configuration, validated. */
export interface HealthConfig {
  enabled: boolean
  /** Which service the alerts come from: the `instance` label and webhook field. */
  instance: string
  /** Time between evaluations, ms. */
  intervalMs: number
  /** Alert events and audit entries kept. */
  historySize: number
  /** Time a remediation action may take, ms. */
  actionTimeoutMs: number
  rules: HealthRule[]
  webhook: DeliveryConfig | null
  alertmanager: AlertmanagerConfig | null
  /** Trade and daily digest messages to a chat (docs/HEALTH.md, "Trade messages"); null: none. */
  trades: TradeNotificationConfig | null
}

export interface HealthConfigOptions {
  /** Environment variables (pass `process.env`; inner layers never read it themselves). */
  env?: Readonly<Record<string, string | undefined>>
  /** Default `instance` label for Alertmanager: as Prometheus names the scrape target (`host:port`). */
  instance?: string
}

const HEALTH_KEYS = ['enabled', 'interval', 'history_size', 'action_timeout', 'builtin_rules', 'rules', 'notifications']
const DELIVERY_KEYS = ['url', 'timeout', 'retries', 'backoff', 'max_backoff', 'queue_size', 'headers']
const AM_KEYS = [...DELIVERY_KEYS, 'resend_interval', 'job', 'instance', 'labels', 'generator_url']

function delivery (o: RawObject, key: string, defaults: { queueSize: number }): DeliveryConfig {
  return {
    url: read.url(o.url, `${key}.url`),
    timeoutMs: o.timeout === undefined ? HEALTH_DEFAULTS.timeoutMs : read.durationMs(o.timeout, `${key}.timeout`, { min: 1 }),
    retries: o.retries === undefined ? HEALTH_DEFAULTS.retries : read.number(o.retries, `${key}.retries`, { min: 0, integer: true }),
    backoffMs: o.backoff === undefined ? HEALTH_DEFAULTS.backoffMs : read.durationMs(o.backoff, `${key}.backoff`),
    maxBackoffMs: o.max_backoff === undefined ? HEALTH_DEFAULTS.maxBackoffMs : read.durationMs(o.max_backoff, `${key}.max_backoff`),
    queueSize: o.queue_size === undefined ? defaults.queueSize : read.number(o.queue_size, `${key}.queue_size`, { min: 1, integer: true }),
    headers: o.headers === undefined ? {} : read.headers(o.headers, `${key}.headers`)
  }
}

/**
 * Validates the `health` section of a config document (already parsed,
 * profile applied: see config-file.ts) with environment overrides, fills
 * defaults, and returns it frozen. A missing section gives the defaults.
 * Errors are ConfigError naming the key (`health.rules.cpu_high.warning`)
 * and, for a value from the environment, the variable
 * (`config health.interval (from HEALTH_INTERVAL): ...`).
 *
 * Environment: the variables of `HEALTH_ENV` (health-env.ts) and
 * `HEALTH_RULE_<ID>_<WARNING|CRITICAL|FOR|KEEP_FIRING_FOR|WINDOW|ENABLED>`.
 *
 * @example healthConfigFrom(doc.health, { env: process.env, instance: `${os.hostname()}:8000` })
 */
export function healthConfigFrom (raw: unknown, options: HealthConfigOptions = {}): HealthConfig {
  const base = raw === undefined || raw === null ? {} : read.object(raw, 'health')
  const { section, sources } = applyHealthEnv(base, options.env ?? {}, DEFAULT_RULES.map((r) => r.id))
  return namingSources(sources, () => healthSection(section, options.instance ?? HEALTH_DEFAULTS.instance))
}

function healthSection (section: RawObject, instance: string): HealthConfig {
  read.knownKeys(section, HEALTH_KEYS, 'health')
  const notifications = section.notifications === undefined ? {} : read.object(section.notifications, 'health.notifications')
  read.knownKeys(notifications, ['webhook', 'alertmanager', 'trades'], 'health.notifications')
  const webhookRaw = notifier(notifications.webhook, 'health.notifications.webhook')
  const amRaw = notifier(notifications.alertmanager, 'health.notifications.alertmanager')
  let webhook: DeliveryConfig | null = null
  if (webhookRaw !== null) {
    read.knownKeys(webhookRaw, DELIVERY_KEYS, 'health.notifications.webhook')
    webhook = delivery(webhookRaw, 'health.notifications.webhook', { queueSize: HEALTH_DEFAULTS.webhookQueueSize })
  }
  let alertmanager: AlertmanagerConfig | null = null
  if (amRaw !== null) {
    const key = 'health.notifications.alertmanager'
    read.knownKeys(amRaw, AM_KEYS, key)
    alertmanager = {
      ...delivery(amRaw, key, { queueSize: HEALTH_DEFAULTS.alertmanagerQueueSize }),
      resendIntervalMs: amRaw.resend_interval === undefined ? HEALTH_DEFAULTS.resendIntervalMs : read.durationMs(amRaw.resend_interval, `${key}.resend_interval`, { min: 1000 }),
      job: amRaw.job === undefined ? HEALTH_DEFAULTS.job : read.string(amRaw.job, `${key}.job`),
      instance: amRaw.instance === undefined ? instance : read.string(amRaw.instance, `${key}.instance`),
      labels: amRaw.labels === undefined ? {} : read.labels(amRaw.labels, `${key}.labels`),
      generatorUrl: amRaw.generator_url === undefined ? null : read.url(amRaw.generator_url, `${key}.generator_url`)
    }
  }
  return Object.freeze({
    instance,
    enabled: section.enabled === undefined ? HEALTH_DEFAULTS.enabled : read.boolean(section.enabled, 'health.enabled'),
    intervalMs: section.interval === undefined ? HEALTH_DEFAULTS.intervalMs : read.durationMs(section.interval, 'health.interval', { min: 100 }),
    historySize: section.history_size === undefined ? HEALTH_DEFAULTS.historySize : read.number(section.history_size, 'health.history_size', { min: 1, integer: true }),
    actionTimeoutMs: section.action_timeout === undefined ? HEALTH_DEFAULTS.actionTimeoutMs : read.durationMs(section.action_timeout, 'health.action_timeout', { min: 1 }),
    rules: rulesFromConfig(section),
    webhook,
    alertmanager,
    trades: tradeNotificationConfigFrom(notifications.trades, {}, delivery)
  })
}

/** A notifier's raw section, or null when it is absent (no URL from the file or the environment). */
function notifier (raw: unknown, key: string): RawObject | null {
  if (raw === undefined || raw === null) return null
  return read.object(raw, key)
}
