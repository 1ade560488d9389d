import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bucketsToJson, downsample } from '../../../src/analysis/downsample.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'

function fixture (): { timesMs: Float64Array, values: Float64Array } {
  const timesMs = new Float64Array(1000)
  const values = new Float64Array(1000)
  for (let i = 1; i <= 1000; i++) {
    timesMs[i - 1] = i * 13 + (i * i % 7)
    values[i - 1] = ((i * 7919) % 1009) / 10
  }
  return { timesMs, values }
}

// Reference (numpy 2.4), step 250 ms from origin 0:
//   i = np.arange(1, 1001); t = i*13 + (i*i % 7); v = ((i*7919) % 1009) / 10
//   k = np.floor(t / 250); per unique k: k*250, t[m][0], m.sum(), v[m].min(), v[m].max(), v[m].mean(), v[m][-1]
const REF = [
  [0, 14, 18, 2.9, 94.7, 50.84444444444444, 27.3],
  [250, 251, 20, 5.8, 100.5, 53.315, 24.0],
  [500, 509, 19, 2.5, 97.2, 51.5578947368421, 36.0]
]
const REF_TAIL = [[12750, 12754, 19, 3.3, 98.0, 51.72631578947368, 52.1], [13000, 13001, 1, 36.8, 36.8, 36.8, 36.8]]

test('buckets match a numpy group-by on fixed data', () => {
  const rows = bucketsToJson(downsample(fixture(), 250))
  assert.equal(rows.length, 53)
  const check = (row: typeof rows[number], ref: number[]): void => {
    assert.deepEqual([row.timestamp, row.first_timestamp, row.count, row.min, row.max, row.last], [ref[0], ref[1], ref[2], ref[3], ref[4], ref[6]])
    assert.ok(Math.abs(row.mean - ref[5]) < 1e-12, `${row.mean} != ${ref[5]}`)
    assert.equal(row.estimated_count, undefined)
  }
  REF.forEach((ref, i) => check(rows[i], ref))
  REF_TAIL.forEach((ref, i) => check(rows[rows.length - 2 + i], ref))
})

test('min, max and count are preserved exactly for any step', () => {
  const p = fixture()
  for (const step of [1, 7, 100, 999, 1e6]) {
    const d = downsample(p, step, 3)
    let total = 0
    for (let b = 0; b < d.count.length; b++) {
      total += d.count[b]
      // Brute force over the points of this bucket.
      let lo = Infinity; let hi = -Infinity; let n = 0
      for (let i = 0; i < p.values.length; i++) {
        if (Math.floor((p.timesMs[i] - 3) / step) * step + 3 === d.startMs[b]) {
          n++; lo = Math.min(lo, p.values[i]); hi = Math.max(hi, p.values[i])
        }
      }
      assert.equal(d.count[b], n)
      assert.equal(d.min[b], lo)
      assert.equal(d.max[b], hi)
    }
    assert.equal(total, 1000)
    assert.equal(Math.min(...d.min), Math.min(...p.values))
    assert.equal(Math.max(...d.max), Math.max(...p.values))
  }
})

test('weights weight the mean and give an estimated count; count stays exact', () => {
  const p = { timesMs: Float64Array.of(0, 1, 2, 10), values: Float64Array.of(1, 3, 5, 7) }
  const d = downsample(p, 10, 0, Float64Array.of(1, 1, 2, 4))
  assert.deepEqual([...d.count], [3, 1])
  assert.deepEqual([...d.weight], [4, 4])
  assert.equal(d.mean[0], (1 + 3 + 10) / 4)
  assert.equal(bucketsToJson(d)[0].estimated_count, 4)
})

test('no points give no buckets; a bad step is a 400-class error', () => {
  assert.equal(downsample({ timesMs: new Float64Array(0), values: new Float64Array(0) }, 10).count.length, 0)
  for (const bad of [0, -5, NaN, Infinity]) assert.throws(() => downsample(fixture(), bad), InvalidArgumentError)
})
