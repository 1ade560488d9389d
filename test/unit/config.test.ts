import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join, resolve } from 'node:path'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { isLoopback, loadConfig, parseFlags } from '../../src/config.ts'
import { ConfigError } from '../../src/core/errors.ts'

test('defaults: 127.0.0.1:8000, ./data, persistence on', () => {
  const c = loadConfig({}, {})
  assert.equal(c.port, 8000)
  assert.equal(c.host, '127.0.0.1')
  assert.equal(c.dataDir, resolve('./data'))
  assert.equal(c.persist, true)
  assert.ok(Object.isFrozen(c))
})

test('flags win over the environment', () => {
  const { values } = parseFlags(['--port', '9001', '--data-dir', '/tmp/x', '--no-persist'])
  const c = loadConfig(values, { PORT: '7000', DATA_DIR: '/tmp/y', HOST: '127.0.0.2' })
  assert.equal(c.port, 9001)
  assert.equal(c.dataDir, '/tmp/x')
  assert.equal(c.host, '127.0.0.2')
  assert.equal(c.persist, false)
})

test('bad values throw ConfigError naming the field', () => {
  assert.throws(() => loadConfig({}, { PORT: 'eighty' }), (e: unknown) => e instanceof ConfigError && /config port \(from PORT\): must be an integer from 0 to 65535, got "eighty"/.test(e.message))
  assert.throws(() => loadConfig({}, { PORT: '70000' }), /config port \(from PORT\)/)
  assert.throws(() => loadConfig({ 'log-level': 'loud' }, {}), /config log_level \(from --log-level\): must be one of fatal/)
  assert.throws(() => parseFlags(['--bogus']), (e: unknown) => e instanceof ConfigError && /flags/.test(e.message))
})

test('loopback detection', () => {
  assert.ok(isLoopback('127.0.0.1'))
  assert.ok(isLoopback('localhost'))
  assert.ok(isLoopback('::1'))
  assert.ok(!isLoopback('0.0.0.0'))
  assert.ok(!isLoopback('192.168.1.5'))
})

test('trading and persistence settings: defaults, environment, flag, bad values', () => {
  const d = loadConfig({}, {})
  assert.deepEqual(d.trading, { startingBalance: null, periodsPerYear: 365, metadataKeys: ['order_id', 'strategy', 'entry_tag', 'exit_reason'], tradesInMemory: 10_000 })
  assert.deepEqual(d.persistence, { snapshotIntervalMs: 60_000, synchronous: 'full' })
  const env = { STARTING_BALANCE: '2500.5', PERIODS_PER_YEAR: '252', SNAPSHOT_INTERVAL_MS: '5000', DB_SYNCHRONOUS: 'normal' }
  const c = loadConfig({}, env)
  assert.deepEqual(c.trading, { startingBalance: 2500.5, periodsPerYear: 252, metadataKeys: ['order_id', 'strategy', 'entry_tag', 'exit_reason'], tradesInMemory: 10_000 })
  assert.equal(loadConfig({}, { TRADES_IN_MEMORY: '10000' }).trading.tradesInMemory, 10_000)
  assert.equal(loadConfig(parseFlags(['--trades-in-memory', '500']).values, { TRADES_IN_MEMORY: '7' }).trading.tradesInMemory, 500)
  assert.throws(() => loadConfig({}, { TRADES_IN_MEMORY: '-1' }), /config trading\.trades_in_memory \(from TRADES_IN_MEMORY\): must be an integer/)
  assert.deepEqual(c.persistence, { snapshotIntervalMs: 5000, synchronous: 'normal' })
  assert.equal(loadConfig(parseFlags(['--starting-balance', '100']).values, env).trading.startingBalance, 100)
  assert.throws(() => loadConfig({}, { STARTING_BALANCE: '-5' }), /config trading\.starting_balance \(from STARTING_BALANCE\): must be a number > 0/)
  assert.throws(() => loadConfig({}, { STARTING_BALANCE: 'lots' }), /trading\.starting_balance/)
  assert.throws(() => loadConfig({}, { DB_SYNCHRONOUS: 'off' }), /config persistence\.synchronous \(from DB_SYNCHRONOUS\): must be one of full, normal/)
  assert.throws(() => loadConfig({}, { SNAPSHOT_INTERVAL_MS: '10' }), /config persistence\.snapshot_interval_ms \(from SNAPSHOT_INTERVAL_MS\)/)
  assert.throws(() => loadConfig({}, { PERIODS_PER_YEAR: '0' }), /config trading\.periods_per_year \(from PERIODS_PER_YEAR\)/)
  assert.deepEqual(loadConfig({}, { TRADE_METADATA_KEYS: 'order_id, venue' }).trading.metadataKeys, ['order_id', 'venue'])
  assert.deepEqual(loadConfig({}, { TRADE_METADATA_KEYS: 'none' }).trading.metadataKeys, [])
  assert.deepEqual(loadConfig(parseFlags(['--trade-metadata-keys', 'strategy']).values, { TRADE_METADATA_KEYS: 'venue' }).trading.metadataKeys, ['strategy'])
  assert.throws(() => loadConfig({}, { TRADE_METADATA_KEYS: 'order id' }), /config trading\.metadata_keys \(from TRADE_METADATA_KEYS\): "order id" is not a metadata key/)
})

