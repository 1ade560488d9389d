import { test } from 'node:test'
import assert from 'node:assert/strict'
import { downsampleMinMax, lowerBound, upperBound } from '../../../web/src/downsample.ts'

/** A seeded LCG: the same "random" series every run. */
function noise (n: number, seed = 7): number[] {
  let s = seed
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  })
}

test('downsampleMinMax keeps each bucket\'s min and max in time order, two points a bucket at most', () => {
  const n = 10_000
  const t = Array.from({ length: n }, (_, i) => 1000 + i * 10)
  const v = noise(n)
  v[1234] = 5 // a spike
  v[8765] = -5 // a dip
  const buckets = 800
  const out = downsampleMinMax({ t, v }, t[0], t[n - 1], buckets)
  assert.ok(out.t.length <= 2 * buckets, `${out.t.length} points`)
  assert.ok(out.t.length > buckets)
  for (let i = 1; i < out.t.length; i++) assert.ok(out.t[i] > out.t[i - 1], 'time order')
  // Extremes survive: the spike and the dip are still drawn.
  assert.equal(Math.max(...out.v), 5)
  assert.equal(Math.min(...out.v), -5)
  assert.ok(out.t.includes(t[1234]) && out.t.includes(t[8765]))
  // Within each bucket the kept points are that bucket's true min and max.
  const width = (t[n - 1] - t[0]) / buckets
  for (const b of [0, 123, 799]) {
    const inBucket = t.map((x, i) => [x, v[i]]).filter(([x]) => Math.min(buckets - 1, Math.floor((x - t[0]) / width)) === b).map(([, y]) => y)
    const kept = out.t.map((x, i) => [x, out.v[i]]).filter(([x]) => Math.min(buckets - 1, Math.floor((x - t[0]) / width)) === b).map(([, y]) => y)
    assert.deepEqual([Math.min(...kept), Math.max(...kept)], [Math.min(...inBucket), Math.max(...inBucket)])
  }
})

test('downsampleMinMax clips to [x0, x1] and returns few points unchanged', () => {
  const t = [1, 2, 3, 4, 5, 6]
  const v = [10, 20, 30, 40, 50, 60]
  assert.deepEqual(downsampleMinMax({ t, v }, 2, 5, 100), { t: [2, 3, 4, 5], v: [20, 30, 40, 50] })
  assert.deepEqual(downsampleMinMax({ t, v }, 7, 9, 100), { t: [], v: [] })
  // One bucket: its min and max only.
  assert.deepEqual(downsampleMinMax({ t, v: [3, 1, 4, 1, 5, 9] }, 1, 6, 1), { t: [2, 6], v: [1, 9] })
})

test('lowerBound and upperBound bracket equal times', () => {
  const t = [1, 2, 2, 2, 3]
  assert.equal(lowerBound(t, 2), 1)
  assert.equal(upperBound(t, 2), 4)
  assert.equal(lowerBound(t, 0), 0)
  assert.equal(upperBound(t, 9), 5)
})
