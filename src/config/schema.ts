import { Type } from 'typebox'
import type { TSchema } from 'typebox'
import { formatDuration } from '../core/duration.ts'
import { DEMO_SCENARIOS, DemoScenario } from '../demo/scenario.ts'
import { REMOTE_WRITE_DEFAULTS } from '../export/remote-write-options.ts'
import { REQUEST_TIMEOUT_MS } from '../http/app.ts'
import { DEFAULT_RATE_LIMITS } from '../http/security/rate-limit-config.ts'
import { DEFAULT_SNAPSHOT_INTERVAL_MS } from '../persist/persistence.ts'
import { DEFAULT_TRADE_METADATA_KEYS } from '../trading/trade-metadata.ts'
import { HealthSchema } from './health-schema.ts'

/**
 * Annotations every setting of the schema may carry besides JSON Schema's own: `env`, the
 * variable, and `flag`, the command-line flag, that set it (flags win over variables, which
 * win over the file); `unit` of a number; `defaultText` where the default is not a literal
 * (computed at start); `expect`, how an error describes a valid value; `fileKey: false` for
 * settings a file cannot give (the ones that choose the file).
 */
export interface SettingAnnotations {
  env?: string
  flag?: string
  unit?: string
  defaultText?: string
  expect?: string
  fileKey?: boolean
  /** The value may hold a secret (a token, a URL with one): errors never quote it. */
  secret?: boolean
  description?: string
  default?: unknown
}

const setting = <T extends TSchema>(schema: T) => Type.Optional(schema)
const list = (options: SettingAnnotations) =>
  setting(Type.Union([Type.String(), Type.Array(Type.String())], { expect: 'a comma-separated text or a list of texts', ...options }))
const ms = (min: number, max: number, options: SettingAnnotations) =>
  setting(Type.Integer({ minimum: min, maximum: max, unit: 'ms', ...options }))

const rateLimitsText = Object.entries(DEFAULT_RATE_LIMITS)
  .map(([c, l]) => l === null ? `${c}=off` : `${c}=${l.max}/${formatDuration(l.windowMs)}`).join(',')

/** The log levels of the HTTP server's logger. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/**
 * The whole configuration, as a file writes it (snake_case keys, YAML or JSON) and as the
 * environment and flags set it (see the `env` and `flag` annotations): one schema, one table
 * of defaults and units. Every setting is optional; load.ts fills the defaults.
 */