test('API keys from METRICS_API_KEYS and a key file are kept as digests only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bm-config-'))
  const file = join(dir, 'keys')
  writeFileSync(file, '# scrapers\nread:file-read-key-0123456789\n\nadmin:env-admin-key-0123456789\n')
  const c = loadConfig({ 'api-keys-file': file }, { METRICS_API_KEYS: 'admin:env-admin-key-0123456789,write:env-write-key-0123456789' })
  assert.deepEqual(c.apiKeys.map((k) => k.scope), ['admin', 'write', 'read'])
  assert.ok(!JSON.stringify(c).includes('env-admin-key-0123456789'), 'no key in clear in the config')
  assert.ok(Object.isFrozen(c.apiKeys))
  assert.equal(loadConfig({}, { METRICS_API_KEYS_FILE: file }).apiKeys.length, 2)
  assert.deepEqual(loadConfig({}, {}).apiKeys, [])
  assert.throws(() => loadConfig({}, { METRICS_API_KEYS: 'admin:short' }), (e: unknown) => e instanceof ConfigError && /config api_keys \(from METRICS_API_KEYS\): entry 1/.test(e.message) && !e.message.includes('short'))
  assert.throws(() => loadConfig({ 'api-keys-file': join(dir, 'missing') }, {}), /config api_keys_file \(from --api-keys-file\): cannot read .*ENOENT/)
  rmSync(dir, { recursive: true })
})

