import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'yaml'
import { SystemSampler } from '../../src/collect/system-sampler.ts'
import { SeriesStore } from '../../src/core/store.ts'
import { DEFAULT_RULES } from '../../src/health/default-rules.ts'
import { formatDuration } from '../../src/core/duration.ts'
import { HealthEngine } from '../../src/health/health-engine.ts'
import { healthConfigFrom } from '../../src/health/health-config.ts'
import { attachNotifiers } from '../../src/health/notifications.ts'
import { ALERTMANAGER_BIN, eventually, startAlertmanager } from './helpers/alertmanager.ts'
import type { AmAlert } from './helpers/alertmanager.ts'
import { startWebhookSink } from './helpers/index.ts'
import { MONITORING_DIR, loadRuleFiles } from './helpers/monitoring-files.ts'
import type { RuleSpec } from './helpers/monitoring-files.ts'

// The service's health rules and Prometheus' alerting rules raise some of
// the same alerts (docs/HEALTH.md, "Alerts from both sources"). These tests
// hold the two sides to the same names, thresholds, job and instance, and
// show that the shipped alertmanager.yml lets only one of a pair notify.

interface PrometheusConfig {
  global: { external_labels?: Record<string, string> }
  scrape_configs: Array<{ job_name: string, metrics_path?: string, static_configs?: Array<{ targets: string[] }> }>
}

async function prometheusConfig (): Promise<PrometheusConfig> {
  return parse(await readFile(join(MONITORING_DIR, 'prometheus.yml'), 'utf8')) as PrometheusConfig
}

/** The scrape job of the service: the one that reads its exposition. */
async function serviceJob (): Promise<PrometheusConfig['scrape_configs'][number]> {
  const job = (await prometheusConfig()).scrape_configs.find((j) => j.metrics_path === '/api/metrics')
  assert.ok(job !== undefined, 'no scrape job for /api/metrics in prometheus.yml')
  return job
}

async function prometheusAlerts (): Promise<RuleSpec[]> {
  return (await loadRuleFiles()).flatMap((f) => f.rules).filter((r) => r.alert !== undefined)
}

test('every Prometheus alert says it comes from Prometheus', async () => {
  const unlabelled = (await prometheusAlerts()).filter((r) => r.labels?.source !== 'prometheus').map((r) => `${r.alert}/${r.labels?.severity ?? ''}`)
  assert.deepEqual(unlabelled, [])
})

test('a service rule named like a Prometheus alert has its severities and thresholds', async () => {
  const alerts = await prometheusAlerts()
  const names = new Set(alerts.map((r) => r.alert))
  const paired = DEFAULT_RULES.filter((r) => names.has(r.alertname))
  // The pairs docs/HEALTH.md lists; a rename on either side breaks one.
  assert.deepEqual(paired.map((r) => `${r.id}=${r.alertname}`), [
    'cpu_high=BreakoutHighCpu',
    'memory_high=BreakoutHighMemory',
    'engine_cycle_p99=BreakoutEngineCycleSlow',
    'order_latency_p99=BreakoutOrderLatencyHigh',
    'engine_stale=BreakoutEngineStalled',
    'daily_loss=BreakoutDailyLoss'
  ])
  // Any other built-in keeps its id, so it cannot be taken for a Prometheus alert.
  for (const r of DEFAULT_RULES) if (!paired.includes(r)) assert.equal(r.alertname, r.id)
  const problems: string[] = []
  for (const rule of paired) {
    const ours = alerts.filter((a) => a.alert === rule.alertname)
    for (const severity of ['warning', 'critical'] as const) {
      const threshold = rule[severity]
      const theirs = ours.find((a) => a.labels?.severity === severity)
      if ((threshold === null) !== (theirs === undefined)) {
        problems.push(`${rule.alertname}/${severity}: service ${threshold ?? 'none'}, Prometheus ${theirs === undefined ? 'none' : 'has one'}`)
        continue
      }
      if (threshold === null || theirs === undefined) continue
      // An age is a window of silence in PromQL; anything else a comparison with the same number.
      const needle = rule.statistic === 'age'
        ? new RegExp(`\\[${formatDuration(threshold * 1000)}\\]`)
        : new RegExp(`${rule.direction === 'above' ? '>' : '<'}\\s*${String(threshold).replace('.', '\\.')}(?![\\d.])`)
      if (!needle.test(theirs.expr)) problems.push(`${rule.alertname}/${severity}: ${theirs.expr.trim()} does not test ${needle.source}`)
    }
  }
  assert.deepEqual(problems, [])
})

test('the service labels its alerts with the job Prometheus scrapes it as', async () => {
  const config = healthConfigFrom({ notifications: { alertmanager: { url: 'http://127.0.0.1:9093' } } })
  assert.equal(config.alertmanager!.job, (await serviceJob()).job_name)
})

/** The service with the built-in rules, its memory at `memoryPercent`, alerting as the CLI does. */
function serviceAt (amUrl: string, instance: string, memoryPercent: number, clock: { now: () => number }): { evaluate: () => string, close: () => void, flush: () => Promise<void> } {
  const sampler = new SystemSampler({
    clock,
    readers: { rssBytes: () => memoryPercent * 1e7, totalMemoryBytes: () => 1e9, cpuMicros: () => 0, diskUsagePercent: () => 50 }
  })
  const store = new SeriesStore()
  store.series('engine_cycle_time').record(0.01, clock.now())
  const config = healthConfigFrom({ notifications: { alertmanager: { url: amUrl } } }, { instance })
  const engine = new HealthEngine({ store, system: sampler, rules: config.rules, clock })
  const notifiers = attachNotifiers(engine, config, { clock })
  return {
    evaluate: () => { sampler.sampleNow(); return engine.evaluate().status },
    flush: async () => { await notifiers.flush() },
    close: () => { notifiers.close(); engine.close() }
  }
}

