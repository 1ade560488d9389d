import { parseArgs } from 'node:util'
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { ConfigError } from './core/errors.ts'
import { DEFAULT_STORE_OPTIONS } from './core/store.ts'
import type { StoreOptions } from './core/store.ts'
import { parseApiKeys } from './http/security/api-keys.ts'
import type { ApiKeyEntry } from './http/security/api-keys.ts'
import { DEFAULT_RATE_LIMITS, parseRateLimits } from './http/security/rate-limit-config.ts'
import type { RateLimits } from './http/security/rate-limit-config.ts'
import { botIdentityFrom } from './export/bot-identity.ts'
import type { BotIdentity } from './export/bot-identity.ts'
import { parseAllowedHosts } from './http/security/host-check.ts'
import { DEFAULT_TRADE_METADATA_KEYS, parseTradeMetadataKeys } from './trading/trade-metadata.ts'
import { loadHealthConfig } from './health/config-file.ts'
import { healthConfigFrom } from './health/health-config.ts'
import type { HealthConfig } from './health/health-config.ts'
import { DEMO_SCENARIOS, DemoScenario, isDemoScenario } from './demo/scenario.ts'

/**
 * The service's configuration, read once at start from flags and the
 * environment (flags win), validated, defaulted and frozen. Inner layers
 * get what they need from here and never read `process.env` themselves.
 */
export interface ServiceConfig {
  /** TCP port; 0 picks a free one. Env PORT, flag --port. Default 8000. */
  port: number
  /** Listen address. Env HOST, flag --host. Default 127.0.0.1 (loopback only). */
  host: string
  /** Where the database and snapshots live. Env DATA_DIR, flag --data-dir. Default ./data. */
  dataDir: string
  /** False with --no-persist: memory only. */
  persist: boolean
  /** --insecure: allow a non-loopback listen address without API keys. */
  insecure: boolean
  /**
   * API keys, hashed (never the keys themselves). Env METRICS_API_KEYS
   * (`scope:key,...`) and the file named by METRICS_API_KEYS_FILE or
   * --api-keys-file (same entries, one a line), together. Default none.
   */
  apiKeys: readonly ApiKeyEntry[]
  /** Budgets per route class. Env RATE_LIMITS, flag --rate-limits (`read=600/1m,scrape=off`). */
  rateLimits: RateLimits
  /** Origins allowed to call the API from a browser. Env CORS_ORIGINS, flag --cors-origins (comma-separated). Default none: CORS off. */
  corsOrigins: readonly string[]
  /**
   * Host names answered without keys besides localhost, 127.x.y.z and [::1]
   * (a reverse proxy's public name, a port-forward reached by name). Env
   * ALLOWED_HOSTS, flag --allowed-hosts (comma-separated). Default none.
   */
  allowedHosts: readonly string[]
  /** PEM certificate and key paths: serve HTTPS. Env TLS_CERT / TLS_KEY, flags --tls-cert / --tls-key; both or neither. */
  tlsCertFile: string | null
  tlsKeyFile: string | null
  /**
   * Proxies whose X-Forwarded-For is believed: false, true, a hop count, or
   * addresses/CIDRs (comma-separated). Env TRUST_PROXY, flag --trust-proxy. Default false.
   */
  trustProxy: boolean | number | string[]
  /** Time a client has to send a whole request, ms. Env REQUEST_TIMEOUT_MS. Default 30000. */
  requestTimeoutMs: number
  /** Config profile. Env NODE_ENV, flag --env. Default development. */
  env: string
  /** Path of the YAML config file. Env METRICS_CONFIG, flag --config. */
  configFile: string | null
  /** System sampler period, ms. Default 5000. */
  sampleIntervalMs: number
  /** Ring and label limits. */
  store: StoreOptions
  /**
   * Health rules and alert delivery: the built-in rules, then the config
   * file's `health` section under the active profile, then the environment
   * (see docs/HEALTH.md and `loadHealthConfig`).
   */
  health: HealthConfig
  /** Log level of the HTTP server: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string
  /**
   * Trade ledger: starting balance (quote currency, null: none), days per
   * year for annualising, and the trade `metadata` keys kept (env
   * TRADE_METADATA_KEYS, flag --trade-metadata-keys; comma-separated, or
   * `none`; default order_id, strategy, entry_tag, exit_reason), and the
   * closed trade records kept in memory (env TRADES_IN_MEMORY, flag
   * --trades-in-memory; default 10,000; 0: all).
   */
  trading: { startingBalance: number | null, periodsPerYear: number, metadataKeys: readonly string[], tradesInMemory: number }
  /** Database: ring snapshot period, ms, and fsync policy (docs/persistence.md). */
  persistence: { snapshotIntervalMs: number, synchronous: 'full' | 'normal' }
  /** Remote write of the exposition to a Prometheus-compatible store; null when REMOTE_WRITE_URL is unset. */
  remoteWrite: RemoteWriteConfig | null
  /**
   * Who this service speaks for in a fleet: env BOT_ID / flag --bot-id
   * (default `<host>:<port>`), BOT_LABELS (`strategy=breakout,exchange=binance`)
   * and BOT_URL (as the `bot_url` label). Labels every exposed and pushed series.
   */
  bot: BotIdentity
  /** The fleet view's Prometheus-compatible query API: env FLEET_QUERY_URL, flag --query-url. Null when unset. */
  fleetQueryUrl: string | null
  /** What the demo bot's market does (`demo` command only). Env DEMO_SCENARIO, flag --scenario. Default normal. */
  demoScenario: DemoScenario
  /** Byte budget of the cache of serialised read answers. Env READ_CACHE_MB, flag --read-cache-mb (MiB, 0 turns it off). Default 32 MiB. */
  readCacheBytes: number
}

