import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError } from '../../../src/core/errors.ts'
import { healthConfigFrom } from '../../../src/health/health-config.ts'
import { applyProfile, loadHealthConfig, readConfigDocument } from '../../../src/health/config-file.ts'
import { DEFAULT_RULES } from '../../../src/health/default-rules.ts'
import { configDurationMs } from '../../../src/health/duration.ts'

function configError (fn: () => unknown, field: string, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `not a ConfigError: ${String(error)}`)
    assert.equal(error.code, 'BM_ERR_CONFIG')
    assert.ok(error.message.startsWith(`config ${field}: `), error.message)
    assert.match(error.message, message)
    return true
  })
}

test('no section gives the built-in rules and defaults', () => {
  const c = healthConfigFrom(undefined)
  assert.equal(c.enabled, true)
  assert.equal(c.intervalMs, 5000)
  assert.deepEqual(c.rules.map((r) => r.id), DEFAULT_RULES.map((r) => r.id))
  assert.equal(c.webhook, null)
  assert.equal(c.alertmanager, null)
})

test('durations: Prometheus text or seconds', () => {
  assert.equal(configDurationMs('500ms'), 500)
  assert.equal(configDurationMs('1h30m'), 5_400_000)
  assert.equal(configDurationMs('2.5'), 2500)
  assert.equal(configDurationMs(90), 90_000)
  assert.equal(configDurationMs('5 minutes'), null)
  assert.equal(configDurationMs(-1), null)
})

test('an entry with a built-in id changes only the keys it gives; new rules get defaults', () => {
  const c = healthConfigFrom({
    interval: '10s',
    rules: [
      { id: 'cpu_high', warning: 80, critical: 95, for: '30s' },
      { id: 'spread_wide', metric: 'spread_bps', match: { symbol: 'BTCUSDT' }, statistic: 'mean', window: '2m', warning: 5 },
      { id: 'rss', metric: 'memory_used_mb', warning: 500 }
    ]
  })
  assert.equal(c.intervalMs, 10_000)
  const cpu = c.rules.find((r) => r.id === 'cpu_high')!
  assert.deepEqual([cpu.warning, cpu.critical, cpu.forMs, cpu.metric, cpu.source], [80, 95, 30_000, 'cpu_percent', 'system'])
  const spread = c.rules.find((r) => r.id === 'spread_wide')!
  assert.deepEqual([spread.source, spread.windowMs, spread.critical, spread.direction, spread.match], ['series', 120_000, null, 'above', { symbol: 'BTCUSDT' }])
  assert.equal(c.rules.find((r) => r.id === 'rss')!.source, 'system')
  assert.equal(healthConfigFrom({ builtin_rules: false, rules: [{ id: 'x', metric: 'x', warning: 1 }] }).rules.length, 1)
})

test('alertname: the id unless given; a built-in keeps its own when overridden; job and instance of Alertmanager', () => {
  const c = healthConfigFrom({
    rules: [
      { id: 'cpu_high', warning: 85 },
      { id: 'spread_wide', metric: 'spread_bps', warning: 5 },
      { id: 'queue_deep', alertname: 'BreakoutQueueDeep', metric: 'queue_depth', warning: 100 }
    ],
    notifications: { alertmanager: { url: 'http://127.0.0.1:9093' } }
  }, { instance: 'bot-1:8000' })
  const name = (id: string): string => c.rules.find((r) => r.id === id)!.alertname
  assert.deepEqual([name('cpu_high'), name('spread_wide'), name('queue_deep'), name('event_loop_lag')],
    ['BreakoutHighCpu', 'spread_wide', 'BreakoutQueueDeep', 'event_loop_lag'])
  assert.deepEqual([c.alertmanager!.job, c.alertmanager!.instance], ['breakout-bot-api', 'bot-1:8000'])
  const fleet = healthConfigFrom({ notifications: { alertmanager: { url: 'http://127.0.0.1:9093', job: 'breakout-bot-fleet', instance: '10.0.0.7:8000' } } })
  assert.deepEqual([fleet.alertmanager!.job, fleet.alertmanager!.instance], ['breakout-bot-fleet', '10.0.0.7:8000'])
  configError(() => healthConfigFrom({ rules: [{ id: 'cpu_high', alertname: 'High CPU' }] }), 'health.rules.cpu_high.alertname', /must match/)
  configError(() => healthConfigFrom({ notifications: { alertmanager: { url: 'http://127.0.0.1:9093', job: '' } } }),
    'health.notifications.alertmanager.job', /non-empty string/)
})

