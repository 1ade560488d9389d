import { ConfigError } from '../core/errors.ts'
import type { Labels } from '../core/label-set.ts'
import { isObject, read } from './config-values.ts'
import type { RawObject } from './config-values.ts'
import { DEFAULT_RULES } from './default-rules.ts'
import type { HealthRule } from './rule.ts'
import { applyRuleEnv, rulesFromConfig } from './rules-config.ts'
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

/** The scrape job of monitoring/prometheus.yml: the service's `job` label everywhere. */
const DEFAULT_JOB = 'breakout-bot-api'

function delivery (o: RawObject, key: string, defaults: { queueSize: number }): DeliveryConfig {
  return {
    url: read.url(o.url, `${key}.url`),
    timeoutMs: o.timeout === undefined ? 5000 : read.durationMs(o.timeout, `${key}.timeout`, { min: 1 }),
    retries: o.retries === undefined ? 3 : read.number(o.retries, `${key}.retries`, { min: 0, integer: true }),
    backoffMs: o.backoff === undefined ? 500 : read.durationMs(o.backoff, `${key}.backoff`),
    maxBackoffMs: o.max_backoff === undefined ? 30_000 : read.durationMs(o.max_backoff, `${key}.max_backoff`),
    queueSize: o.queue_size === undefined ? defaults.queueSize : read.number(o.queue_size, `${key}.queue_size`, { min: 1, integer: true }),
    headers: o.headers === undefined ? {} : read.headers(o.headers, `${key}.headers`)
  }
}

/**
 * Validates the `health` section of a config document (already parsed,
 * profile applied: see config-file.ts) with environment overrides, fills
 * defaults, and returns it frozen. A missing section gives the defaults.
 * Errors are ConfigError naming the key (`health.rules.cpu_high.warning`)
 * or the variable (`env HEALTH_RULE_CPU_HIGH_WARNING`).
 *
 * Environment: `HEALTH_INTERVAL` (duration), `ALERTMANAGER_URL`,
 * `ALERT_WEBHOOK_URL`, `TRADE_NOTIFY_URL|FORMAT|CHAT_ID|DIGEST_HOUR_UTC`, `HEALTH_RULE_<ID>_<WARNING|CRITICAL|FOR|KEEP_FIRING_FOR|WINDOW|ENABLED>`.
 *
 * @example healthConfigFrom(doc.health, { env: process.env, instance: `${os.hostname()}:8000` })
 */
export function healthConfigFrom (raw: unknown, options: HealthConfigOptions = {}): HealthConfig {
  const env = options.env ?? {}
  let section = raw === undefined || raw === null ? {} : read.object(raw, 'health')
  read.knownKeys(section, HEALTH_KEYS, 'health')
  const known = [...DEFAULT_RULES.map((r) => r.id)]
  section = applyRuleEnv(section, env, known)
  const notifications = section.notifications === undefined ? {} : read.object(section.notifications, 'health.notifications')
  read.knownKeys(notifications, ['webhook', 'alertmanager', 'trades'], 'health.notifications')
  const webhookRaw = withEnvUrl(notifications.webhook, env.ALERT_WEBHOOK_URL, 'health.notifications.webhook')
  const amRaw = withEnvUrl(notifications.alertmanager, env.ALERTMANAGER_URL, 'health.notifications.alertmanager')
  let webhook: DeliveryConfig | null = null
  if (webhookRaw !== null) {
    read.knownKeys(webhookRaw, DELIVERY_KEYS, 'health.notifications.webhook')
    webhook = delivery(webhookRaw, 'health.notifications.webhook', { queueSize: 1000 })
  }
  let alertmanager: AlertmanagerConfig | null = null
  if (amRaw !== null) {
    const key = 'health.notifications.alertmanager'
    read.knownKeys(amRaw, AM_KEYS, key)
    alertmanager = {
      ...delivery(amRaw, key, { queueSize: 100 }),
      resendIntervalMs: amRaw.resend_interval === undefined ? 60_000 : read.durationMs(amRaw.resend_interval, `${key}.resend_interval`, { min: 1000 }),
      job: amRaw.job === undefined ? DEFAULT_JOB : read.string(amRaw.job, `${key}.job`),
      instance: amRaw.instance === undefined ? options.instance ?? 'breakout-metrics' : read.string(amRaw.instance, `${key}.instance`),
      labels: amRaw.labels === undefined ? {} : read.labels(amRaw.labels, `${key}.labels`),
      generatorUrl: amRaw.generator_url === undefined ? null : read.url(amRaw.generator_url, `${key}.generator_url`)
    }
  }
  const interval = env.HEALTH_INTERVAL ?? section.interval
  return Object.freeze({
    instance: options.instance ?? 'breakout-metrics',
    enabled: section.enabled === undefined ? true : read.boolean(section.enabled, 'health.enabled'),
    intervalMs: interval === undefined ? 5000 : read.durationMs(interval, env.HEALTH_INTERVAL === undefined ? 'health.interval' : 'env HEALTH_INTERVAL', { min: 100 }),
    historySize: section.history_size === undefined ? 500 : read.number(section.history_size, 'health.history_size', { min: 1, integer: true }),
    actionTimeoutMs: section.action_timeout === undefined ? 10_000 : read.durationMs(section.action_timeout, 'health.action_timeout', { min: 1 }),
    rules: rulesFromConfig(section),
    webhook,
    alertmanager,
    trades: tradeNotificationConfigFrom(notifications.trades, env, delivery)
  })
}

/** The notifier's raw section with the URL from the environment (which wins), or null when neither sets one. */
function withEnvUrl (raw: unknown, envUrl: string | undefined, key: string): RawObject | null {
  if (raw !== undefined && raw !== null && !isObject(raw)) throw new ConfigError(key, 'must be a mapping of keys to values')
  const o = (raw ?? {}) as RawObject
  if (envUrl !== undefined && envUrl !== '') return { ...o, url: envUrl }
  return raw === undefined || raw === null ? null : o
}
