import { test } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { EventLoopMonitor } from '../../../src/collect/event-loop-monitor.ts'

function blockFor (ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) { /* keep the loop busy */ }
}

test('p99Ms is null before anything was recorded, not 0', () => {
  const monitor = new EventLoopMonitor()
  assert.equal(monitor.enabled, false)
  assert.equal(monitor.p99Ms(), null)
})

test('p99Ms reports a stall of the event loop, reset forgets it', async (t) => {
  const monitor = new EventLoopMonitor(10)
  t.after(() => monitor.disable())
  monitor.enable()
  assert.equal(monitor.enabled, true)
  // Let the monitor tick once first: Node does not record the stall that
  // follows an enable or a reset before its first tick.
  await sleep(50)
  blockFor(150)
  await sleep(30)
  const p99 = monitor.p99Ms()
  assert.ok(p99 !== null && p99 >= 140, `p99 ${p99} ms after a 150 ms stall`)
  monitor.reset()
  assert.equal(monitor.p99Ms(), null)
})

test('disable stops recording', async () => {
  const monitor = new EventLoopMonitor(10)
  monitor.enable()
  monitor.disable()
  monitor.reset()
  assert.equal(monitor.enabled, false)
  await sleep(50)
  assert.equal(monitor.p99Ms(), null)
  monitor.disable() // idempotent
})