/** Where and how the service pushes its samples (docs/MONITORING.md). */
export interface RemoteWriteConfig {
  /** Env REMOTE_WRITE_URL, flag --remote-write-url, e.g. http://victoria-metrics:8428/api/v1/write. */
  url: string
  /** Env REMOTE_WRITE_BEARER: sent as `Authorization: Bearer <token>`. */
  bearerToken: string | null
  /** Env REMOTE_WRITE_INTERVAL_MS: how often to push, ms. Default 15,000. */
  intervalMs: number
  /** Env REMOTE_WRITE_QUEUE_SAMPLES: samples kept while the store is away. Default 50,000. */
  maxQueueSamples: number
}

/** Defaults, with units, in one table. */
export const DEFAULTS: Readonly<ServiceConfig> = Object.freeze({
  port: 8000,
  host: '127.0.0.1',
  dataDir: './data',
  persist: true,
  insecure: false,
  apiKeys: [],
  rateLimits: DEFAULT_RATE_LIMITS,
  corsOrigins: [],
  allowedHosts: [],
  tlsCertFile: null,
  tlsKeyFile: null,
  trustProxy: false,
  requestTimeoutMs: 30_000,
  env: 'development',
  configFile: null,
  sampleIntervalMs: 5000,
  store: { ...DEFAULT_STORE_OPTIONS },
  health: healthConfigFrom(undefined),
  logLevel: 'info',
  trading: { startingBalance: null, periodsPerYear: 365, metadataKeys: DEFAULT_TRADE_METADATA_KEYS, tradesInMemory: 10_000 },
  persistence: { snapshotIntervalMs: 60_000, synchronous: 'full' as const },
  remoteWrite: null,
  bot: Object.freeze({ id: `${hostname()}:8000`, labels: Object.freeze({}) }),
  fleetQueryUrl: null,
  demoScenario: DemoScenario.normal,
  readCacheBytes: 32 * 1024 * 1024
})

