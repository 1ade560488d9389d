import { ConfigError } from '../core/errors.ts'
import { isObject } from './config-values.ts'
import type { RawObject } from './config-values.ts'
import { applyRuleEnv } from './rules-config.ts'

/**
 * The environment variables of the health section and the key each sets, under `health.`.
 * A variable wins over the file; an empty one counts as unset. A URL variable alone turns its
 * notifier on. `HEALTH_RULE_<ID>_<FIELD>` variables are read by `applyRuleEnv`.
 */
export const HEALTH_ENV: Readonly<Record<string, string>> = Object.freeze({
  HEALTH_INTERVAL: 'interval',
  ALERT_WEBHOOK_URL: 'notifications.webhook.url',
  ALERTMANAGER_URL: 'notifications.alertmanager.url',
  TRADE_NOTIFY_URL: 'notifications.trades.url',
  TRADE_NOTIFY_FORMAT: 'notifications.trades.format',
  TRADE_NOTIFY_CHAT_ID: 'notifications.trades.chat_id',
  TRADE_NOTIFY_DIGEST_HOUR_UTC: 'notifications.trades.digest_hour_utc'
})

/** A health section with the environment applied, and which variable set each key (`health.interval` -> `HEALTH_INTERVAL`). */
export interface HealthEnvResult {
  section: RawObject
  sources: Map<string, string>
}

/**
 * Sets `value` at the dotted `path` of `doc`, copying each mapping on the way so that the
 * caller's document is not changed. A value that is not a mapping on the way is an error
 * naming its path (`prefix` + the keys so far).
 */
export function setAtPath (doc: RawObject, path: string, value: unknown, prefix = ''): RawObject {
  const [head, ...rest] = path.split('.')
  if (rest.length === 0) return { ...doc, [head]: value }
  const inner = doc[head]
  if (inner !== undefined && inner !== null && !isObject(inner)) throw new ConfigError(`${prefix}${head}`, 'must be a mapping of keys to values')
  return { ...doc, [head]: setAtPath((inner ?? {}) as RawObject, rest.join('.'), value, `${prefix}${head}.`) }
}

/**
 * Applies the health variables of `env` to a raw health section (not yet validated). Throws
 * ConfigError for a `HEALTH_RULE_` variable that names no rule field.
 *
 * @example applyHealthEnv({ interval: '5s' }, { HEALTH_INTERVAL: '10s' }) // section.interval '10s', sources health.interval -> HEALTH_INTERVAL
 */
export function applyHealthEnv (section: RawObject, env: Readonly<Record<string, string | undefined>>, knownRuleIds: readonly string[]): HealthEnvResult {
  const sources = new Map<string, string>()
  let out = section
  for (const [name, key] of Object.entries(HEALTH_ENV)) {
    const value = env[name]
    if (value === undefined || value === '') continue
    out = setAtPath(out, key, value, 'health.')
    sources.set(`health.${key}`, name)
  }
  out = applyRuleEnv(out, env, knownRuleIds, sources)
  return { section: out, sources }
}

/**
 * Runs `build`, and tells a ConfigError on a key a variable set as coming from that variable:
 * the checks need not know where a value came from.
 */
export function namingSources<T> (sources: ReadonlyMap<string, string>, build: () => T): T {
  try {
    return build()
  } catch (error) {
    if (error instanceof ConfigError && error.source === null) {
      const source = sources.get(error.field)
      if (source !== undefined) throw new ConfigError(error.field, error.reason, source)
    }
    throw error
  }
}
