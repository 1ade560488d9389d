import { test } from 'node:test'
import assert from 'node:assert/strict'
import { RuleState } from '../../../src/health/rule-state.ts'
import type { Severity } from '../../../src/health/rule.ts'

/** Feeds conditions at 5 s steps; returns the changes seen as `t:change:severity`. */
function run (conditions: Severity[], forMs: number, keepMs: number): string[] {
  const state = new RuleState()
  const out: string[] = []
  conditions.forEach((c, i) => {
    const t = state.update(c, forMs, keepMs, i * 5000)
    if (t !== null) out.push(`${i * 5000}:${t.change}:${t.severity}`)
  })
  return out
}

test('with for 0 a level fires at once and resolves at once', () => {
  assert.deepEqual(run(['ok', 'warning', 'ok'], 0, 0), ['5000:firing:warning', '10000:resolved:ok'])
})

test('a spike shorter than `for` never fires', () => {
  assert.deepEqual(run(['ok', 'warning', 'ok', 'warning', 'warning', 'ok'], 10_000, 0), [])
})

test('a condition held for `for` fires, and since is when it began', () => {
  const state = new RuleState()
  assert.equal(state.update('warning', 10_000, 0, 0), null)
  assert.deepEqual(state.pending(), { severity: 'warning', sinceMs: 0 })
  assert.equal(state.update('warning', 10_000, 0, 5000), null)
  assert.deepEqual(state.update('warning', 10_000, 0, 10_000), { change: 'firing', severity: 'warning', previous: 'ok' })
  assert.equal(state.sinceMs, 0)
  assert.equal(state.pending(), null)
})

test('severity escalates and de-escalates within one firing', () => {
  assert.deepEqual(run(['warning', 'critical', 'critical', 'warning', 'ok'], 0, 0), [
    '0:firing:warning', '5000:escalated:critical', '15000:deescalated:warning', '20000:resolved:ok'
  ])
})

test('critical needs its own `for`: the rule fires warning first, then escalates', () => {
  assert.deepEqual(run(['critical', 'critical', 'critical'], 5000, 0), ['5000:firing:critical'])
  assert.deepEqual(run(['warning', 'critical', 'critical'], 5000, 0), ['5000:firing:warning', '10000:escalated:critical'])
})

test('keep_firing_for suppresses flapping around the threshold', () => {
  const flapping: Severity[] = ['warning', 'ok', 'warning', 'ok', 'warning', 'ok', 'ok', 'ok', 'ok']
  // Without it: a change at every evaluation.
  assert.equal(run(flapping, 0, 0).length, 6)
  // With 10 s: one firing, resolved only once clear for 10 s.
  assert.deepEqual(run(flapping, 0, 10_000), ['0:firing:warning', '35000:resolved:ok'])
})

test('a pending level above the firing one is reported as pending', () => {
  const state = new RuleState()
  state.update('warning', 0, 0, 0)
  state.update('critical', 10_000, 0, 5000)
  assert.equal(state.severity, 'warning')
  assert.deepEqual(state.pending(), { severity: 'critical', sinceMs: 5000 })
})
