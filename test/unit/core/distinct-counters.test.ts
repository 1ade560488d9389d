import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DistinctCounters } from '../../../src/core/distinct-counters.ts'
import { HyperLogLog } from '../../../src/core/hyperloglog.ts'
import { InvalidArgumentError, InvalidMetricNameError } from '../../../src/core/errors.ts'

test('counters exported and imported into fresh ones estimate the same; importing again changes nothing', () => {
  const a = new DistinctCounters()
  for (let i = 0; i < 5000; i++) a.get('order_ids').add('ord-' + i)
  a.get('clients').add('c1')
  const state = a.exportState()
  const b = new DistinctCounters()
  assert.deepEqual(b.importState(state), [])
  assert.deepEqual(b.list(), a.list())
  b.importState(state)
  assert.deepEqual(b.list(), a.list())
  // The export is a copy.
  state[0].registers.fill(0)
  assert.deepEqual(b.list(), a.list())
})

test('imported counters merge with ones counted since: the union', () => {
  const a = new DistinctCounters()
  for (let i = 0; i < 3000; i++) a.get('ids').add(i)
  const b = new DistinctCounters()
  for (let i = 2000; i < 6000; i++) b.get('ids').add(i)
  b.importState(a.exportState())
  const estimate = b.list()[0].estimate
  assert.ok(Math.abs(estimate - 6000) / 6000 <= 3 * new HyperLogLog().relativeError, String(estimate))
})

test('past the limit or at another precision a saved counter is skipped with the reason', () => {
  const saved = new DistinctCounters(10, 12)
  saved.get('x').add(1)
  saved.get('y').add(1)
  const b = new DistinctCounters(1)
  b.get('y')
  assert.deepEqual(b.importState(saved.exportState()), [
    { name: 'x', reason: 'past the limit of 1 distinct counters' },
    { name: 'y', reason: 'saved at precision 12, counting at 14 now' }
  ])
})

test('malformed saved registers or a bad name throw before any change', () => {
  const b = new DistinctCounters()
  const good = { name: 'ok', precision: 4, registers: new Uint8Array(16) }
  assert.throws(() => b.importState([good, { name: 'short', precision: 4, registers: new Uint8Array(15) }]), InvalidArgumentError)
  assert.throws(() => b.importState([good, { name: 'high', precision: 4, registers: new Uint8Array(16).fill(62) }]), InvalidArgumentError)
  assert.throws(() => b.importState([good, { name: 'bad name!', precision: 4, registers: new Uint8Array(16) }]), InvalidMetricNameError)
  assert.equal(b.size, 0)
})
