import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Value } from 'typebox/value'
import { parse } from 'yaml'
import { loadConfig } from '../../../src/config.ts'
import { ConfigError } from '../../../src/core/errors.ts'
import { applyProfile } from '../../../src/health/config-file.ts'
import { configTable } from '../../../src/config/config-table.ts'
import { ConfigSchema } from '../../../src/config/schema.ts'
import { SOURCED_SETTINGS } from '../../../src/config/sources.ts'

const ROOT = new URL('../../../', import.meta.url).pathname

function tempFile (t: { after: (fn: () => void) => void }, name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bm-config-schema-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

/** Asserts a ConfigError with exactly this field and source, in the one message style. */
function configError (fn: () => unknown, field: string, source: string | null, reason: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ConfigError, String(error))
    assert.equal(error.field, field)
    assert.equal(error.source, source)
    assert.match(error.reason, reason)
    assert.equal(error.message, `config ${field}${source === null ? '' : ` (from ${source})`}: ${error.reason}`)
    return true
  })
}

test('precedence: file < environment < flag, for top-level and nested settings', (t) => {
  const file = tempFile(t, 'm.yaml', 'port: 7001\nread_cache_mb: 4\nremote_write:\n  url: http://vm:8428/api/v1/write\n  interval_ms: 2000\nhealth:\n  interval: 3s\n')
  const fromFile = loadConfig({ config: file }, {})
  assert.deepEqual([fromFile.port, fromFile.readCacheBytes, fromFile.remoteWrite?.intervalMs, fromFile.health.intervalMs], [7001, 4 * 1024 * 1024, 2000, 3000])
  const fromEnv = loadConfig({ config: file }, { PORT: '7002', REMOTE_WRITE_INTERVAL_MS: '3000', HEALTH_INTERVAL: '4s' })
  assert.deepEqual([fromEnv.port, fromEnv.readCacheBytes, fromEnv.remoteWrite?.intervalMs, fromEnv.health.intervalMs], [7002, 4 * 1024 * 1024, 3000, 4000])
  const fromFlag = loadConfig({ config: file, port: '7003', 'read-cache-mb': '1' }, { PORT: '7002' })
  assert.deepEqual([fromFlag.port, fromFlag.readCacheBytes], [7003, 1024 * 1024])
  // Defaults where nothing sets a value.
  assert.deepEqual([fromFlag.requestTimeoutMs, fromFlag.persistence.snapshotIntervalMs], [30_000, 60_000])
})

test('every error names the setting by its path and where the value came from', (t) => {
  configError(() => loadConfig({}, { PORT: 'eighty' }), 'port', 'PORT', /^must be an integer from 0 to 65535, got "eighty"$/)
  configError(() => loadConfig({ port: '1.5' }, {}), 'port', '--port', /integer/)
  configError(() => loadConfig({}, { HEALTH_RULE_CPU_HIGH_WARNING: 'lots' }), 'health.rules.cpu_high.warning', 'HEALTH_RULE_CPU_HIGH_WARNING', /must be a number/)
  configError(() => loadConfig({}, { HEALTH_INTERVAL: 'soon' }), 'health.interval', 'HEALTH_INTERVAL', /duration/)
  configError(() => loadConfig({}, { TRADE_NOTIFY_URL: 'http://127.0.0.1:9/x', TRADE_NOTIFY_DIGEST_HOUR_UTC: '25' }),
    'health.notifications.trades.digest_hour_utc', 'TRADE_NOTIFY_DIGEST_HOUR_UTC', /0 to 23/)
  const file = tempFile(t, 'bad.yaml', 'health:\n  rules:\n    - id: cpu_high\n      warning: lots\n')
  configError(() => loadConfig({ config: file }, {}), 'health.rules.cpu_high.warning', file, /must be a number/)
  const typo = tempFile(t, 'typo.yaml', 'prot: 8000\n')
  configError(() => loadConfig({ config: typo }, {}), 'prot', typo, /unknown key; known keys: port, host/)
  const nested = tempFile(t, 'nested.yaml', 'persistence:\n  synchronous: off\n')
  configError(() => loadConfig({ config: nested }, {}), 'persistence.synchronous', nested, /one of full, normal, got "off"/)
  const chooser = tempFile(t, 'env.yaml', 'env: production\n')
  configError(() => loadConfig({ config: chooser }, {}), 'env', chooser, /chooses the file/)
  configError(() => loadConfig({}, { METRICS_CONFIG: join(tmpdir(), 'no-such-bm-config.yaml') }), 'config', 'METRICS_CONFIG', /cannot read/)
})

test('the README configuration table is the schema\'s, variable for variable and default for default', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n')
  const start = readme.findIndex((l) => l.startsWith('| key | flag | env | default | meaning |'))
  assert.ok(start >= 0, 'no configuration table in the README')
  let end = start
  while (end < readme.length && readme[end].startsWith('|')) end++
  const rows = readme.slice(start, end)
  assert.deepEqual(rows, configTable(), 'README table differs from the schema: paste configTable() of src/config/config-table.ts')
  // Independently of the renderer: each variable and flag of the schema appears once, with its default.
  for (const s of SOURCED_SETTINGS) {
    const row = rows.find((r) => r.startsWith(`| \`${s.path}\` |`))
    assert.ok(row !== undefined, s.path)
    const cells = row.split(' | ')
    if (s.schema.env !== undefined) assert.equal(cells[2], `\`${s.schema.env}\``, s.path)
    if (typeof s.schema.default === 'number' || typeof s.schema.default === 'string') assert.ok(cells[3].startsWith(String(s.schema.default)), s.path)
  }
  const envs = rows.slice(2).map((r) => r.split(' | ')[2]).filter((c) => c !== '')
  assert.equal(envs.length, SOURCED_SETTINGS.filter((s) => s.schema.env !== undefined).length)
})

test('config/metrics.example.yaml validates against the schema in each profile, and loads', () => {
  const path = join(ROOT, 'config/metrics.example.yaml')
  const doc = parse(readFileSync(path, 'utf8')) as Record<string, unknown>
  for (const profile of ['development', 'production', 'test']) {
    const applied = applyProfile(doc, profile)
    assert.ok(Value.Check(ConfigSchema, applied), JSON.stringify([...Value.Errors(ConfigSchema, applied)].slice(0, 3)))
    const c = loadConfig({ config: path, env: profile }, {})
    assert.ok(c.health.rules.some((r) => r.id === 'spread_wide'))
  }
})