test('errors name the key', () => {
  configError(() => healthConfigFrom({ rules: [{ id: 'cpu_high', warning: 'high' }] }), 'health.rules.cpu_high.warning', /must be a number, got "high"/)
  configError(() => healthConfigFrom({ rules: [{ id: 'cpu_high', wraning: 80 }] }), 'health.rules.cpu_high.wraning', /unknown key/)
  configError(() => healthConfigFrom({ rules: [{ id: 'x', metric: 'x' }] }), 'health.rules.x.warning', /needs a warning or a critical/)
  configError(() => healthConfigFrom({ rules: [{ id: 'x', warning: 1 }] }), 'health.rules.x.metric', /required/)
  configError(() => healthConfigFrom({ rules: [{ id: 'x', metric: 'x', warning: 5, critical: 3 }] }), 'health.rules.x.critical', /at least the warning threshold 5/)
  configError(() => healthConfigFrom({ rules: [{ id: 'x', metric: 'x', warning: 5, direction: 'below', critical: 9 }] }), 'health.rules.x.critical', /at most/)
  configError(() => healthConfigFrom({ rules: [{ id: 'x', metric: 'x', window: '5 min', warning: 1 }] }), 'health.rules.x.window', /must be a duration/)
  configError(() => healthConfigFrom({ rules: [{ id: 'x', metric: 'x', statistic: 'p42', warning: 1 }] }), 'health.rules.x.statistic', /one of latest, mean/)
  configError(() => healthConfigFrom({ rules: [{ id: 'x', source: 'system', metric: 'cpu', warning: 1 }] }), 'health.rules.x.metric', /not a system sample field/)
  configError(() => healthConfigFrom({ rules: [{ id: 'x', metric: 'bad name', warning: 1 }] }), 'health.rules.x.metric', /invalid metric name/)
  configError(() => healthConfigFrom({ rules: [{ id: 'x', metric: 'x', statistic: 'time_to_breach', warning: 60 }] }), 'health.rules.x.target', /required/)
  configError(() => healthConfigFrom({ rules: [{ id: 'x', source: 'value', metric: 'v', statistic: 'mean', warning: 1 }] }), 'health.rules.x.statistic', /latest/)
  configError(() => healthConfigFrom({ rules: [{ id: 'x', source: 'value', metric: 'v', predict: true, warning: 1 }] }), 'health.rules.x.predict', /no history/)
  configError(() => healthConfigFrom({ rules: [{ id: 'Bad-Id', metric: 'x', warning: 1 }] }), 'health.rules[0].id', /must match/)
  configError(() => healthConfigFrom({ rules: [{ id: 'x', metric: 'x', warning: 1 }, { id: 'x', metric: 'y', warning: 1 }] }), 'health.rules[1].id', /duplicate/)
  configError(() => healthConfigFrom({ rules: { id: 'x' } }), 'health.rules', /list/)
  configError(() => healthConfigFrom({ intervall: '5s' }), 'health.intervall', /unknown key/)
  configError(() => healthConfigFrom({ notifications: { webhook: { url: 'ftp://x' } } }), 'health.notifications.webhook.url', /http or https/)
  configError(() => healthConfigFrom({ notifications: { alertmanager: { url: 'http://127.0.0.1:9093', resend_interval: '10ms' } } }),
    'health.notifications.alertmanager.resend_interval', /at least 1000 ms/)
})

