import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SeriesStore } from '../../../src/core/store.ts'
import { SystemSampler } from '../../../src/collect/system-sampler.ts'
import { HealthEngine } from '../../../src/health/health-engine.ts'
import type { AlertEvent } from '../../../src/health/alert.ts'
import { FakeClock, rule } from './helpers.ts'

function setup (rules = [rule({ id: 'cycle_p99', metric: 'engine_cycle_time', statistic: 'p99', windowMs: 60_000, warning: 1, critical: 2 })]) {
  const clock = new FakeClock()
  const store = new SeriesStore()
  const events: AlertEvent[] = []
  const engine = new HealthEngine({ store, rules, clock, warn: () => {} })
  engine.onAlert((e) => events.push(e))
  return { clock, store, engine, events }
}

test('a series p99 over its window is compared with the thresholds', () => {
  const { clock, store, engine, events } = setup()
  const s = store.series('engine_cycle_time', { state: 'trading' })
  const values = [0.12, 0.4, 0.33, 1.8, 0.25, 0.91, 0.07, 2.4, 0.5, 0.61]
  values.forEach((v, i) => s.record(v, clock.t - 9000 + i * 1000))
  // numpy 2.4: np.percentile([0.12, 0.4, 0.33, 1.8, 0.25, 0.91, 0.07, 2.4, 0.5, 0.61], 99) = 2.346
  const report = engine.evaluate()
  assert.equal(report.status, 'critical')
  assert.equal(report.issues.length, 1)
  const issue = report.issues[0]
  assert.equal(issue.check, 'cycle_p99')
  assert.equal(issue.severity, 'critical')
  assert.equal(issue.value, 2.346)
  assert.equal(issue.threshold, 2)
  assert.equal(issue.since, clock.t)
  assert.match(issue.message, /engine_cycle_time p99 over 1m = 2\.346, above the critical threshold 2/)
  assert.equal(events.length, 1)
  assert.equal(events[0].change, 'firing')
  // 54 s later the first three points have left the window (its start is inclusive):
  // np.percentile([1.8, 0.25, 0.91, 0.07, 2.4, 0.5, 0.61], 99) = 2.364
  clock.advance(54_000)
  assert.equal(engine.evaluate().issues[0].value, 2.364)
})

test('points outside the window and series outside the label filter are not read', () => {
  const { clock, store, engine } = setup([rule({ id: 'r', metric: 'm', match: { symbol: 'BTC' }, statistic: 'max', windowMs: 10_000, warning: 5, critical: null })])
  store.series('m', { symbol: 'ETH' }).record(100, clock.t)
  store.series('m', { symbol: 'BTC' }).record(50, clock.t - 20_000)
  store.series('m', { symbol: 'BTC' }).record(3, clock.t - 1000)
  assert.equal(engine.evaluate().status, 'healthy')
  store.series('m', { symbol: 'BTC' }).record(6, clock.t)
  assert.equal(engine.evaluate().issues[0].value, 6)
})

test('`for` holds a firing back; resolution and escalation are reported as events', () => {
  const { clock, store, engine, events } = setup([rule({ id: 'lag', metric: 'lag', statistic: 'latest', windowMs: 60_000, warning: 10, critical: 20, forMs: 10_000 })])
  const s = store.series('lag')
  const step = (v: number): string => { s.record(v, clock.t); const r = engine.evaluate(); clock.advance(5000); return r.status }
  assert.deepEqual([step(15), step(15)], ['healthy', 'healthy'])
  assert.equal(engine.report().pending[0].check, 'lag')
  assert.equal(step(15), 'warning')
  assert.deepEqual([step(25), step(25), step(25)], ['warning', 'warning', 'critical'])
  assert.equal(step(5), 'healthy')
  assert.deepEqual(events.map((e) => `${e.change}:${e.severity}:${e.previous_severity}`), [
    'firing:warning:ok', 'escalated:critical:warning', 'resolved:ok:critical'
  ])
  assert.equal(events[2].threshold, 20)
  assert.equal(events[2].since, null)
  assert.deepEqual(engine.alerts().history.map((e) => e.change), ['resolved', 'escalated', 'firing'])
  assert.deepEqual(engine.alerts().active, [])
})

test('no data uses the rule severity for no data; age measures stale data', () => {
  const { clock, store, engine } = setup([
    rule({ id: 'stale', metric: 'engine_cycle_time', statistic: 'age', warning: 60, critical: 300 }),
    rule({ id: 'must_exist', metric: 'heartbeat', statistic: 'count', windowMs: 60_000, warning: null, critical: 1, direction: 'below', noData: 'critical' })
  ])
  let report = engine.evaluate()
  assert.deepEqual(report.issues.map((i) => i.check), ['must_exist'])
  assert.match(report.issues[0].message, /heartbeat: no data in the last 1m/)
  store.series('engine_cycle_time').record(0.1, clock.t)
  store.series('heartbeat').record(1, clock.t)
  assert.equal(engine.evaluate().status, 'healthy')
  clock.advance(61_000)
  report = engine.evaluate()
  assert.deepEqual(report.issues.map((i) => `${i.check}:${i.severity}:${i.value}`), ['must_exist:critical:0', 'stale:warning:61'])
})

