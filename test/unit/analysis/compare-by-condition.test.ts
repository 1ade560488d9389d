import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compareByCondition, parseConditionThreshold } from '../../../src/analysis/compare-by-condition.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'

const STEP = 60_000
// The condition (e.g. market volatility): one point per minute, 1..10.
const C = { timesMs: [] as number[], values: [] as number[] }
for (let k = 0; k < 10; k++) { C.timesMs.push(k * STEP + 1000); C.values.push(k + 1) }
// The metric: two points per minute whose means are MEANS; minute 10 has no condition point.
const MEANS = [10, 11, 10, 12, 11, 10, 11, 30, 31, 32]
const M = { timesMs: [] as number[], values: [] as number[] }
for (let k = 0; k < 10; k++) {
  M.timesMs.push(k * STEP + 5000, k * STEP + 30_000)
  M.values.push(MEANS[k] - 0.5, MEANS[k] + 0.5)
}
M.timesMs.push(10 * STEP + 5000)
M.values.push(1000)

test('above p70: the buckets where the condition is in its top 30 % against the rest, figures as scipy gives them', () => {
  const r = compareByCondition(M, C, { stepMs: STEP, side: 'above', threshold: { percentile: 0.7 } })
  // numpy.percentile(1..10, 70) = 7.3: minutes 7, 8, 9 are in the condition.
  assert.deepEqual(r.condition, { side: 'above', threshold: 7.3, percentile: 0.7, step_ms: STEP, aligned_count: 10, buckets_in: 3, buckets_out: 7 })
  assert.equal(r.b.count, 3)
  assert.equal(r.a.count, 7)
  if (r.mean_change === null || r.test === null) throw new Error('expected a comparison')
  assert.equal(r.mean_change.b, 31)
  assert.ok(Math.abs(r.mean_change.a - 75 / 7) < 1e-12)
  // scipy.stats.ttest_ind([30,31,32], [10,11,10,12,11,10,11], equal_var=False).confidence_interval(0.95)
  assert.ok(Math.abs(r.mean_change.ci_low - 18.250376297321047) < 1e-6)
  assert.ok(Math.abs(r.mean_change.ci_high - 22.321052274107522) < 1e-6)
  // scipy.stats.mannwhitneyu(b, a): U = 21, p = 0.019462118811182177 (ties: normal approximation).
  assert.equal(r.test.u_statistic, 21)
  assert.equal(r.test.prob_b_greater, 1)
  assert.ok(Math.abs(r.test.p_value - 0.019462118811182177) < 1e-12)
  assert.equal(r.verdict, 'regressed')
  assert.match(r.explanation, /^b: the 3 buckets where the condition is above 7\.300 \(p70\); a: the other 7\./)
})

test('below a percentile, above a level, and a condition with no aligned bucket', () => {
  // numpy.percentile(1..10, 30) = 3.7: minutes 0, 1, 2.
  const low = compareByCondition(M, C, { stepMs: STEP, side: 'below', threshold: { percentile: 0.3 }, direction: 'lower_is_worse' })
  assert.ok(Math.abs(low.condition.threshold! - 3.7) < 1e-12)
  assert.equal(low.condition.buckets_in, 3)
  assert.ok(Math.abs(low.mean_change!.b - (10 + 11 + 10) / 3) < 1e-12)
  assert.ok(Math.abs(low.mean_change!.a - (12 + 11 + 10 + 11 + 30 + 31 + 32) / 7) < 1e-12)
  // Strictly above 8: minutes 8 and 9 only.
  const level = compareByCondition(M, C, { stepMs: STEP, side: 'above', threshold: { value: 8 } })
  assert.equal(level.condition.buckets_in, 2)
  assert.equal(level.condition.percentile, null)
  assert.equal(level.mean_change!.b, 31.5)
  // Nothing above 100: window b is empty, so there is nothing to compare.
  const none = compareByCondition(M, C, { stepMs: STEP, side: 'above', threshold: { value: 100 } })
  assert.equal(none.verdict, 'insufficient data')
  assert.equal(none.condition.buckets_in, 0)
  const apart = compareByCondition(M, { timesMs: [99 * STEP], values: [1] }, { stepMs: STEP, side: 'above', threshold: { percentile: 0.9 } })
  assert.equal(apart.condition.aligned_count, 0)
  assert.equal(apart.condition.threshold, null)
  assert.equal(apart.verdict, 'insufficient data')
})

test('thresholds are numbers or pNN; anything else is an argument error', () => {
  assert.deepEqual(parseConditionThreshold('above', 'p90'), { percentile: 0.9 })
  assert.deepEqual(parseConditionThreshold('above', 'p99.5'), { percentile: 0.995 })
  assert.deepEqual(parseConditionThreshold('above', 'p100'), { percentile: 1 })
  assert.deepEqual(parseConditionThreshold('below', '0.8'), { value: 0.8 })
  assert.deepEqual(parseConditionThreshold('below', '-2e3'), { value: -2000 })
  for (const bad of ['p101', 'p', 'high', '', ' ', 'Infinity', 'p-1']) {
    assert.throws(() => parseConditionThreshold('above', bad), (e: unknown) => e instanceof InvalidArgumentError && /above/.test(e.message), bad)
  }
})
