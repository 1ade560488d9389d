import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { healthConfigFrom } from '../../src/health/health-config.ts'
import { buildApp } from '../../src/http/app.ts'
import { MetricsLogger } from '../../src/logger/metrics-logger.ts'
import { ALERTMANAGER_BIN, eventually, startAlertmanager } from './helpers/alertmanager.ts'

async function postEvents (url: string, events: unknown[]): Promise<void> {
  const res = await fetch(`${url}/api/metrics/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) })
  assert.equal(res.status, 200, await res.text())
}

async function getJson (url: string): Promise<any> {
  const res = await fetch(url)
  return await res.json()
}

test('the running service breaches a rule: the alert reaches Alertmanager, resolves, and its action runs once', {
  skip: !existsSync(ALERTMANAGER_BIN) && 'prometheus-alertmanager not installed'
}, async () => {
  const am = await startAlertmanager()
  // As the service wires it: config -> logger (rules) and app (notifications).
  const config = healthConfigFrom({
    interval: '200ms',
    rules: [{
      id: 'engine_cycle_slow',
      description: 'Engine cycles slow',
      metric: 'engine_cycle_time',
      statistic: 'latest',
      window: '1m',
      warning: 1,
      critical: 4,
      actions_on: 'warning',
      actions: ['restart_feed']
    }]
  }, { env: { ALERTMANAGER_URL: am.url }, instance: 'service-it' })
  const logger = new MetricsLogger({ sampler: { intervalMs: 1000 }, health: config })
  let actionRuns = 0
  logger.onRemediate('restart_feed', () => { actionRuns++; throw new Error('feed handler not reachable') })
  const app = await buildApp({ logger, health: config, logLevel: 'silent' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const url = `http://127.0.0.1:${port}`
  const filter = 'alertname="engine_cycle_slow"'
  try {
    await postEvents(url, [{ type: 'engine_cycle', cycle_time: 2.5, state: 'trading', positions: 1, signals: 0, orders: 0 }])
    const [alert] = await eventually(async () => { const a = await am.alerts(filter); return a.length === 1 ? a : undefined })
    assert.equal(alert.labels.severity, 'warning')
    assert.equal(alert.labels.instance, 'service-it')
    assert.match(alert.annotations.description, /engine_cycle_time latest over 1m = 2\.5, above the warning threshold 1/)
    const health = await getJson(`${url}/api/metrics/health`)
    assert.equal(health.status, 'warning')
    assert.equal(health.issues[0].check, 'engine_cycle_slow')

    // Several more evaluations while firing: the action ran once, and its failure is on record.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const alerts = await getJson(`${url}/api/metrics/alerts`)
    assert.equal(actionRuns, 1)
    assert.deepEqual(alerts.remediations.map((r: { action: string, outcome: string, detail: string }) => [r.action, r.outcome, r.detail]),
      [['restart_feed', 'failed', 'feed handler not reachable']])
    assert.equal(alerts.notifications.alertmanager.failed, 0)
    assert.ok(alerts.notifications.alertmanager.sent >= 1)

    await postEvents(url, [{ type: 'engine_cycle', cycle_time: 0.05, state: 'trading', positions: 1, signals: 0, orders: 0 }])
    await eventually(async () => (await am.alerts(filter)).length === 0 ? true : undefined)
    const after = await getJson(`${url}/api/metrics/alerts`)
    assert.deepEqual(after.active, [])
    assert.deepEqual(after.history.slice(0, 2).map((e: { change: string }) => e.change), ['resolved', 'firing'])
    assert.equal((await fetch(`${url}/api/health/ready`)).status, 200)
    assert.equal(actionRuns, 1)
  } finally {
    await app.close()
    logger.close()
    await am.stop()
  }
})