test('rate limits, CORS origins, TLS, trust proxy and timeouts', () => {
  const d = loadConfig({}, {})
  assert.deepEqual(d.corsOrigins, [])
  assert.equal(d.trustProxy, false)
  assert.equal(d.tlsCertFile, null)
  assert.equal(d.requestTimeoutMs, 30_000)
  assert.deepEqual(d.rateLimits.scrape, { max: 600, windowMs: 60_000 })
  const { values } = parseFlags(['--rate-limits', 'read=10/1s', '--cors-origins', 'https://a.example, http://127.0.0.1:3000', '--trust-proxy', '1',
    '--tls-cert', '/etc/bm/cert.pem', '--tls-key', '/etc/bm/key.pem'])
  const c = loadConfig(values, { RATE_LIMITS: 'read=1/1m', REQUEST_TIMEOUT_MS: '5000' })
  assert.deepEqual(c.rateLimits.read, { max: 10, windowMs: 1000 })
  assert.deepEqual(c.corsOrigins, ['https://a.example', 'http://127.0.0.1:3000'])
  assert.equal(c.trustProxy, 1)
  assert.equal(c.tlsCertFile, '/etc/bm/cert.pem')
  assert.equal(c.requestTimeoutMs, 5000)
  assert.deepEqual(loadConfig({}, { TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy, ['10.0.0.0/8', 'loopback'])
  assert.equal(loadConfig({}, { TRUST_PROXY: 'true' }).trustProxy, true)
  assert.throws(() => loadConfig({}, { CORS_ORIGINS: 'https://a.example/path' }), /config cors_origins \(from CORS_ORIGINS\)/)
  assert.throws(() => loadConfig({}, { TRUST_PROXY: 'everyone' }), /config trust_proxy \(from TRUST_PROXY\)/)
  assert.throws(() => loadConfig({ 'tls-cert': '/x.pem' }, {}), /config tls \(from --tls-cert\): cert and key go together/)
  assert.throws(() => loadConfig({}, { RATE_LIMITS: 'reads=1/1m' }), /config rate_limits \(from RATE_LIMITS\)/)
  assert.throws(() => loadConfig({}, { REQUEST_TIMEOUT_MS: '10' }), /config request_timeout_ms \(from REQUEST_TIMEOUT_MS\)/)
})

test('remote write is off without REMOTE_WRITE_URL, and read from env or flag', () => {
  assert.equal(loadConfig({}, {}).remoteWrite, null)
  assert.equal(loadConfig({}, { REMOTE_WRITE_URL: '' }).remoteWrite, null)
  assert.deepEqual(loadConfig({}, { REMOTE_WRITE_URL: 'http://vm:8428/api/v1/write', REMOTE_WRITE_BEARER: 'tok' }).remoteWrite, {
    url: 'http://vm:8428/api/v1/write', bearerToken: 'tok', intervalMs: 15_000, maxQueueSamples: 50_000
  })
  const flagged = loadConfig({ 'remote-write-url': 'https://mimir/api/v1/push' }, { REMOTE_WRITE_URL: 'http://other/', REMOTE_WRITE_INTERVAL_MS: '1000', REMOTE_WRITE_QUEUE_SAMPLES: '2000' })
  assert.deepEqual(flagged.remoteWrite, { url: 'https://mimir/api/v1/push', bearerToken: null, intervalMs: 1000, maxQueueSamples: 2000 })
})

test('bad remote-write settings name the field', () => {
  assert.throws(() => loadConfig({}, { REMOTE_WRITE_URL: 'not a url' }), /config remote_write\.url \(from REMOTE_WRITE_URL\)/)
  assert.throws(() => loadConfig({}, { REMOTE_WRITE_URL: 'ftp://x/' }), /config remote_write\.url \(from REMOTE_WRITE_URL\)/)
  assert.throws(() => loadConfig({}, { REMOTE_WRITE_URL: 'http://x/', REMOTE_WRITE_INTERVAL_MS: '5' }), /config remote_write\.interval_ms \(from REMOTE_WRITE_INTERVAL_MS\)/)
  assert.throws(() => loadConfig({}, { REMOTE_WRITE_URL: 'http://x/', REMOTE_WRITE_BEARER: 'a\nb' }), /config remote_write\.bearer_token \(from REMOTE_WRITE_BEARER\)/)
  assert.throws(() => loadConfig({}, { REMOTE_WRITE_URL: 'http://x/', REMOTE_WRITE_QUEUE_SAMPLES: '0' }), /config remote_write\.queue_samples \(from REMOTE_WRITE_QUEUE_SAMPLES\)/)
})

test('health: the built-in rules, then the config file under its profile, then the environment', (t) => {
  const rule = (c: ReturnType<typeof loadConfig>, id: string): { warning: number | null, critical: number | null } => {
    const found = c.health.rules.find((r) => r.id === id)
    assert.ok(found !== undefined, id)
    return found
  }
  assert.equal(rule(loadConfig({}, {}), 'cpu_high').warning, 90, 'built-in')
  assert.equal(rule(loadConfig({}, {}), 'memory_high').warning, 95, 'built-in')
  // Alerts name this process as Prometheus names its scrape target: <host name>:<port>.
  const am = loadConfig({}, { PORT: '8123', ALERTMANAGER_URL: 'http://127.0.0.1:9093' }).health
  assert.deepEqual([am.instance, am.alertmanager?.instance, am.alertmanager?.job], [`${hostname()}:8123`, `${hostname()}:8123`, 'breakout-bot-api'])
  const dir = mkdtempSync(join(tmpdir(), 'bm-config-health-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'metrics.yaml')
  writeFileSync(file, 'health:\n  rules:\n    - id: cpu_high\n      warning: 80\nprofiles:\n  production:\n    health:\n      rules:\n        - id: cpu_high\n          critical: 97\n')
  assert.equal(rule(loadConfig({ config: file }, {}), 'cpu_high').warning, 80, 'file')
  assert.equal(rule(loadConfig({ config: file }, {}), 'cpu_high').critical, 95, 'no profile: the built-in')
  assert.equal(rule(loadConfig({ config: file, env: 'production' }, {}), 'cpu_high').critical, 97, 'profile')
  assert.equal(rule(loadConfig({}, { METRICS_CONFIG: file, HEALTH_RULE_CPU_HIGH_WARNING: '70' }), 'cpu_high').warning, 70, 'environment last')
  writeFileSync(file, 'health:\n  rules:\n    - id: cpu_high\n      warning: lots\n')
  assert.throws(() => loadConfig({ config: file }, {}), (e: unknown) => e instanceof ConfigError && /cpu_high/.test(e.message))
})

test('read cache budget: 32 MiB by default, READ_CACHE_MB or --read-cache-mb, 0 turns it off', () => {
  assert.equal(loadConfig({}, {}).readCacheBytes, 32 * 1024 * 1024)
  assert.equal(loadConfig({}, { READ_CACHE_MB: '8' }).readCacheBytes, 8 * 1024 * 1024)
  assert.equal(loadConfig({ 'read-cache-mb': '0' }, { READ_CACHE_MB: '8' }).readCacheBytes, 0)
  assert.throws(() => loadConfig({}, { READ_CACHE_MB: '-1' }), (e: unknown) => e instanceof ConfigError && /config read_cache_mb \(from READ_CACHE_MB\)/.test(e.message))
  assert.throws(() => loadConfig({}, { READ_CACHE_MB: 'lots' }), (e: unknown) => e instanceof ConfigError && /config read_cache_mb \(from READ_CACHE_MB\)/.test(e.message))
})

test('ALLOWED_HOSTS / --allowed-hosts: validated host names, the flag wins', () => {
  assert.deepEqual(loadConfig({}, {}).allowedHosts, [])
  assert.deepEqual(loadConfig({}, { ALLOWED_HOSTS: 'metrics.example.com, Bot-1' }).allowedHosts, ['metrics.example.com', 'bot-1'])
  const { values } = parseFlags(['--allowed-hosts', 'proxy.internal'])
  assert.deepEqual(loadConfig(values, { ALLOWED_HOSTS: 'other.internal' }).allowedHosts, ['proxy.internal'])
  assert.throws(() => loadConfig({}, { ALLOWED_HOSTS: 'metrics.example.com:8443' }), /config allowed_hosts \(from ALLOWED_HOSTS\): "metrics.example.com:8443" is not a host name/)
})