test('environment variables override the file, and a typo in their names is an error', () => {
  const env = {
    HEALTH_INTERVAL: '2s',
    HEALTH_RULE_CPU_HIGH_WARNING: '85',
    HEALTH_RULE_DAILY_LOSS_ENABLED: 'true',
    HEALTH_RULE_DAILY_LOSS_CRITICAL: '-2000',
    HEALTH_RULE_MEMORY_HIGH_KEEP_FIRING_FOR: '1m',
    ALERTMANAGER_URL: 'http://127.0.0.1:9093/',
    ALERT_WEBHOOK_URL: 'http://127.0.0.1:9000/hook'
  }
  const c = healthConfigFrom({ interval: '10s', rules: [{ id: 'cpu_high', warning: 70 }] }, { env, instance: 'bot-1' })
  assert.equal(c.intervalMs, 2000)
  assert.equal(c.rules.find((r) => r.id === 'cpu_high')!.warning, 85)
  const loss = c.rules.find((r) => r.id === 'daily_loss')!
  assert.deepEqual([loss.enabled, loss.critical], [true, -2000])
  assert.equal(c.rules.find((r) => r.id === 'memory_high')!.keepFiringForMs, 60_000)
  assert.equal(c.alertmanager!.url, 'http://127.0.0.1:9093')
  assert.equal(c.alertmanager!.instance, 'bot-1')
  assert.equal(c.alertmanager!.resendIntervalMs, 60_000)
  assert.equal(c.webhook!.url, 'http://127.0.0.1:9000/hook')
  // The key by its path, then the variable the value came from.
  configError(() => healthConfigFrom({}, { env: { HEALTH_RULE_CPU_HIHG_WARNING: '85' } }), 'health.rules (from HEALTH_RULE_CPU_HIHG_WARNING)', /names no rule field/)
  configError(() => healthConfigFrom({}, { env: { HEALTH_RULE_CPU_HIGH_WARNING: 'lots' } }), 'health.rules.cpu_high.warning (from HEALTH_RULE_CPU_HIGH_WARNING)', /must be a number/)
  configError(() => healthConfigFrom({}, { env: { HEALTH_RULE_MEMORY_HIGH_FOR: 'a while' } }), 'health.rules.memory_high.for (from HEALTH_RULE_MEMORY_HIGH_FOR)', /must be a duration/)
  configError(() => healthConfigFrom({}, { env: { HEALTH_INTERVAL: 'soon' } }), 'health.interval (from HEALTH_INTERVAL)', /duration/)
  configError(() => healthConfigFrom({}, { env: { ALERTMANAGER_URL: 'ftp://am' } }), 'health.notifications.alertmanager.url (from ALERTMANAGER_URL)', /http or https/)
  configError(() => healthConfigFrom({}, { env: { TRADE_NOTIFY_URL: 'http://127.0.0.1:9/x', TRADE_NOTIFY_FORMAT: 'fax' } }),
    'health.notifications.trades.format (from TRADE_NOTIFY_FORMAT)', /one of/)
  // A value the file gave is named without a source.
  configError(() => healthConfigFrom({ interval: 'soon' }, { env: { HEALTH_RULE_CPU_HIGH_WARNING: '85' } }), 'health.interval', /duration/)
})

test('profiles merge over the base: mappings by key, rule lists by id', () => {
  const doc = {
    health: { interval: '5s', rules: [{ id: 'cpu_high', warning: 80, for: '1m' }, { id: 'x', metric: 'x', warning: 1 }] },
    profiles: {
      production: { health: { rules: [{ id: 'cpu_high', warning: 90 }, { id: 'y', metric: 'y', warning: 2 }] } },
      development: { health: { interval: '1s' } }
    }
  }
  const prod = healthConfigFrom(applyProfile(doc, 'production').health)
  const cpu = prod.rules.find((r) => r.id === 'cpu_high')!
  assert.deepEqual([cpu.warning, cpu.forMs], [90, 60_000])
  assert.ok(prod.rules.some((r) => r.id === 'x') && prod.rules.some((r) => r.id === 'y'))
  assert.equal(healthConfigFrom(applyProfile(doc, 'development').health).intervalMs, 1000)
  assert.equal(healthConfigFrom(applyProfile(doc, 'staging').health).intervalMs, 5000)
  assert.equal('profiles' in applyProfile(doc, 'production'), false)
})

test('config files: YAML and JSON, with errors that say where', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bm-config-'))
  try {
    const yaml = join(dir, 'metrics.yaml')
    writeFileSync(yaml, [
      'health:',
      '  interval: 5s',
      '  rules:',
      '    - id: memory_high',
      '      critical: 97',
      'profiles:',
      '  production:',
      '    health:',
      '      rules:',
      '        - id: memory_high',
      '          for: 1m'
    ].join('\n'))
    const c = loadHealthConfig({ file: yaml, profile: 'production' })
    const mem = c.rules.find((r) => r.id === 'memory_high')!
    assert.deepEqual([mem.critical, mem.forMs], [97, 60_000])
    const json = join(dir, 'metrics.json')
    writeFileSync(json, JSON.stringify({ health: { rules: [{ id: 'cpu_high', warning: 75 }] } }))
    assert.equal(loadHealthConfig({ file: json }).rules.find((r) => r.id === 'cpu_high')!.warning, 75)
    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, 'health:\n  rules: [\n    - id: x\n')
    configError(() => readConfigDocument(bad), 'file', /bad\.yaml is not valid YAML: .*line/s)
    writeFileSync(bad, '- a\n- b\n')
    configError(() => readConfigDocument(bad), 'file', /top level must be a mapping/)
    configError(() => readConfigDocument(join(dir, 'missing.yaml')), 'file', /cannot read/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
