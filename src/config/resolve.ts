import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { ConfigError, MetricsError } from '../core/errors.ts'
import { redactUrl } from '../core/redact-url.ts'
import { DEFAULT_STORE_OPTIONS } from '../core/store.ts'
import type { DemoScenario } from '../demo/scenario.ts'
import { botIdentityFrom } from '../export/bot-identity.ts'
import type { RawObject } from '../health/config-values.ts'
import { healthConfigFrom } from '../health/health-config.ts'
import { parseApiKeys } from '../http/security/api-keys.ts'
import type { ApiKeyEntry } from '../http/security/api-keys.ts'
import { parseAllowedHosts } from '../http/security/host-check.ts'
import { DEFAULT_RATE_LIMITS, parseRateLimits } from '../http/security/rate-limit-config.ts'
import { parseTradeMetadataKeys } from '../trading/trade-metadata.ts'
import type { ServiceConfig } from '../config.ts'
import { configDocument, valueAt } from './document.ts'
import type { EnvValues, FlagValues } from './document.ts'

/**
 * Builds the service's configuration from flags, environment and the config file: merged and
 * checked against the schema (document.ts), then each setting made into what the service uses.
 * Throws ConfigError naming the setting's path and where its value came from.
 */
export function resolveConfig (flags: FlagValues, env: EnvValues): Readonly<ServiceConfig> {
  const { doc, sourceOf } = configDocument(flags, env)
  const get = (path: string): unknown => valueAt(doc, path)
  const str = (path: string): string | undefined => get(path) as string | undefined
  /** Runs a parser of the library, its errors told as the setting's. */
  const at = <T>(path: string, parse: () => T): T => {
    try {
      return parse()
    } catch (error) {
      if (!(error instanceof MetricsError)) throw error
      const reason = error instanceof ConfigError ? error.reason : error.message.replace(/^[\w.-]+: /, '')
      // A parser's own detail (`entry 2`) stays in the reason.
      const detail = error instanceof ConfigError ? error.field.split(' ').slice(1).join(' ') : ''
      throw new ConfigError(path, detail === '' ? reason : `${detail}: ${reason}`, sourceOf(path))
    }
  }
  const listText = (path: string): string | undefined => {
    const v = get(path)
    return Array.isArray(v) ? v.join(',') : v as string | undefined
  }
  const port = get('port') as number
  const tlsCert = str('tls.cert') ?? null
  const tlsKey = str('tls.key') ?? null
  if ((tlsCert === null) !== (tlsKey === null)) {
    const given = tlsCert === null ? 'tls.key' : 'tls.cert'
    throw new ConfigError('tls', 'cert and key go together (--tls-cert and --tls-key, TLS_CERT and TLS_KEY): give both or neither', sourceOf(given))
  }
  const instance = `${hostname()}:${port}`
  const rateSpec = str('rate_limits')
  const allowedHosts = listText('allowed_hosts')
  const metadataKeys = listText('trading.metadata_keys') as string
  const remoteUrl = str('remote_write.url')
  const bearer = str('remote_write.bearer_token')
  const config: ServiceConfig = {
    port,
    host: get('host') as string,
    dataDir: resolve(get('data_dir') as string),
    persist: get('persist') as boolean,
    insecure: get('insecure') as boolean,
    apiKeys: Object.freeze(apiKeys(str('api_keys'), str('api_keys_file'), at)),
    rateLimits: rateSpec === undefined ? DEFAULT_RATE_LIMITS : at('rate_limits', () => parseRateLimits(rateSpec, 'rate_limits')),
    corsOrigins: Object.freeze(at('cors_origins', () => parseOrigins(listText('cors_origins')))),
    allowedHosts: Object.freeze(allowedHosts === undefined ? [] : at('allowed_hosts', () => parseAllowedHosts(allowedHosts, 'allowed_hosts'))),
    tlsCertFile: tlsCert === null ? null : resolve(tlsCert),
    tlsKeyFile: tlsKey === null ? null : resolve(tlsKey),
    trustProxy: at('trust_proxy', () => trustProxy(get('trust_proxy') as boolean | number | string | string[])),
    requestTimeoutMs: get('request_timeout_ms') as number,
    env: get('env') as string,
    configFile: str('config') ?? null,
    sampleIntervalMs: get('sample_interval_ms') as number,
    store: { ...DEFAULT_STORE_OPTIONS },
    // The instance label Prometheus gives a scrape of this service (host:port), so that
    // Alertmanager sees the service's own alerts and Prometheus' as the same bot's.
    health: healthSection(doc.health, instance, sourceOf),
    logLevel: get('log_level') as string,
    trading: {
      startingBalance: (get('trading.starting_balance') as number | undefined) ?? null,
      periodsPerYear: get('trading.periods_per_year') as number,
      tradesInMemory: get('trading.trades_in_memory') as number,
      metadataKeys: Object.freeze(at('trading.metadata_keys', () => parseTradeMetadataKeys(metadataKeys, 'trading.metadata_keys')))
    },
    persistence: {
      snapshotIntervalMs: get('persistence.snapshot_interval_ms') as number,
      synchronous: get('persistence.synchronous') as 'full' | 'normal'
    },
    remoteWrite: remoteUrl === undefined
      ? null
      : Object.freeze({
        url: at('remote_write.url', () => httpUrl(remoteUrl, false)),
        bearerToken: bearer === undefined || bearer === '' ? null : bearer,
        intervalMs: get('remote_write.interval_ms') as number,
        maxQueueSamples: get('remote_write.queue_samples') as number
      }),
    bot: botIdentity(str('bot.id'), str('bot.labels'), str('bot.url'), instance, sourceOf),
    fleetQueryUrl: str('fleet.query_url') === undefined ? null : at('fleet.query_url', () => httpUrl(str('fleet.query_url') as string, true)),
    fleetStaleAfterMs: get('fleet.stale_after_ms') as number,
    demoScenario: get('demo.scenario') as DemoScenario,
    readCacheBytes: (get('read_cache_mb') as number) * 1024 * 1024
  }
  return Object.freeze(config)
}

