import { test } from 'node:test'
import assert from 'node:assert/strict'
import { capacity } from '../../../src/analysis/capacity.ts'
import type { CapacityInsufficient, ResourceCost } from '../../../src/analysis/capacity.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'

const close = (a: number, b: number, rel = 1e-9): void => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`)

// Twelve hours, one scan a minute (numpy 2.4 / scipy 1.17):
//   i = np.arange(0, 720); ts = i*60_000 + 1_000; pairs = 10 + (i//30)*2 + (i % 3)
//   tc = i*60_000 + 20_000; cpu = 5 + 0.8*pairs + ((i*7919) % 101)/25.0
//   10-minute buckets: x, y = bucket means on common keys; lr = stats.linregress(x, y)
function history (): { pairs: { timesMs: Float64Array, values: Float64Array }, cpu: { timesMs: Float64Array, values: Float64Array } } {
  const n = 720
  const pairs = { timesMs: new Float64Array(n), values: new Float64Array(n) }
  const cpu = { timesMs: new Float64Array(n), values: new Float64Array(n) }
  for (let i = 0; i < n; i++) {
    pairs.timesMs[i] = i * 60_000 + 1_000
    pairs.values[i] = 10 + Math.floor(i / 30) * 2 + (i % 3)
    cpu.timesMs[i] = i * 60_000 + 20_000
    cpu.values[i] = 5 + 0.8 * pairs.values[i] + ((i * 7919) % 101) / 25
  }
  return { pairs, cpu }
}

test('marginal cost per pair, its interval and the pairs at a threshold match scipy', () => {
  const { pairs, cpu } = history()
  const r = capacity(pairs, { cpu_percent: { points: cpu, threshold: 80 } }, { stepMs: 600_000 })
  const c = r.resources.cpu_percent as ResourceCost
  // n, lr.slope, lr.stderr, lr.intercept, lr.rvalue**2
  //   -> 72, 0.8001458210149212, 0.0017045502753122355, 6.99070875215935, 0.9996824285542275
  assert.equal(c.aligned_count, 72)
  close(c.marginal_cost_per_pair, 0.8001458210149212)
  close(c.stderr, 0.0017045502753122355, 1e-8)
  close(c.intercept, 6.99070875215935)
  close(c.r_squared, 0.9996824285542275)
  // slope ± stats.t.ppf(0.975, n-2)*stderr -> 0.7967462026869586, 0.8035454393428837
  close(c.ci_low, 0.7967462026869586, 1e-9)
  close(c.ci_high, 0.8035454393428837, 1e-9)
  // (80 - lr.intercept)/lr.slope -> 91.2449822649004; x[-1] -> 57.1
  close(c.pairs_at_threshold!, 91.2449822649004)
  close(c.current_pairs, 57.1)
  // prediction interval at x[-1] -> 52.67903513211135, 52.26930335823842, 53.088766905984286
  close(c.current_fitted.value, 52.67903513211135)
  close(c.current_fitted.lower, 52.26930335823842, 1e-9)
  close(c.current_fitted.upper, 53.088766905984286, 1e-9)
  assert.equal(c.note, null)
})

test('no cost to extrapolate when the slope is not significant; too few buckets say so', () => {
  const pairs = { timesMs: Float64Array.of(0, 1000, 2000, 3000), values: Float64Array.of(10, 20, 10, 20) }
  const flat = { timesMs: Float64Array.of(0, 1000, 2000, 3000), values: Float64Array.of(5, 5.1, 5.2, 4.9) }
  const r = capacity(pairs, { memory: { points: flat, threshold: 90 } }, { stepMs: 1000 }).resources.memory as ResourceCost
  assert.equal(r.pairs_at_threshold, null)
  assert.match(r.note!, /not significantly different from 0/)
  const few = capacity(pairs, { memory: { points: { timesMs: Float64Array.of(0), values: Float64Array.of(1) } } }, { stepMs: 1000 })
  assert.equal((few.resources.memory as CapacityInsufficient).insufficient_data, true)
})

test('bad step or threshold is a 400-class error', () => {
  const { pairs, cpu } = history()
  assert.throws(() => capacity(pairs, { cpu: { points: cpu } }, { stepMs: 0 }), InvalidArgumentError)
  assert.throws(() => capacity(pairs, { cpu: { points: cpu, threshold: NaN } }, { stepMs: 1000 }), InvalidArgumentError)
})
