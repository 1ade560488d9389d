import { test } from 'node:test'
import assert from 'node:assert/strict'
import { eventRate } from '../../../src/analysis/downsample.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'

test('eventRate: points per second in every bucket of the range, quiet ones 0', () => {
  // Trades at 5 s, 20 s, 25 s and 130 s; a minute step over [0, 179999].
  const r = eventRate({ timesMs: [5000, 20_000, 25_000, 130_000], values: [-3, 10, 4, 7] }, 60_000, 0, 179_999)
  assert.deepEqual([...r.timesMs], [0, 60_000, 120_000])
  assert.deepEqual([...r.values], [3 / 60, 0, 1 / 60])
  // The range cuts points off and starts mid-bucket: the bucket holding 30 s starts at 0.
  const cut = eventRate({ timesMs: [5000, 20_000, 25_000, 130_000], values: [1, 1, 1, 1] }, 60_000, 22_000, 70_000)
  assert.deepEqual([...cut.timesMs], [0, 60_000])
  assert.deepEqual([...cut.values], [1 / 60, 0])
  assert.equal(eventRate({ timesMs: [], values: [] }, 1000, Infinity, -Infinity).values.length, 0)
  assert.throws(() => eventRate({ timesMs: [], values: [] }, 1, 0, 1e12), InvalidArgumentError)
})