/** Push interval of remote write when REMOTE_WRITE_INTERVAL_MS is unset, ms. */
export const DEFAULT_REMOTE_WRITE_INTERVAL_MS = 15_000
/** Remote-write queue bound when REMOTE_WRITE_QUEUE_SAMPLES is unset, samples. */
export const DEFAULT_REMOTE_WRITE_QUEUE_SAMPLES = 50_000

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'no-persist': { type: 'boolean' },
  insecure: { type: 'boolean' },
  'api-keys-file': { type: 'string' },
  'rate-limits': { type: 'string' },
  'cors-origins': { type: 'string' },
  'allowed-hosts': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'trust-proxy': { type: 'string' },
  env: { type: 'string' },
  config: { type: 'string' },
  'log-level': { type: 'string' },
  'starting-balance': { type: 'string' },
  'trades-in-memory': { type: 'string' },
  'trade-metadata-keys': { type: 'string' },
  'remote-write-url': { type: 'string' },
  'bot-id': { type: 'string' },
  'query-url': { type: 'string' },
  scenario: { type: 'string' },
  'read-cache-mb': { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

/** The flags the CLI accepts, for its help text. */
export const FLAG_HELP: ReadonlyArray<[string, string]> = [
  ['--port <n>', 'TCP port (env PORT, default 8000)'],
  ['--host <addr>', 'listen address (env HOST, default 127.0.0.1)'],
  ['--data-dir <dir>', 'data directory (env DATA_DIR, default ./data)'],
  ['--no-persist', 'keep everything in memory only'],
  ['--insecure', 'allow a non-loopback address without API keys'],
  ['--api-keys-file <file>', 'API keys, scope:key one a line (env METRICS_API_KEYS_FILE; also env METRICS_API_KEYS)'],
  ['--rate-limits <spec>', 'per-class budgets, e.g. read=600/1m,scrape=off (env RATE_LIMITS)'],
  ['--cors-origins <list>', 'browser origins allowed to call the API (env CORS_ORIGINS, default none)'],
  ['--allowed-hosts <list>', 'host names answered without keys besides loopback ones (env ALLOWED_HOSTS, default none)'],
  ['--tls-cert <file>', 'PEM certificate: serve HTTPS (env TLS_CERT; needs --tls-key)'],
  ['--tls-key <file>', 'PEM private key (env TLS_KEY)'],
  ['--trust-proxy <v>', 'true, a hop count, or proxy addresses/CIDRs (env TRUST_PROXY, default false)'],
  ['--env <name>', 'config profile (env NODE_ENV, default development)'],
  ['--config <file>', 'YAML config file (env METRICS_CONFIG)'],
  ['--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (default info)'],
  ['--starting-balance <n>', 'account balance before the first trade, for relative trading figures (env STARTING_BALANCE)'],
  ['--trades-in-memory <n>', 'closed trade records kept in memory, newest; older ones stay in the database; 0: all (env TRADES_IN_MEMORY)'],
  ['--trade-metadata-keys <list>', 'trade metadata keys kept, or none (env TRADE_METADATA_KEYS, default order_id,strategy,entry_tag,exit_reason)'],
  ['--remote-write-url <url>', 'push samples to a remote-write store (env REMOTE_WRITE_URL; token: REMOTE_WRITE_BEARER)'],
  ['--scenario <name>', `demo only: ${DEMO_SCENARIOS.join(' or ')}, a losing streak that trips the drawdown rule (env DEMO_SCENARIO, default normal)`],
  ['--read-cache-mb <n>', 'MiB of serialised /metric and /all answers kept, 0 for none (env READ_CACHE_MB, default 32)'],
  ['--bot-id <id>', 'the bot label of every series (env BOT_ID, default <host>:<port>; more labels: BOT_LABELS, BOT_URL)'],
  ['--query-url <url>', 'fleet: the Prometheus-compatible query API, e.g. http://127.0.0.1:8428 (env FLEET_QUERY_URL)']
]

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/** Parsed flags and positionals of a command line (after the command name). */
export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>
  positionals: string[]
}

export function parseFlags (argv: readonly string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true })
    return { values, positionals }
  } catch (error) {
    throw new ConfigError('flags', (error as Error).message)
  }
}

function integer (field: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(field, `must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`)
  const n = Number(raw)
  if (n < min || n > max) throw new ConfigError(field, `must be an integer from ${min} to ${max}, got ${n}`)
  return n
}

function positiveNumber (field: string, raw: string): number {
  const n = Number(raw.trim())
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw new ConfigError(field, `must be a number > 0, got ${JSON.stringify(raw)}`)
  return n
}

/**
 * Builds the configuration from flags and environment. Throws ConfigError,
 * whose message names the field, on any invalid value.
 */
