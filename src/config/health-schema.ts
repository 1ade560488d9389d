import { Type } from 'typebox'
import type { TSchema } from 'typebox'
import { HEALTH_DEFAULTS } from '../health/health-defaults.ts'
import { HEALTH_ENV } from '../health/health-env.ts'
import { RULE_CONFIG_KEYS } from '../health/rules-config.ts'

/** The variable of HEALTH_ENV that sets `key` (under `health.`), for the schema's `env` annotation. */
function envOf (key: string): string {
  const found = Object.entries(HEALTH_ENV).find(([, k]) => k === key)
  if (found === undefined) throw new Error(`no health variable sets ${key}`)
  return found[0]
}

const duration = (options: Record<string, unknown> = {}) => Type.Union([Type.Number({ minimum: 0 }), Type.String({ minLength: 1 })],
  { expect: 'a duration such as 500ms, 5s, 1m, 1h30m, or a number of seconds', ...options })
const threshold = Type.Union([Type.Number(), Type.Null(), Type.Literal('none')], { expect: 'a number, or none for no such level' })
const text = Type.String({ minLength: 1 })
const stringMap = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), { expect: 'a mapping of names to values' })

/** The keys a rule entry may have; their meaning and checks are in health/rules-config.ts and docs/HEALTH.md. */
const RULE_TYPES: Record<string, TSchema> = {
  id: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
  alertname: text,
  description: text,
  source: text,
  metric: text,
  match: stringMap,
  fallback: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  statistic: text,
  window: duration(),
  warning: threshold,
  critical: threshold,
  direction: Type.Union([Type.Literal('above'), Type.Literal('below')]),
  for: duration(),
  keep_firing_for: duration(),
  predict: Type.Boolean(),
  predict_min_points: Type.Integer({ minimum: 3 }),
  predict_min_history: duration(),
  target: threshold,
  no_data: text,
  actions: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]*$' })),
  actions_on: Type.Union([Type.Literal('warning'), Type.Literal('critical')]),
  readiness: Type.Boolean(),
  enabled: Type.Boolean(),
  labels: stringMap
}

const RuleSchema = Type.Object(Object.fromEntries(RULE_CONFIG_KEYS.map((k) => [k, k === 'id' ? RULE_TYPES[k] : Type.Optional(RULE_TYPES[k])])),
  { additionalProperties: false })

const delivery = (queueSize: number) => ({
  timeout: Type.Optional(duration({ default: HEALTH_DEFAULTS.timeoutMs / 1000, unit: 's', description: 'time one POST may take' })),
  retries: Type.Optional(Type.Integer({ minimum: 0, default: HEALTH_DEFAULTS.retries, description: 'attempts after the first' })),
  backoff: Type.Optional(duration({ default: HEALTH_DEFAULTS.backoffMs / 1000, unit: 's', description: 'first retry wait; doubles each retry' })),
  max_backoff: Type.Optional(duration({ default: HEALTH_DEFAULTS.maxBackoffMs / 1000, unit: 's', description: 'longest retry wait' })),
  queue_size: Type.Optional(Type.Integer({ minimum: 1, default: queueSize, description: 'posts waiting at most; the oldest is dropped' })),
  headers: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9-]+$' }), Type.String({ minLength: 1, secret: true })))
})

const url = (key: string, description: string, defaultText: string) => Type.String({ minLength: 1, secret: true, env: envOf(key), description, defaultText })

/**
 * The `health` section: evaluation, rules and notifications (docs/HEALTH.md). Defaults come
 * from HEALTH_DEFAULTS and the variables from HEALTH_ENV, both of the health layer, which also
 * checks what a schema cannot say (a rule merged over its built-in, cross-field rules).
 */
