import { test } from 'node:test'
import assert from 'node:assert/strict'
import { percentileSorted, summarize, hasData } from '../../../src/core/statistics.ts'

// Reference values computed independently with numpy 2.4 (np.percentile's
// default linear method, np.std population), on the same data:
//   v = [((i*7919) % 1009) / 10 for i in 1..1000]
const NUMPY_1000 = { p50: 50.55, p90: 90.71, p95: 95.805, p99: 99.801, mean: 50.5046, std: 29.095352529914464, min: 0.1, max: 100.8 }
//   w = [3.5, 1.0, 2.0, 10.0, 7.25]
const NUMPY_5 = { p50: 3.5, p90: 8.9, p95: 9.45, p99: 9.89, mean: 4.75, std: 3.3763886032268267 }

const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} != ${b}`)

function dataset (): Float64Array {
  const v = new Float64Array(1000)
  for (let i = 1; i <= 1000; i++) v[i - 1] = ((i * 7919) % 1009) / 10
  return v
}

test('percentiles, mean and stddev match numpy on 1,000 points', () => {
  const v = dataset()
  const s = summarize(new Float64Array(v.length).map((_, i) => i), v)
  assert.ok(hasData(s))
  close(s.p50, NUMPY_1000.p50)
  close(s.p90, NUMPY_1000.p90)
  close(s.p95, NUMPY_1000.p95)
  close(s.p99, NUMPY_1000.p99)
  close(s.mean, NUMPY_1000.mean)
  close(s.stddev, NUMPY_1000.std)
  assert.equal(s.min, NUMPY_1000.min)
  assert.equal(s.max, NUMPY_1000.max)
  assert.equal(s.count, 1000)
  assert.equal(s.latest, v[999])
  assert.equal(s.first_timestamp, 0)
  assert.equal(s.latest_timestamp, 999)
})

test('percentiles match numpy on a small unsorted set', () => {
  const w = Float64Array.from([3.5, 1.0, 2.0, 10.0, 7.25])
  const s = summarize(Float64Array.from([1, 2, 3, 4, 5]), w)
  assert.ok(hasData(s))
  close(s.p50, NUMPY_5.p50)
  close(s.p90, NUMPY_5.p90)
  close(s.p95, NUMPY_5.p95)
  close(s.p99, NUMPY_5.p99)
  close(s.mean, NUMPY_5.mean)
  close(s.stddev, NUMPY_5.std)
  assert.equal(s.latest, 7.25)
})

test('percentiles agree with a sorted reference by nearest-rank bounds', () => {
  // Type 7 always lies between the values at ranks floor(h) and ceil(h).
  const v = dataset()
  const sorted = [...v].sort((a, b) => a - b)
  for (const p of [0, 0.01, 0.25, 0.5, 0.9, 0.99, 1]) {
    const h = (sorted.length - 1) * p
    const got = percentileSorted(Float64Array.from(sorted), p)
    assert.ok(got >= sorted[Math.floor(h)] - 1e-12 && got <= sorted[Math.ceil(h)] + 1e-12, `p=${p}`)
  }
  assert.equal(percentileSorted(Float64Array.from(sorted), 0), sorted[0])
  assert.equal(percentileSorted(Float64Array.from(sorted), 1), sorted[sorted.length - 1])
})

test('one point: every statistic is that point, stddev 0', () => {
  const s = summarize(Float64Array.of(42), Float64Array.of(-1.5))
  assert.ok(hasData(s))
  assert.equal(s.p50, -1.5)
  assert.equal(s.p99, -1.5)
  assert.equal(s.stddev, 0)
})

test('no points says no_data, with no fake zeros', () => {
  const s = summarize(new Float64Array(0), new Float64Array(0))
  assert.equal(s.count, 0)
  assert.ok(!hasData(s))
  assert.equal((s as { no_data: boolean }).no_data, true)
  assert.equal('mean' in s, false)
})

test('quickselect percentiles equal sorted-array percentiles on many random sets', () => {
  let seed = 7
  const rand = (): number => { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
  for (let trial = 0; trial < 300; trial++) {
    const n = 1 + Math.floor(rand() * 200)
    // Few distinct values in some trials: duplicates stress the partitioning.
    const v = Float64Array.from({ length: n }, () => trial % 3 === 0 ? Math.floor(rand() * 4) : rand() * 100 - 50)
    const sorted = Float64Array.from(v).sort()
    const s = summarize(new Float64Array(n), v)
    assert.ok(hasData(s))
    for (const [p, got] of [[0.5, s.p50], [0.9, s.p90], [0.95, s.p95], [0.99, s.p99]] as const) {
      close(got, percentileSorted(sorted, p), 1e-12)
    }
  }
})
