import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { SeriesStore } from '../../src/core/store.ts'
import { HealthEngine } from '../../src/health/health-engine.ts'
import { healthConfigFrom } from '../../src/health/health-config.ts'
import { attachNotifiers } from '../../src/health/notifications.ts'
import { ALERTMANAGER_BIN, eventually, startAlertmanager } from './helpers/alertmanager.ts'

test('alerts reach a real Alertmanager, escalate, and resolve', { skip: !existsSync(ALERTMANAGER_BIN) && 'prometheus-alertmanager not installed' }, async () => {
  const am = await startAlertmanager()
  try {
    const config = healthConfigFrom({
      builtin_rules: false,
      rules: [{ id: 'engine_cycle_slow', description: 'Engine cycles slow', metric: 'engine_cycle_time', statistic: 'max', window: '1m', warning: 1, critical: 5, labels: { team: 'trading' } }],
      notifications: { alertmanager: { url: am.url, resend_interval: '1s', labels: { env: 'test' } } }
    }, { instance: 'bot-it' })
    const store = new SeriesStore()
    const engine = new HealthEngine({ store, rules: config.rules, clock: { now: Date.now } })
    const notifiers = attachNotifiers(engine, config)
    const cycle = store.series('engine_cycle_time', { state: 'trading' })
    const filter = 'alertname="engine_cycle_slow"'

    cycle.record(2.5, Date.now())
    assert.equal(engine.evaluate().status, 'warning')
    await notifiers.flush()
    const [warning] = await eventually(async () => { const a = await am.alerts(filter); return a.length === 1 ? a : undefined })
    assert.deepEqual(warning.labels, { alertname: 'engine_cycle_slow', severity: 'warning', job: 'breakout-bot-api', instance: 'bot-it', source: 'service', env: 'test', team: 'trading' })
    assert.equal(warning.annotations.summary, 'Engine cycles slow')
    assert.match(warning.annotations.description, /engine_cycle_time max over 1m = 2\.5, above the warning threshold 1/)
    assert.equal(warning.status.state, 'active')

    // Escalation: the critical alert starts, the warning one is resolved.
    cycle.record(7, Date.now())
    assert.equal(engine.evaluate().status, 'critical')
    await notifiers.flush()
    const escalated = await eventually(async () => {
      const a = await am.alerts(filter)
      return a.length === 1 && a[0].labels.severity === 'critical' ? a : undefined
    })
    assert.ok(Date.parse(escalated[0].endsAt) > Date.now())

    // Re-sent while firing: still active after several resend intervals.
    notifiers.alertmanager!.resend()
    await notifiers.flush()
    assert.equal((await am.alerts(filter)).length, 1)

    // Resolution: once the window holds no breach, the alert leaves the active list.
    store.clear()
    store.series('engine_cycle_time', { state: 'trading' }).record(0.2, Date.now())
    assert.equal(engine.evaluate().status, 'healthy')
    await notifiers.flush()
    await eventually(async () => (await am.alerts(filter)).length === 0 ? true : undefined)
    assert.deepEqual(notifiers.alertmanager!.firing(), [])
    const stats = notifiers.stats().alertmanager!
    assert.deepEqual([stats.failed, stats.dropped], [0, 0])
    notifiers.close()
  } finally {
    await am.stop()
  }
})