test('value providers feed `value` rules; metrics_count is built in (the original no-metrics check)', () => {
  const { store, engine } = setup([
    rule({ id: 'no_metrics', source: 'value', metric: 'metrics_count', statistic: 'latest', warning: 1, critical: null, direction: 'below' }),
    rule({ id: 'drawdown', source: 'value', metric: 'drawdown_pct', statistic: 'latest', warning: 10, critical: 20 })
  ])
  assert.deepEqual(engine.evaluate().issues.map((i) => i.check), ['no_metrics'])
  store.series('x').record(1, 0)
  let dd = 12
  engine.registerValue('drawdown_pct', () => dd)
  assert.deepEqual(engine.evaluate().issues.map((i) => `${i.check}:${i.severity}`), ['drawdown:warning'])
  dd = 25
  assert.equal(engine.evaluate().status, 'critical')
  engine.registerValue('drawdown_pct', () => { throw new Error('ledger closed') })
  assert.equal(engine.evaluate().status, 'healthy')
})

test('system rules read sampler fields; memory predicts its breach with a linear trend', () => {
  const clock = new FakeClock()
  let rss = 600
  const sampler = new SystemSampler({ clock, readers: { rssBytes: () => rss, totalMemoryBytes: () => 1000 } })
  const store = new SeriesStore()
  const engine = new HealthEngine({
    store,
    system: sampler,
    clock,
    rules: [rule({
      id: 'mem',
      source: 'system',
      metric: 'memory_percent',
      statistic: 'latest',
      windowMs: 600_000,
      warning: 95,
      critical: 98,
      predict: true,
      // Six points over 25 s: enough for this rule, below the built-in minimum.
      predictMinPoints: 6,
      predictMinHistoryMs: 25_000
    })]
  })
  // The same series as in trend.test.ts: memory percent 60.1 .. 65.2 every 5 s.
  for (const v of [60.1, 61.3, 61.9, 63.4, 64.0, 65.2]) {
    rss = v * 10
    sampler.sampleNow()
    clock.advance(5000)
  }
  clock.advance(-5000)
  const report = engine.evaluate()
  assert.equal(report.status, 'healthy')
  assert.equal(report.performance?.memory_percent, 65.2)
  // numpy: (98 - b) / a * 1000 + T0 = 1700000188746.4387 (see trend.test.ts)
  assert.deepEqual(report.predictions, [{ check: 'mem', metric: 'memory_percent', threshold: 98, predicted_breach_at: 1700000188746, reason: null }])
  engine.close()
})

test('time_to_breach is usable as a statistic', () => {
  const { clock, store, engine } = setup([rule({
    id: 'disk_soon',
    metric: 'disk',
    statistic: 'time_to_breach',
    target: 98,
    direction: 'above',
    windowMs: 600_000,
    warning: 3600,
    critical: 300,
    predictMinPoints: 6,
    predictMinHistoryMs: 25_000
  })])
  const s = store.series('disk')
  const t0 = clock.t
  for (const [i, v] of [60.1, 61.3, 61.9, 63.4, 64.0, 65.2].entries()) s.record(v, t0 + i * 5000)
  clock.t = t0 + 25_000
  const issue = engine.evaluate().issues[0]
  // numpy crossing 1700000188746 ms, now 1700000025000 ms: 163.746 s left.
  assert.equal(issue.severity, 'critical')
  assert.equal(issue.value, 163.746)
  assert.match(issue.message, /below the critical threshold 300/)
})

test('maxAgeMs returns a recent report without evaluating again', () => {
  const { clock, engine } = setup()
  const first = engine.evaluate()
  clock.advance(500)
  assert.equal(engine.evaluate({ maxAgeMs: 1000 }), first)
  assert.notEqual(engine.evaluate(), first)
})

test('a throwing alert listener does not stop the others', () => {
  const warned: string[] = []
  const clock = new FakeClock()
  const store = new SeriesStore()
  const engine = new HealthEngine({ store, clock, warn: (m) => warned.push(m), rules: [rule({ id: 'r', metric: 'm', statistic: 'latest', warning: 1, critical: null })] })
  const seen: string[] = []
  engine.onAlert(() => { throw new Error('boom') })
  engine.onAlert((e) => seen.push(e.check))
  store.series('m').record(5, clock.t)
  engine.evaluate()
  assert.deepEqual(seen, ['r'])
  assert.match(warned[0], /alert listener threw: Error: boom/)
})

test('readiness fails while a readiness rule is critical or a gate is down; liveness watches the timer', () => {
  const { clock, store, engine } = setup([rule({ id: 'r', metric: 'm', statistic: 'latest', warning: 1, critical: 2, readiness: true })])
  assert.equal(engine.readiness().status, 'fail')
  engine.evaluate()
  assert.equal(engine.readiness().status, 'ok')
  engine.setReady('persistence', false)
  assert.equal(engine.readiness().status, 'fail')
  engine.setReady('persistence', true)
  store.series('m').record(3, clock.t)
  engine.evaluate()
  assert.deepEqual(engine.readiness().checks.find((c) => c.name === 'rules'), { name: 'rules', ok: false, detail: 'critical: r' })
  assert.equal(engine.liveness().status, 'ok')
  engine.start()
  assert.equal(engine.liveness().status, 'ok')
  clock.advance(60_000)
  assert.equal(engine.liveness().status, 'fail')
  engine.close()
})
