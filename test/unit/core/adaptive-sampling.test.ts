import { test } from 'node:test'
import assert from 'node:assert/strict'
import { AdaptiveSamplingController } from '../../../src/core/adaptive-sampling.ts'

test('doubles under lag up to the maximum, halves after calm reports down to the minimum', () => {
  const c = new AdaptiveSamplingController({ minInterval: 1, maxInterval: 8, highLagMs: 50, lowLagMs: 20, calmUpdates: 2 })
  assert.deepEqual([60, 70, 80, 90, 100].map((lag) => c.update(lag)), [2, 4, 8, 8, 8])
  assert.deepEqual([10, 10, 10, 10, 10, 10, 10, 10].map((lag) => c.update(lag)), [8, 4, 4, 2, 2, 1, 1, 1])
})

test('lag between the thresholds holds the interval and resets the calm streak', () => {
  const c = new AdaptiveSamplingController({ calmUpdates: 3 })
  c.update(100)
  c.update(100)
  assert.equal(c.interval, 4)
  assert.deepEqual([5, 5, 30, 5, 5, 5].map((lag) => c.update(lag)), [4, 4, 4, 4, 4, 2])
  assert.equal(c.update(null), 2)
  assert.equal(c.update(NaN), 2)
})