export function loadConfig (flags: ParsedArgs['values'], env: Readonly<Record<string, string | undefined>>): Readonly<ServiceConfig> {
  const pick = (flag: string, envName: string): string | undefined => {
    const f = flags[flag]
    if (typeof f === 'string') return f
    const e = env[envName]
    return e === undefined || e === '' ? undefined : e
  }
  const portRaw = pick('port', 'PORT')
  const host = pick('host', 'HOST') ?? DEFAULTS.host
  if (!/^[\w.:[\]-]+$/.test(host)) throw new ConfigError('host', `not a host name or address: ${JSON.stringify(host)}`)
  const logLevel = pick('log-level', 'LOG_LEVEL') ?? DEFAULTS.logLevel
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('log-level', `must be one of ${LOG_LEVELS.join(', ')}`)
  const sampleRaw = env.SAMPLE_INTERVAL_MS
  const balanceRaw = pick('starting-balance', 'STARTING_BALANCE')
  const yearRaw = env.PERIODS_PER_YEAR
  const inMemoryRaw = pick('trades-in-memory', 'TRADES_IN_MEMORY')
  const metadataKeysRaw = pick('trade-metadata-keys', 'TRADE_METADATA_KEYS')
  const snapshotRaw = env.SNAPSHOT_INTERVAL_MS
  const synchronous = env.DB_SYNCHRONOUS === undefined || env.DB_SYNCHRONOUS === '' ? DEFAULTS.persistence.synchronous : env.DB_SYNCHRONOUS
  if (synchronous !== 'full' && synchronous !== 'normal') throw new ConfigError('DB_SYNCHRONOUS', `must be full or normal, got ${JSON.stringify(synchronous)}`)
  const timeoutRaw = env.REQUEST_TIMEOUT_MS
  const tlsCertFile = pick('tls-cert', 'TLS_CERT') ?? null
  const tlsKeyFile = pick('tls-key', 'TLS_KEY') ?? null
  if ((tlsCertFile === null) !== (tlsKeyFile === null)) throw new ConfigError('tls', '--tls-cert and --tls-key go together: give both or neither')
  const rateSpec = pick('rate-limits', 'RATE_LIMITS')
  const allowedHosts = pick('allowed-hosts', 'ALLOWED_HOSTS')
  const profile = pick('env', 'NODE_ENV') ?? DEFAULTS.env
  const configFile = pick('config', 'METRICS_CONFIG') ?? null
  const readCacheRaw = pick('read-cache-mb', 'READ_CACHE_MB')
  const port = portRaw === undefined ? DEFAULTS.port : integer('port', portRaw, 0, 65535)
  const scenario = pick('scenario', 'DEMO_SCENARIO') ?? DEFAULTS.demoScenario
  if (!isDemoScenario(scenario)) throw new ConfigError('scenario', `must be one of ${DEMO_SCENARIOS.join(', ')}, got ${JSON.stringify(scenario)}`)
  const config: ServiceConfig = {
    port,
    host,
    dataDir: resolve(pick('data-dir', 'DATA_DIR') ?? DEFAULTS.dataDir),
    persist: flags['no-persist'] !== true,
    insecure: flags.insecure === true,
    apiKeys: Object.freeze(loadApiKeys(env.METRICS_API_KEYS, pick('api-keys-file', 'METRICS_API_KEYS_FILE'))),
    rateLimits: rateSpec === undefined ? DEFAULTS.rateLimits : parseRateLimits(rateSpec, 'rate-limits'),
    corsOrigins: Object.freeze(parseOrigins(pick('cors-origins', 'CORS_ORIGINS'))),
    allowedHosts: Object.freeze(allowedHosts === undefined ? [] : parseAllowedHosts(allowedHosts, 'allowed-hosts')),
    tlsCertFile: tlsCertFile === null ? null : resolve(tlsCertFile),
    tlsKeyFile: tlsKeyFile === null ? null : resolve(tlsKeyFile),
    trustProxy: parseTrustProxy(pick('trust-proxy', 'TRUST_PROXY')),
    requestTimeoutMs: timeoutRaw === undefined ? DEFAULTS.requestTimeoutMs : integer('REQUEST_TIMEOUT_MS', timeoutRaw, 1000, 600_000),
    env: profile,
    configFile,
    sampleIntervalMs: sampleRaw === undefined ? DEFAULTS.sampleIntervalMs : integer('SAMPLE_INTERVAL_MS', sampleRaw, 100, 3_600_000),
    store: { ...DEFAULTS.store },
    // The instance label Prometheus gives a scrape of this service (host:port), so that
    // Alertmanager sees the service's own alerts and Prometheus' as the same bot's.
    health: loadHealthConfig({ file: configFile, profile, env, instance: `${hostname()}:${port}` }),
    logLevel,
    trading: {
      startingBalance: balanceRaw === undefined ? DEFAULTS.trading.startingBalance : positiveNumber('starting-balance', balanceRaw),
      periodsPerYear: yearRaw === undefined ? DEFAULTS.trading.periodsPerYear : integer('PERIODS_PER_YEAR', yearRaw, 1, 366),
      metadataKeys: Object.freeze(metadataKeysRaw === undefined ? DEFAULTS.trading.metadataKeys : tradeMetadataKeys(metadataKeysRaw)),
      tradesInMemory: inMemoryRaw === undefined ? DEFAULTS.trading.tradesInMemory : integer('trades-in-memory', inMemoryRaw, 0, 100_000_000)
    },
    persistence: {
      snapshotIntervalMs: snapshotRaw === undefined ? DEFAULTS.persistence.snapshotIntervalMs : integer('SNAPSHOT_INTERVAL_MS', snapshotRaw, 1000, 86_400_000),
      synchronous
    },
    remoteWrite: remoteWriteConfig(pick('remote-write-url', 'REMOTE_WRITE_URL'), env),
    bot: botIdentityFrom({ id: pick('bot-id', 'BOT_ID'), labels: env.BOT_LABELS, url: env.BOT_URL === '' ? undefined : env.BOT_URL }, `${hostname()}:${port}`),
    fleetQueryUrl: httpUrl('query-url', pick('query-url', 'FLEET_QUERY_URL')),
    demoScenario: scenario,
    readCacheBytes: readCacheRaw === undefined ? DEFAULTS.readCacheBytes : integer('read-cache-mb', readCacheRaw, 0, 65_536) * 1024 * 1024
  }
  return Object.freeze(config)
}