/** An alert as Prometheus sends it for `rule` on a target of the service's scrape job. */
async function prometheusAlert (rule: RuleSpec, instance: string): Promise<object> {
  const config = await prometheusConfig()
  const nowMs = Date.now()
  return {
    labels: { ...config.global.external_labels, job: (await serviceJob()).job_name, instance, ...rule.labels, alertname: rule.alert },
    annotations: { summary: `${rule.alert} on ${instance}`, runbook: rule.annotations?.runbook ?? '' },
    startsAt: new Date(nowMs).toISOString(),
    endsAt: new Date(nowMs + 240_000).toISOString(),
    generatorURL: 'http://127.0.0.1:9090/graph'
  }
}

test('a real Alertmanager with alertmanager.yml: the service\'s alert of a condition Prometheus also fires is inhibited', {
  skip: !existsSync(ALERTMANAGER_BIN) && 'prometheus-alertmanager not installed'
}, async () => {
  const sink = await startWebhookSink()
  // The receivers' host is the compose service; here it is a local sink. Critical groups wait
  // 1 s instead of 10 before their first notification; routes and inhibit rules are as shipped.
  const shipped = await readFile(join(MONITORING_DIR, 'alertmanager.yml'), 'utf8')
  assert.match(shipped, /group_wait: 10s/)
  const am = await startAlertmanager({ config: shipped.replaceAll('http://alert-webhook:9095', sink.url).replaceAll('group_wait: 10s', 'group_wait: 1s') })
  // Both sources see memory at 99 %: critical on either side.
  const alerts = await prometheusAlerts()
  const memory = alerts.find((a) => a.alert === 'BreakoutHighMemory' && a.labels?.severity === 'critical')!
  const targetDown = alerts.find((a) => a.alert === 'BreakoutTargetDown' && a.labels?.severity === 'critical')!
  // The memory rule's `for` is 15 s: the services' clock jumps 20 s ahead to fire it. Its
  // alerts start (the condition began) now, as Prometheus' do, so that Alertmanager waits
  // group_wait before the first notification and both alerts of a pair are in it.
  let nowMs = Date.now()
  const clock = { now: () => nowMs }
  const bot1 = serviceAt(am.url, 'bot-1:8000', 99, clock)
  // bot-2 cannot be scraped, but reaches Alertmanager itself.
  const bot2 = serviceAt(am.url, 'bot-2:8000', 99, clock)
  try {
    const res = await fetch(`${am.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([await prometheusAlert(memory, 'bot-1:8000'), await prometheusAlert(targetDown, 'bot-2:8000')])
    })
    assert.equal(res.status, 200, await res.text())
    for (const bot of [bot1, bot2]) bot.evaluate()
    nowMs += 20_000
    for (const bot of [bot1, bot2]) {
      assert.equal(bot.evaluate(), 'critical')
      await bot.flush()
    }

    const key = (a: AmAlert): string => `${a.labels.alertname}/${a.labels.instance}/${a.labels.source}`
    const byKey = await eventually(async () => {
      const list = new Map((await am.alerts('alertname=~"BreakoutHighMemory|BreakoutTargetDown"')).map((a) => [key(a), a]))
      // The inhibitor learns of new alerts asynchronously: wait until it has.
      return list.get('BreakoutHighMemory/bot-1:8000/service')?.status.state === 'suppressed' && list.size === 4 ? list : undefined
    }, 15_000)
    const fromService = byKey.get('BreakoutHighMemory/bot-1:8000/service')!
    const fromPrometheus = byKey.get('BreakoutHighMemory/bot-1:8000/prometheus')!
    // The pair differs in `source` alone, and the service's one points at Prometheus'.
    const { source: _s, ...serviceLabels } = fromService.labels
    assert.deepEqual(serviceLabels, { alertname: 'BreakoutHighMemory', severity: 'critical', job: 'breakout-bot-api', instance: 'bot-1:8000' })
    const { source: _p, monitor: _m, ...prometheusLabels } = fromPrometheus.labels
    assert.deepEqual(prometheusLabels, serviceLabels)
    assert.deepEqual(fromService.status.inhibitedBy, [fromPrometheus.fingerprint])
    assert.equal(fromPrometheus.status.state, 'active')
    // A bot Prometheus cannot scrape still has its own live alerts delivered.
    assert.equal(byKey.get('BreakoutTargetDown/bot-2:8000/prometheus')?.status.state, 'active')
    assert.equal(byKey.get('BreakoutHighMemory/bot-2:8000/service')?.status.state, 'active')

    // After group_wait, one notification per bot and alert: bot-1's memory from Prometheus only.
    const delivered = await eventually(async () => {
      const got = sink.requests.filter((r) => r.path === '/critical')
        .flatMap((r) => (JSON.parse(r.body.toString()) as { alerts: AmAlert[] }).alerts).map(key).sort()
      return got.length >= 3 ? got : undefined
    }, 30_000)
    assert.deepEqual(delivered, ['BreakoutHighMemory/bot-1:8000/prometheus', 'BreakoutHighMemory/bot-2:8000/service', 'BreakoutTargetDown/bot-2:8000/prometheus'])
  } finally {
    bot1.close()
    bot2.close()
    await am.stop()
    await sink.close()
  }
})
