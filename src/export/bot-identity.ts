import { ConfigError } from '../core/errors.ts'
import { escapeLabelValue } from './text-format.ts'

/**
 * Who this service speaks for in a fleet: the `bot` label and the labels
 * the operator gives it (`strategy`, `exchange`, `account`, `bot_url`, ...).
 * Every series the service exposes or pushes carries them, so one store can
 * hold many bots and a query can tell them apart.
 */
export interface BotIdentity {
  /** The `bot` label's value: BOT_ID, by default `<host>:<port>`. */
  readonly id: string
  /** The other labels (BOT_LABELS, BOT_URL as `bot_url`), in the order given. */
  readonly labels: Readonly<Record<string, string>>
}

/** Labels a bot may not set itself: the store, the scrape and the exposition own them. */
const RESERVED = new Set(['bot', 'job', 'instance', 'le', 'quantile', 'overflow'])
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/
/** Bounds that keep a bot's labels a short identity, not a payload repeated on every series. */
export const MAX_BOT_LABELS = 16
export const MAX_BOT_LABEL_VALUE_LENGTH = 256

function checkValue (field: string, name: string, value: string): void {
  if (value === '') throw new ConfigError(field, `label ${name} has an empty value`)
  if (value.length > MAX_BOT_LABEL_VALUE_LENGTH) throw new ConfigError(field, `label ${name} is longer than ${MAX_BOT_LABEL_VALUE_LENGTH} characters`)
  // A label value may hold any UTF-8, but a control character in an identity is a mistake.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new ConfigError(field, `label ${name} holds a control character`)
}

/**
 * Parses BOT_LABELS, `name=value,...` (`strategy=breakout,exchange=binance`).
 * Names follow Prometheus (`[a-zA-Z_][a-zA-Z0-9_]*`, not `__`-prefixed) and
 * may not be `bot`, `job`, `instance`, `le`, `quantile` or `overflow`; values
 * are non-empty, at most 256 characters, without commas or control characters.
 * Throws ConfigError naming the label.
 */
export function parseBotLabels (raw: string, field = 'BOT_LABELS'): Record<string, string> {
  const labels: Record<string, string> = {}
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '')
  if (items.length > MAX_BOT_LABELS) throw new ConfigError(field, `at most ${MAX_BOT_LABELS} labels, got ${items.length}`)
  for (const item of items) {
    const eq = item.indexOf('=')
    if (eq <= 0) throw new ConfigError(field, `${JSON.stringify(item)} is not name=value`)
    const name = item.slice(0, eq).trim()
    const value = item.slice(eq + 1).trim()
    if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new ConfigError(field, `${JSON.stringify(name)} is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)`)
    if (RESERVED.has(name)) throw new ConfigError(field, `label ${name} is reserved (${[...RESERVED].join(', ')})`)
    if (Object.hasOwn(labels, name)) throw new ConfigError(field, `label ${name} is given twice`)
    checkValue(field, name, value)
    labels[name] = value
  }
  return labels
}

/**
 * The identity from BOT_ID, BOT_LABELS and BOT_URL (raw strings, undefined
 * when unset). `defaultId` is used without BOT_ID: `<host>:<port>`, the
 * instance a scrape would name.
 */
export function botIdentityFrom (raw: { id?: string, labels?: string, url?: string }, defaultId: string): BotIdentity {
  const id = raw.id ?? defaultId
  checkValue('bot-id', 'bot', id)
  const labels = raw.labels === undefined ? {} : parseBotLabels(raw.labels)
  if (raw.url !== undefined) {
    let url: URL
    try {
      url = new URL(raw.url)
    } catch {
      throw new ConfigError('BOT_URL', `not a URL: ${JSON.stringify(raw.url)}`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('BOT_URL', `must be http: or https:, got ${url.protocol}`)
    if (Object.hasOwn(labels, 'bot_url')) throw new ConfigError('BOT_URL', 'bot_url is given in BOT_LABELS too')
    checkValue('BOT_URL', 'bot_url', raw.url)
    labels.bot_url = raw.url
  }
  return Object.freeze({ id, labels: Object.freeze(labels) })
}

/** The identity as label pairs, `bot` first. */
export function botLabelPairs (identity: BotIdentity): Array<[string, string]> {
  return [['bot', identity.id], ...Object.entries(identity.labels)]
}

/**
 * Adds constant labels to every sample line of a text exposition (format
 * 0.0.4 or OpenMetrics): `name{a="x"} 1` becomes `name{bot="b",a="x"} 1`.
 * A series that carries one of those label names itself keeps its value
 * as `exported_<name>`, as Prometheus does for a scraped label that clashes
 * with a target label. Comment lines pass unchanged.
 */
export function addConstantLabels (text: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  if (pairs.length === 0) return text
  let labelText = ''
  for (const [name, value] of pairs) labelText += name + '="' + escapeLabelValue(value) + '",'
  const bare = '{' + labelText.slice(0, -1) + '}'
  const open = '{' + labelText
  const names = pairs.map(([n]) => n)
  let out = ''
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    if (text.charCodeAt(start) === 35 /* # */ || end === start) {
      out += text.slice(start, end + 1)
      start = end + 1
      continue
    }
    let i = start
    // The metric name ends at `{`, a space, or the line's end.
    while (i < end) {
      const c = text.charCodeAt(i)
      if (c === 123 /* { */ || c === 32 /* space */) break
      i++
    }
    if (text.charCodeAt(i) === 123) {
      let own = text.slice(i + 1, end + 1)
      for (const n of names) {
        if (own.startsWith(n + '="') || own.includes(',' + n + '="')) own = renameLabel(own, n)
      }
      out += text.slice(start, i) + (own.startsWith('}') ? bare + own.slice(1) : open + own)
    } else {
      out += text.slice(start, i) + bare + text.slice(i, end + 1)
    }
    start = end + 1
  }
  return out
}

function renameLabel (own: string, name: string): string {
  let renamed = 'exported_' + name
  while (own.startsWith(renamed + '="') || own.includes(',' + renamed + '="')) renamed = 'exported_' + renamed
  if (own.startsWith(name + '="')) return renamed + own.slice(name.length)
  return own.replace(',' + name + '="', ',' + renamed + '="')
}