export const HealthSchema = Type.Object({
  enabled: Type.Optional(Type.Boolean({ default: HEALTH_DEFAULTS.enabled, description: 'evaluate the health rules' })),
  interval: Type.Optional(duration({ default: HEALTH_DEFAULTS.intervalMs / 1000, unit: 's', env: envOf('interval'), description: 'time between evaluations of the health rules' })),
  history_size: Type.Optional(Type.Integer({ minimum: 1, default: HEALTH_DEFAULTS.historySize, description: 'alert changes and remediation runs kept' })),
  action_timeout: Type.Optional(duration({ default: HEALTH_DEFAULTS.actionTimeoutMs / 1000, unit: 's', description: 'time a remediation action may take' })),
  builtin_rules: Type.Optional(Type.Boolean({ default: HEALTH_DEFAULTS.builtinRules, description: 'start from the built-in rules' })),
  rules: Type.Optional(Type.Array(RuleSchema, {
    env: 'HEALTH_RULE_<ID>_<FIELD>',
    description: 'rules: each entry changes the built-in of its `id` or adds a rule; a variable sets one field of one rule, `<ID>` in upper case, `<FIELD>` one of WARNING, CRITICAL, FOR, KEEP_FIRING_FOR, WINDOW, ENABLED ([docs/HEALTH.md](docs/HEALTH.md))',
    defaultText: 'the built-in rules'
  })),
  notifications: Type.Optional(Type.Object({
    webhook: Type.Optional(Type.Object({
      url: url('notifications.webhook.url', 'post alert changes as JSON to this URL', 'off'),
      ...delivery(HEALTH_DEFAULTS.webhookQueueSize)
    }, { additionalProperties: false })),
    alertmanager: Type.Optional(Type.Object({
      url: url('notifications.alertmanager.url', 'send firing and resolved alerts to this Alertmanager', 'off'),
      ...delivery(HEALTH_DEFAULTS.alertmanagerQueueSize),
      resend_interval: Type.Optional(duration({ default: HEALTH_DEFAULTS.resendIntervalMs / 1000, unit: 's', description: 'firing alerts sent again' })),
      job: Type.Optional(Type.String({ minLength: 1, default: HEALTH_DEFAULTS.job })),
      instance: Type.Optional(text),
      labels: Type.Optional(stringMap),
      generator_url: Type.Optional(text)
    }, { additionalProperties: false })),
    trades: Type.Optional(Type.Object({
      url: Type.Optional(url('notifications.trades.url', 'send trade and daily digest messages to this chat endpoint (Telegram `sendMessage`, a Discord or Slack webhook, or JSON; [docs/HEALTH.md](docs/HEALTH.md#trade-messages))', 'off')),
      format: Type.Optional(Type.Union([Type.Literal('telegram'), Type.Literal('discord'), Type.Literal('slack'), Type.Literal('json')],
        { default: HEALTH_DEFAULTS.tradeFormat, env: envOf('notifications.trades.format'), description: 'the chat\'s message format' })),
      chat_id: Type.Optional(Type.Union([Type.String({ pattern: '^(-?\\d+|@[A-Za-z0-9_]{5,})$' }), Type.Integer()],
        { env: envOf('notifications.trades.chat_id'), description: 'Telegram\'s chat id (a number or `@channel`)' })),
      events: Type.Optional(Type.Array(Type.Union([Type.Literal('opened'), Type.Literal('closed')]))),
      digest_hour_utc: Type.Optional(Type.Integer({ minimum: 0, maximum: 23, env: envOf('notifications.trades.digest_hour_utc'), defaultText: 'no digest', description: 'UTC hour 0..23 of the daily digest' })),
      templates: Type.Optional(Type.Object({ opened: Type.Optional(text), closed: Type.Optional(text), digest: Type.Optional(text) }, { additionalProperties: false })),
      min_interval: Type.Optional(duration()),
      ...delivery(HEALTH_DEFAULTS.tradesQueueSize)
    }, { additionalProperties: false }))
  }, { additionalProperties: false }))
}, { additionalProperties: false })