/**
 * Keys from the environment and a key file, hashed as they are read: the
 * clear keys live no longer than this call. The file is for secrets
 * mounted by an orchestrator; it is never written.
 */
function loadApiKeys (fromEnv: string | undefined, file: string | undefined): ApiKeyEntry[] {
  const keys = fromEnv === undefined || fromEnv === '' ? [] : parseApiKeys(fromEnv, 'METRICS_API_KEYS')
  if (file === undefined) return keys
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new ConfigError('api-keys-file', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  const seen = new Set(keys.map((k) => k.scope + k.sha256))
  return [...keys, ...parseApiKeys(text, 'api-keys-file').filter((k) => !seen.has(k.scope + k.sha256))]
}

function tradeMetadataKeys (raw: string): string[] {
  try {
    return parseTradeMetadataKeys(raw, 'trade-metadata-keys')
  } catch (error) {
    // The library's InvalidArgumentError, told as a configuration error naming the same field.
    throw new ConfigError('trade-metadata-keys', (error as Error).message.replace(/^trade-metadata-keys: /, ''))
  }
}

function parseOrigins (raw: string | undefined): string[] {
  if (raw === undefined) return []
  const origins = raw.split(',').map((o) => o.trim()).filter((o) => o !== '')
  for (const o of origins) {
    if (o !== '*' && !/^https?:\/\/[a-zA-Z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9a-fA-F:.]+\](:\d{1,5})?$/.test(o)) {
      throw new ConfigError('cors-origins', `${JSON.stringify(o)} is not an origin (scheme://host[:port], no path)`)
    }
  }
  return origins
}

function parseTrustProxy (raw: string | undefined): boolean | number | string[] {
  if (raw === undefined || raw === 'false') return false
  if (raw === 'true') return true
  if (/^\d+$/.test(raw)) return integer('trust-proxy', raw, 1, 32)
  const list = raw.split(',').map((a) => a.trim()).filter((a) => a !== '')
  for (const a of list) {
    if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$|^(loopback|linklocal|uniquelocal)$/.test(a)) {
      throw new ConfigError('trust-proxy', `${JSON.stringify(a)} is not an address, CIDR, loopback, linklocal or uniquelocal`)
    }
  }
  return list
}

function httpUrl (field: string, raw: string | undefined): string | null {
  if (raw === undefined) return null
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new ConfigError(field, `not a URL: ${JSON.stringify(raw)}`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(field, `must be http: or https:, got ${parsed.protocol}`)
  return raw.replace(/\/+$/, '')
}

function remoteWriteConfig (url: string | undefined, env: Readonly<Record<string, string | undefined>>): RemoteWriteConfig | null {
  if (url === undefined) return null
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new ConfigError('remote-write-url', `not a URL: ${JSON.stringify(url)}`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError('remote-write-url', `must be http: or https:, got ${parsed.protocol}`)
  }
  const bearer = env.REMOTE_WRITE_BEARER
  if (bearer !== undefined && /[\r\n]/.test(bearer)) throw new ConfigError('REMOTE_WRITE_BEARER', 'must be on one line')
  const intervalRaw = env.REMOTE_WRITE_INTERVAL_MS
  const queueRaw = env.REMOTE_WRITE_QUEUE_SAMPLES
  return Object.freeze({
    url,
    bearerToken: bearer === undefined || bearer === '' ? null : bearer,
    intervalMs: intervalRaw === undefined || intervalRaw === ''
      ? DEFAULT_REMOTE_WRITE_INTERVAL_MS
      : integer('REMOTE_WRITE_INTERVAL_MS', intervalRaw, 100, 3_600_000),
    maxQueueSamples: queueRaw === undefined || queueRaw === ''
      ? DEFAULT_REMOTE_WRITE_QUEUE_SAMPLES
      : integer('REMOTE_WRITE_QUEUE_SAMPLES', queueRaw, 100, 10_000_000)
  })
}

/** True for loopback addresses, where an unauthenticated service is reachable only from this machine. */
export function isLoopback (host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
}
