import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SeriesBuffer } from '../../../web/src/series-buffer.ts'

test('SeriesBuffer appends in time order, skips points it holds, and merges late points', () => {
  const b = new SeriesBuffer()
  b.replace([1, 2, 3], [10, 20, 30])
  b.append([3, 4], [30, 40])
  assert.deepEqual([b.t, b.v], [[1, 2, 3, 4], [10, 20, 30, 40]])
  // Another labelled series of the same metric, with an older time.
  b.append([2.5, 5], [25, 50])
  assert.deepEqual([b.t, b.v], [[1, 2, 2.5, 3, 4, 5], [10, 20, 25, 30, 40, 50]])
  assert.equal(b.latest, 50)
})

test('SeriesBuffer keeps at most maxPoints, the newest, and trims by time', () => {
  const b = new SeriesBuffer(3)
  b.append([1, 2, 3, 4, 5], [1, 2, 3, 4, 5])
  assert.deepEqual(b.t, [3, 4, 5])
  b.trimBefore(4)
  assert.deepEqual(b.t, [4, 5])
  b.clear()
  assert.equal(b.latest, null)
})
