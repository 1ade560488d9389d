import { test } from 'node:test'
import assert from 'node:assert/strict'
import { summarizeWeighted, weightedPercentiles } from '../../../src/core/weighted-statistics.ts'
import type { SampledStatistics } from '../../../src/core/weighted-statistics.ts'

test('weighted percentiles interpolate between plotting positions S(k-1) / (S(n) - w(n))', () => {
  // Sorted values 1, 2, 3 with weights 1, 1, 2: S = 1, 2, 4; span = 4 - 2 = 2; u = 0, 0.5, 1.
  const v = Float64Array.of(3, 1, 2)
  const w = Float64Array.of(2, 1, 1)
  const [p25, p50, p90, p100] = weightedPercentiles(v, w, [0.25, 0.5, 0.9, 1])
  assert.equal(p25, 1.5)
  assert.equal(p50, 2)
  assert.ok(Math.abs(p90 - 2.8) < 1e-12)
  assert.equal(p100, 3)
})

test('integer weights equal repeating each point that many times, for mean and stddev', () => {
  // [1, 1, 1, 5] as (1, w=3), (5, w=1): numpy: np.mean -> 2.0, np.std -> 1.7320508075688772
  const s = summarizeWeighted({ timesMs: Float64Array.of(0, 1), values: Float64Array.of(1, 5), weights: Float64Array.of(3, 1) }, 'every_nth') as SampledStatistics
  assert.equal(s.mean, 2)
  assert.ok(Math.abs(s.stddev - 1.7320508075688772) < 1e-12)
  assert.equal(s.estimated_count, 4)
  assert.deepEqual(s.sampled, { mode: 'every_nth', rate: 0.5 })
  assert.equal(s.count, 2)
})

test('no points say no_data', () => {
  const s = summarizeWeighted({ timesMs: new Float64Array(0), values: new Float64Array(0), weights: new Float64Array(0) }, 'reservoir')
  assert.equal(s.count, 0)
})