export const ConfigSchema = Type.Object({
  port: setting(Type.Integer({ minimum: 0, maximum: 65535, default: 8000, env: 'PORT', flag: '--port', description: 'TCP port; 0 picks a free one' })),
  host: setting(Type.String({
    pattern: '^[\\w.:[\\]-]+$',
    expect: 'a host name or address',
    default: '127.0.0.1',
    env: 'HOST',
    flag: '--host',
    description: 'listen address; any other than a loopback one needs API keys or `--insecure`'
  })),
  data_dir: setting(Type.String({ minLength: 1, default: './data', env: 'DATA_DIR', flag: '--data-dir', description: 'data directory' })),
  persist: setting(Type.Boolean({ default: true, flag: '--no-persist', description: 'keep data in the data directory; `--no-persist`: memory only, nothing is read from or written to it' })),
  insecure: setting(Type.Boolean({ default: false, flag: '--insecure', description: 'allow a non-loopback listen address without API keys' })),
  api_keys: setting(Type.String({ env: 'METRICS_API_KEYS', description: 'API keys, `scope:key,...` ([SECURITY.md](SECURITY.md))', defaultText: 'none' })),
  api_keys_file: setting(Type.String({ minLength: 1, env: 'METRICS_API_KEYS_FILE', flag: '--api-keys-file', description: 'a file of the same entries, one a line, read with `METRICS_API_KEYS`' })),
  rate_limits: setting(Type.String({ env: 'RATE_LIMITS', flag: '--rate-limits', defaultText: rateLimitsText, description: 'per-class budgets per client, `class=max/window` or `class=off`, over the defaults' })),
  cors_origins: list({ env: 'CORS_ORIGINS', flag: '--cors-origins', defaultText: 'none', description: 'browser origins allowed to call the API (`scheme://host[:port]`, comma-separated)' }),
  allowed_hosts: list({
    env: 'ALLOWED_HOSTS',
    flag: '--allowed-hosts',
    defaultText: 'none',
    description: 'host names answered without keys besides `localhost`, `127.x.y.z`, `[::1]` (a reverse proxy\'s or port-forward\'s name; comma-separated, any port)'
  }),
  tls: setting(Type.Object({
    cert: setting(Type.String({ minLength: 1, env: 'TLS_CERT', flag: '--tls-cert', description: 'PEM certificate: serve HTTPS (with `tls.key`)' })),
    key: setting(Type.String({ minLength: 1, env: 'TLS_KEY', flag: '--tls-key', description: 'PEM private key (with `tls.cert`)' }))
  }, { additionalProperties: false })),
  trust_proxy: setting(Type.Union([Type.Boolean(), Type.Integer({ minimum: 1, maximum: 32 }), Type.String({ minLength: 1 }), Type.Array(Type.String())], {
    default: false,
    env: 'TRUST_PROXY',
    flag: '--trust-proxy',
    expect: 'true, false, a hop count 1..32, or addresses/CIDRs',
    description: 'proxies whose X-Forwarded-For to believe: `true`, a hop count, or addresses/CIDRs'
  })),
  request_timeout_ms: ms(1000, 600_000, { default: REQUEST_TIMEOUT_MS, env: 'REQUEST_TIMEOUT_MS', description: 'time to receive a whole request' }),
  env: setting(Type.String({ minLength: 1, default: 'development', env: 'NODE_ENV', flag: '--env', fileKey: false, description: 'config profile: the file\'s `profiles.<name>` applies over its top level' })),
  config: setting(Type.String({ minLength: 1, env: 'METRICS_CONFIG', flag: '--config', fileKey: false, description: 'YAML (or `.json`) config file: any setting by its key, `health`, and `profiles` ([config/metrics.example.yaml](config/metrics.example.yaml))' })),
  log_level: setting(Type.Union(LOG_LEVELS.map((l) => Type.Literal(l)), { default: 'info', env: 'LOG_LEVEL', flag: '--log-level', description: 'log level of the HTTP server' })),
  sample_interval_ms: ms(100, 3_600_000, { default: 5000, env: 'SAMPLE_INTERVAL_MS', description: 'system sampler period' }),
  read_cache_mb: setting(Type.Integer({
    minimum: 0,
    maximum: 65_536,
    unit: 'MiB',
    default: 32,
    env: 'READ_CACHE_MB',
    flag: '--read-cache-mb',
    description: 'MiB of serialised `/metric` and `/all` answers kept, least recently used out; `0` turns the cache off'
  })),
  trading: setting(Type.Object({
    starting_balance: setting(Type.Number({
      exclusiveMinimum: 0,
      expect: 'a number > 0',
      env: 'STARTING_BALANCE',
      flag: '--starting-balance',
      defaultText: 'none; the demo: 10000',
      description: 'account balance before the first trade, quote currency; relative trading figures need it'
    })),
    periods_per_year: setting(Type.Integer({ minimum: 1, maximum: 366, default: 365, env: 'PERIODS_PER_YEAR', description: 'days per year for Sharpe/Sortino/Calmar' })),
    trades_in_memory: setting(Type.Integer({
      minimum: 0,
      maximum: 100_000_000,
      unit: 'records',
      default: 10_000,
      env: 'TRADES_IN_MEMORY',
      flag: '--trades-in-memory',
      description: 'closed trade records kept in memory, newest; older ones stay in the database (`/trades` pages them) and in every figure; 0 keeps all ([docs/TRADING_METRICS.md](docs/TRADING_METRICS.md#records-in-memory))'
    })),
    metadata_keys: list({
      default: DEFAULT_TRADE_METADATA_KEYS.join(','),
      env: 'TRADE_METADATA_KEYS',
      flag: '--trade-metadata-keys',
      description: 'trade `metadata` keys kept, comma-separated, or `none`; others are neither stored nor served ([docs/TRADING_METRICS.md](docs/TRADING_METRICS.md#metadata))'
    })
  }, { additionalProperties: false })),
  persistence: setting(Type.Object({
    snapshot_interval_ms: ms(1000, 86_400_000, { default: DEFAULT_SNAPSHOT_INTERVAL_MS, env: 'SNAPSHOT_INTERVAL_MS', description: 'ring snapshot period' }),
    synchronous: setting(Type.Union([Type.Literal('full'), Type.Literal('normal')], {
      default: 'full', env: 'DB_SYNCHRONOUS', description: '`full` (fsync each commit) or `normal` (survives a killed process, not a power loss)'
    }))
  }, { additionalProperties: false })),
  remote_write: setting(Type.Object({
    url: setting(Type.String({ minLength: 1, secret: true, env: 'REMOTE_WRITE_URL', flag: '--remote-write-url', defaultText: 'off', description: 'push the exposition\'s samples to a remote-write store ([docs/MONITORING.md](docs/MONITORING.md))' })),
    bearer_token: setting(Type.String({ pattern: '^[^\\r\\n]*$', expect: 'one line of text', secret: true, env: 'REMOTE_WRITE_BEARER', description: 'bearer token for that store' })),
    interval_ms: ms(100, 3_600_000, { default: REMOTE_WRITE_DEFAULTS.intervalMs, env: 'REMOTE_WRITE_INTERVAL_MS', description: 'push period' }),
    queue_samples: setting(Type.Integer({
      minimum: 100,
      maximum: 10_000_000,
      unit: 'samples',
      default: REMOTE_WRITE_DEFAULTS.maxQueueSamples,
      env: 'REMOTE_WRITE_QUEUE_SAMPLES',
      description: 'samples kept while the store is away; the oldest are dropped'
    }))
  }, { additionalProperties: false })),
  bot: setting(Type.Object({
    id: setting(Type.String({ env: 'BOT_ID', flag: '--bot-id', defaultText: '`<host>:<port>`', description: 'the `bot` label of every exposed and pushed series, shown in `/summary` and the dashboard' })),
    labels: setting(Type.String({
      env: 'BOT_LABELS',
      defaultText: 'none',
      description: 'more labels for every series, `strategy=breakout,exchange=binance,account=main` (Prometheus label names; not `bot`, `job`, `instance`)'
    })),
    url: setting(Type.String({ minLength: 1, env: 'BOT_URL', defaultText: 'none', description: 'this bot\'s dashboard URL, as the `bot_url` label: the fleet view links to it' }))
  }, { additionalProperties: false })),
  fleet: setting(Type.Object({
    query_url: setting(Type.String({
      minLength: 1,
      secret: true,
      env: 'FLEET_QUERY_URL',
      flag: '--query-url',
      defaultText: 'none',
      description: '`fleet`: the Prometheus-compatible query API of the fleet\'s store, e.g. http://127.0.0.1:8428 ([docs/MONITORING.md](docs/MONITORING.md))'
    })),
    // Up to the hour the fleet queries remember a silent bot for (fleet-queries.ts).
    stale_after_ms: ms(1000, 3_600_000, {
      default: 60_000,
      env: 'FLEET_STALE_AFTER_MS',
      flag: '--stale-after-ms',
      description: '`fleet`: a bot silent this long is listed as stale (down); keep it equal to the BotDown alert\'s threshold'
    })
  }, { additionalProperties: false })),
  demo: setting(Type.Object({
    scenario: setting(Type.Union(DEMO_SCENARIOS.map((s) => Type.Literal(s)), {
      default: DemoScenario.normal,
      env: 'DEMO_SCENARIO',
      flag: '--scenario',
      description: 'demo only: `normal`, or `drawdown`, a losing streak that trips the `drawdown` rule and its `pause_entries` remediation'
    }))
  }, { additionalProperties: false })),
  health: setting(HealthSchema)
}, { additionalProperties: false })
