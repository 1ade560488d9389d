import { ConfigError } from '../core/errors.ts'
import { read } from './config-values.ts'
import type { RawObject } from './config-values.ts'
import type { DeliveryConfig } from './health-config.ts'
import { HEALTH_DEFAULTS } from './health-defaults.ts'
import { HEALTH_ENV } from './health-env.ts'
import { DEFAULT_TRADE_TEMPLATES, TradeMessageFormat } from './trade-messages.ts'
import type { TradeTemplates } from './trade-messages.ts'

/** Trade and digest messages to a chat (`health.notifications.trades`), validated. */
export interface TradeNotificationConfig extends DeliveryConfig {
  format: TradeMessageFormat
  /** Telegram's `chat_id` (a number or `@channel`); null for other formats. */
  chatId: string | null
  /** Which trade events send a message. */
  events: { opened: boolean, closed: boolean }
  /** UTC hour (0..23) of the daily digest; null: no digest. */
  digestHourUtc: number | null
  templates: TradeTemplates
}

const KEYS = ['format', 'url', 'chat_id', 'events', 'digest_hour_utc', 'templates',
  'timeout', 'retries', 'backoff', 'max_backoff', 'queue_size', 'headers', 'min_interval']
const FORMATS = Object.values(TradeMessageFormat)

// Each chat's documented pace: Telegram about 1 message a second per chat,
// a Discord webhook 30 a minute, Slack 1 a second per webhook.
const MIN_INTERVAL_MS: Record<TradeMessageFormat, number> = { telegram: 1000, discord: 2000, slack: 1000, json: 0 }

/**
 * Reads `health.notifications.trades` with environment overrides
 * (`TRADE_NOTIFY_URL`, `TRADE_NOTIFY_FORMAT`, `TRADE_NOTIFY_CHAT_ID`,
 * `TRADE_NOTIFY_DIGEST_HOUR_UTC`, which win: `HEALTH_ENV`); null when neither sets a URL.
 * Throws ConfigError naming the key.
 *
 * @example tradeNotificationConfigFrom({ format: 'telegram', url: 'https://api.telegram.org/bot<token>/sendMessage', chat_id: '-100123', digest_hour_utc: 21 }, {})
 */
export function tradeNotificationConfigFrom (raw: unknown, env: Readonly<Record<string, string | undefined>>,
  delivery: (o: RawObject, key: string, defaults: { queueSize: number }) => DeliveryConfig): TradeNotificationConfig | null {
  const key = 'health.notifications.trades'
  const o: RawObject = raw === undefined || raw === null ? {} : { ...read.object(raw, key) }
  read.knownKeys(o, KEYS, key)
  for (const [name, path] of Object.entries(HEALTH_ENV)) {
    const v = env[name]
    if (v !== undefined && v !== '' && path.startsWith('notifications.trades.')) o[path.slice('notifications.trades.'.length)] = v
  }
  if (o.url === undefined) {
    if (Object.keys(o).length > 0) throw new ConfigError(`${key}.url`, 'is required (or TRADE_NOTIFY_URL)')
    return null
  }
  const format = o.format === undefined ? HEALTH_DEFAULTS.tradeFormat : read.oneOf(o.format, `${key}.format`, FORMATS)
  let chatId: string | null = null
  if (o.chat_id !== undefined) chatId = read.string(typeof o.chat_id === 'number' ? String(o.chat_id) : o.chat_id, `${key}.chat_id`, /^(-?\d+|@[A-Za-z0-9_]{5,})$/)
  if (format === 'telegram' && chatId === null) throw new ConfigError(`${key}.chat_id`, 'is required for format telegram (a chat id or @channel)')
  const events = { opened: true, closed: true }
  if (o.events !== undefined) {
    const list = read.stringList(o.events, `${key}.events`, /^(opened|closed)$/)
    events.opened = list.includes('opened')
    events.closed = list.includes('closed')
  }
  const templates: TradeTemplates = { ...DEFAULT_TRADE_TEMPLATES }
  if (o.templates !== undefined) {
    const t = read.object(o.templates, `${key}.templates`)
    read.knownKeys(t, ['opened', 'closed', 'digest'], `${key}.templates`)
    for (const [kind, text] of Object.entries(t)) templates[kind as keyof TradeTemplates] = read.string(text, `${key}.templates.${kind}`)
  }
  return {
    ...delivery(o, key, { queueSize: HEALTH_DEFAULTS.tradesQueueSize }),
    minIntervalMs: o.min_interval === undefined ? MIN_INTERVAL_MS[format] : read.durationMs(o.min_interval, `${key}.min_interval`),
    format,
    chatId,
    events,
    digestHourUtc: o.digest_hour_utc === undefined ? null : hour(o.digest_hour_utc, `${key}.digest_hour_utc`),
    templates
  }
}

function hour (v: unknown, key: string): number {
  const n = read.number(v, key, { min: 0, integer: true })
  if (n > 23) throw new ConfigError(key, `must be an hour 0..23 (UTC), got ${n}`)
  return n
}
