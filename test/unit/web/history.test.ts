import { test } from 'node:test'
import assert from 'node:assert/strict'
import { answerColumns } from '../../../web/src/history.ts'

test('answerColumns reads points, or each step bucket as its min then max', () => {
  assert.deepEqual(answerColumns({ points: [{ timestamp: 1, value: 5 }, { timestamp: 2, value: 6 }] }), { t: [1, 2], v: [5, 6] })
  const bucketed = answerColumns({
    points: [],
    buckets: [
      { timestamp: 1000, first_timestamp: 1200, count: 3, min: 1, max: 4 },
      { timestamp: 2000, first_timestamp: 2100, count: 1, min: 7, max: 7 }
    ]
  })
  assert.deepEqual(bucketed, { t: [1200, 1200.001, 2100], v: [1, 4, 7] })
})

test('answerColumns takes format=columns arrays as they are, and buckets over empty columns', () => {
  assert.deepEqual(answerColumns({ timestamps: [1, 2, 3], values: [5, 6, 7] }), { t: [1, 2, 3], v: [5, 6, 7] })
  const bucketed = answerColumns({ timestamps: [], values: [], buckets: [{ timestamp: 1000, first_timestamp: 1000, count: 2, min: 1, max: 3 }] })
  assert.deepEqual(bucketed, { t: [1000, 1000.001], v: [1, 3] })
})
