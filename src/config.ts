import { parseArgs } from 'node:util'
import { ConfigError } from './core/errors.ts'
import type { StoreOptions } from './core/store.ts'
import type { ApiKeyEntry } from './http/security/api-keys.ts'
import type { RateLimits } from './http/security/rate-limit-config.ts'
import type { BotIdentity } from './export/bot-identity.ts'
import type { HealthConfig } from './health/health-config.ts'
import type { DemoScenario } from './demo/scenario.ts'
import { resolveConfig } from './config/resolve.ts'
import { FLAG_HELP, PARSE_OPTIONS } from './config/sources.ts'

/**
 * The service's configuration, read once at start from the config file, the
 * environment and flags (flags win, then variables), validated against the
 * schema of src/config/schema.ts (where every setting's path, variable,
 * flag, default and unit are written), defaulted and frozen. Inner layers
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
  /** The fleet view lists a bot silent this long as stale, ms: env FLEET_STALE_AFTER_MS, flag --stale-after-ms. Default 60,000 (as BotDown). */
  fleetStaleAfterMs: number
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

/** The flags the CLI accepts, for its help text (from the configuration schema). */
export { FLAG_HELP }

/** Parsed flags and positionals of a command line (after the command name). */
export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>
  positionals: string[]
}

/** Parses a command line against the flags of the configuration schema. Throws ConfigError (`flags`) on an unknown flag. */
export function parseFlags (argv: readonly string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: PARSE_OPTIONS, allowPositionals: true, strict: true })
    return { values, positionals }
  } catch (error) {
    throw new ConfigError('flags', (error as Error).message)
  }
}

/**
 * Builds the configuration from the config file, the environment and the flags (each winning
 * over the one before), checked against the configuration schema (src/config/schema.ts),
 * defaulted and frozen. Throws ConfigError naming the setting's path and where its value came
 * from: `config port (from PORT): must be an integer from 0 to 65535, got "eighty"`.
 *
 * @example loadConfig(parseFlags(process.argv.slice(3)).values, process.env)
 */
export function loadConfig (flags: ParsedArgs['values'], env: Readonly<Record<string, string | undefined>>): Readonly<ServiceConfig> {
  return resolveConfig(flags, env)
}

/** True for loopback addresses, where an unauthenticated service is reachable only from this machine. */
export function isLoopback (host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
}
