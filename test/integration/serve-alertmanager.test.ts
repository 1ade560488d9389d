import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ALERTMANAGER_BIN, eventually, startAlertmanager } from './helpers/alertmanager.ts'
import { getJson, startService, tempDir } from './helpers/processes.ts'

const CONFIG = `health:
  interval: 200ms
  rules:
    - id: engine_cycle_slow
      description: Engine cycles slow
      metric: engine_cycle_time
      statistic: latest
      window: 1m
      warning: 1
      critical: 4
      actions_on: warning
      actions: [shrink_retention, page_oncall]
  notifications:
    alertmanager:
      resend_interval: 1s
profiles:
  test:
    health:
      notifications:
        alertmanager:
          instance: serve-it
`

async function postEvents (url: string, events: unknown[]): Promise<void> {
  const res = await fetch(`${url}/api/metrics/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) })
  assert.equal(res.status, 200, await res.text())
}

test('`serve` with a config file: a breach reaches a real Alertmanager and resolves; actions run once', {
  skip: !existsSync(ALERTMANAGER_BIN) && 'prometheus-alertmanager not installed'
}, async () => {
  const am = await startAlertmanager()
  const dir = tempDir('serve-alerts')
  const file = join(dir.path, 'metrics.yaml')
  writeFileSync(file, CONFIG)
  const service = await startService('serve', ['--no-persist', '--env', 'test', '--data-dir', dir.path], { METRICS_CONFIG: file, ALERTMANAGER_URL: am.url })
  const filter = 'alertname="engine_cycle_slow"'
  try {
    await postEvents(service.url, [{ type: 'engine_cycle', cycle_time: 5.5, state: 'trading', positions: 1, signals: 2, orders: 1 }])
    const [alert] = await eventually(async () => { const a = await am.alerts(filter); return a.length === 1 ? a : undefined })
    assert.equal(alert.labels.severity, 'critical')
    assert.equal(alert.labels.instance, 'serve-it')
    assert.equal(alert.annotations.summary, 'Engine cycles slow')
    assert.equal((await getJson(`${service.url}/api/metrics/health`)).status, 'critical')

    // Evaluations go on every 200 ms; the actions ran once in this firing, the unknown one reported.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const firing = await getJson(`${service.url}/api/metrics/alerts`)
    assert.deepEqual(firing.remediations.map((r: { action: string, outcome: string }) => `${r.action}:${r.outcome}`).sort(),
      ['page_oncall:unknown_action', 'shrink_retention:ok'])

    await postEvents(service.url, [{ type: 'engine_cycle', cycle_time: 0.02, state: 'trading', positions: 1, signals: 0, orders: 0 }])
    await eventually(async () => (await am.alerts(filter)).length === 0 ? true : undefined)
    const resolved = await getJson(`${service.url}/api/metrics/alerts`)
    assert.deepEqual(resolved.active, [])
    assert.equal(resolved.history[0].change, 'resolved')
    assert.equal(resolved.remediations.length, 2)
    assert.equal(resolved.notifications.alertmanager.failed, 0)
    assert.equal((await fetch(`${service.url}/api/health/live`)).status, 200)
  } finally {
    await service.stop()
    await am.stop()
    dir.remove()
  }
})