function healthSection (raw: unknown, instance: string, sourceOf: (path: string) => string | null): ServiceConfig['health'] {
  try {
    return healthConfigFrom(raw as RawObject | undefined, { instance })
  } catch (error) {
    if (error instanceof ConfigError && error.source === null) throw new ConfigError(error.field, error.reason, sourceOf(error.field))
    throw error
  }
}

function botIdentity (id: string | undefined, labels: string | undefined, url: string | undefined, instance: string,
  sourceOf: (path: string) => string | null): ServiceConfig['bot'] {
  try {
    return botIdentityFrom({ id, labels, url }, instance)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    // The identity's parser names its inputs by their variables.
    const path = ({ BOT_URL: 'bot.url', 'bot-id': 'bot.id' } as Record<string, string>)[error.field] ?? 'bot.labels'
    throw new ConfigError(path, error.reason, sourceOf(path))
  }
}

/**
 * Keys from the setting and a key file, hashed as they are read: the clear keys live no
 * longer than this call. The file is for secrets mounted by an orchestrator; it is never written.
 */
function apiKeys (fromSetting: string | undefined, file: string | undefined, at: <T>(path: string, parse: () => T) => T): ApiKeyEntry[] {
  const keys = fromSetting === undefined || fromSetting === '' ? [] : at('api_keys', () => parseApiKeys(fromSetting, 'api_keys'))
  if (file === undefined) return keys
  return at('api_keys_file', () => {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      throw new ConfigError('api_keys_file', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
    }
    const seen = new Set(keys.map((k) => k.scope + k.sha256))
    return [...keys, ...parseApiKeys(text, 'api_keys_file').filter((k) => !seen.has(k.scope + k.sha256))]
  })
}

function parseOrigins (raw: string | undefined): string[] {
  if (raw === undefined) return []
  const origins = raw.split(',').map((o) => o.trim()).filter((o) => o !== '')
  for (const o of origins) {
    if (o !== '*' && !/^https?:\/\/[a-zA-Z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9a-fA-F:.]+\](:\d{1,5})?$/.test(o)) {
      throw new ConfigError('cors_origins', `${JSON.stringify(o)} is not an origin (scheme://host[:port], no path)`)
    }
  }
  return origins
}

function trustProxy (raw: boolean | number | string | string[]): boolean | number | string[] {
  if (typeof raw === 'boolean' || typeof raw === 'number') return raw
  if (!Array.isArray(raw)) {
    if (raw === 'false') return false
    if (raw === 'true') return true
    if (/^\d+$/.test(raw.trim())) {
      const n = Number(raw)
      if (n < 1 || n > 32) throw new ConfigError('trust_proxy', `must be a hop count from 1 to 32, got ${n}`)
      return n
    }
  }
  const list = (Array.isArray(raw) ? raw : raw.split(',')).map((a) => a.trim()).filter((a) => a !== '')
  for (const a of list) {
    if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$|^(loopback|linklocal|uniquelocal)$/.test(a)) {
      throw new ConfigError('trust_proxy', `${JSON.stringify(a)} is not an address, CIDR, loopback, linklocal or uniquelocal`)
    }
  }
  return list
}

/**
 * An http(s) URL, checked; without its trailing slashes when `trim`. Messages
 * never quote it: a store's URL may carry credentials or a token.
 */
function httpUrl (raw: string, trim: boolean): string {
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError('url', `not a URL: ${raw.length} characters (not shown: they may hold a token)`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError('url', `must be http: or https:, got ${redactUrl(raw)}`)
  return trim ? raw.replace(/\/+$/, '') : raw
}
