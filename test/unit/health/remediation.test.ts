import { test } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { SeriesStore } from '../../../src/core/store.ts'
import { HealthEngine } from '../../../src/health/health-engine.ts'
import { Remediator } from '../../../src/health/remediation.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'
import { FakeClock, rule } from './helpers.ts'

async function until (what: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !what(); i++) await sleep(5)
  assert.ok(what(), 'condition not reached')
}

function setup (actions: string[], actionTimeoutMs = 5000) {
  const clock = new FakeClock()
  const store = new SeriesStore({ capacity: 8000 })
  const warned: string[] = []
  const engine = new HealthEngine({
    store,
    clock,
    actionTimeoutMs,
    minCapacity: 1000,
    warn: (m) => warned.push(m),
    rules: [rule({ id: 'mem', metric: 'mem', statistic: 'latest', warning: 90, critical: 95, actions })]
  })
  const s = store.series('mem')
  const step = (v: number): void => { s.record(v, clock.t); engine.evaluate(); clock.advance(5000) }
  return { clock, store, engine, step, warned }
}

test('actions run once per firing, at the configured severity, audited', async () => {
  const { engine, step } = setup(['relieve'])
  const runs: string[] = []
  engine.onRemediate('relieve', (ctx) => { runs.push(`${ctx.check}:${ctx.severity}:${ctx.value}:${ctx.threshold}`); return 'relieved' })
  step(92) // warning: below actionsOn (critical)
  step(97) // critical: runs
  step(99)
  step(92) // de-escalated
  step(97) // critical again in the same firing: no second run
  await until(() => engine.auditLog().length === 1)
  step(50) // resolved
  step(97) // a new firing: runs again
  await until(() => engine.auditLog().length === 2)
  assert.deepEqual(runs, ['mem:critical:97:95', 'mem:critical:97:95'])
  const [latest] = engine.auditLog()
  assert.equal(latest.outcome, 'ok')
  assert.equal(latest.detail, 'relieved')
  assert.equal(latest.action, 'relieve')
})

test('a failing action and a hanging one are reported; evaluation goes on', async () => {
  const { engine, step, warned } = setup(['fails', 'hangs', 'after'], 50)
  engine.onRemediate('fails', () => { throw new Error('broker unreachable') })
  engine.onRemediate('hangs', () => new Promise(() => {}))
  let afterRan = 0
  engine.onRemediate('after', () => { afterRan++ })
  step(97)
  assert.equal(engine.report().status, 'critical') // evaluation did not wait
  step(50)
  assert.equal(engine.report().status, 'healthy')
  await until(() => engine.auditLog().length === 3)
  const byAction = Object.fromEntries(engine.auditLog().map((e) => [e.action, e]))
  assert.equal(byAction.fails.outcome, 'failed')
  assert.equal(byAction.fails.detail, 'broker unreachable')
  assert.equal(byAction.hangs.outcome, 'timeout')
  assert.equal(byAction.after.outcome, 'ok')
  assert.equal(afterRan, 1)
  assert.ok(warned.some((m) => /remediation fails for mem: failed: broker unreachable/.test(m)))
  assert.ok(warned.some((m) => /remediation hangs for mem: timeout/.test(m)))
})

test('an action nobody registered is audited as unknown', async () => {
  const { engine, step } = setup(['pause_entries'])
  step(97)
  await until(() => engine.auditLog().length === 1)
  assert.equal(engine.auditLog()[0].outcome, 'unknown_action')
})

test('the built-in shrink_retention halves the store capacity down to its floor', async () => {
  const { engine, store, step } = setup(['shrink_retention'])
  const big = store.series('big')
  for (let i = 0; i < 8000; i++) big.record(i, i)
  step(97)
  await until(() => engine.auditLog().length === 1)
  assert.equal(store.options.capacity, 4000)
  assert.equal(store.read('big').values.length, 4000)
  assert.equal(engine.auditLog()[0].detail, 'capacity 8000 -> 4000 points per series, 4000 points dropped')
  step(50); step(97); step(50); step(97); step(50); step(97)
  await until(() => engine.auditLog().length === 4)
  assert.equal(store.options.capacity, 1000)
  assert.match(engine.auditLog()[0].detail!, /at the floor 1000/)
})

test('action names are checked at registration', () => {
  const r = new Remediator()
  assert.throws(() => r.register('Bad Name', () => {}), InvalidArgumentError)
  const off = r.register('ok_name', () => {})
  assert.ok(r.has('ok_name'))
  off()
  assert.ok(!r.has('ok_name'))
})
