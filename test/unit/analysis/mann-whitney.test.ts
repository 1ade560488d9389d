import { test } from 'node:test'
import assert from 'node:assert/strict'
import { exactSf, mannWhitneyU } from '../../../src/analysis/mann-whitney.ts'

const sorted = (xs: number[]): Float64Array => Float64Array.from(xs).sort()
const close = (a: number, b: number, rel = 1e-9): void => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`)

// Each reference: r = scipy.stats.mannwhitneyu(b, a) (scipy 1.17, defaults: method 'auto',
// use_continuity=True, two-sided); r.statistic, r.pvalue.
test('small samples without ties use the exact distribution, as scipy', () => {
  // a = [1.1, 2.5, 3.3, 4.0, 5.2]; b = [3.9, 6.1, 7.0, 4.4, 8.8, 9.1] -> 27.0, 0.030303030303030304
  const r = mannWhitneyU(sorted([1.1, 2.5, 3.3, 4.0, 5.2]), sorted([3.9, 6.1, 7.0, 4.4, 8.8, 9.1]))
  assert.equal(r.method, 'exact')
  assert.equal(r.u_statistic, 27)
  close(r.p_value, 0.030303030303030304)
  close(r.prob_b_greater, 27 / 30)
  // a = [0.3, 1.2, 2.2, 0.9]; b = [1.5, 2.0, 2.8, 3.1, 0.1, 4.4, 5.0, 6.2, 2.6, 3.3, 1.7, 2.4] -> 41.0, 0.04175824175824176
  const r2 = mannWhitneyU(sorted([0.3, 1.2, 2.2, 0.9]), sorted([1.5, 2.0, 2.8, 3.1, 0.1, 4.4, 5.0, 6.2, 2.6, 3.3, 1.7, 2.4]))
  assert.equal(r2.u_statistic, 41)
  close(r2.p_value, 0.04175824175824176)
})

test('exact with one tiny and one large sample', () => {
  // i = np.arange(1, 1001); b = ((i*7919) % 100003) / 100.0; a = [500.5, 10.25, 999.75, 123.5, 77.125]
  //   -> 3289.0, 0.2309967742182035
  const b: number[] = []
  for (let i = 1; i <= 1000; i++) b.push(((i * 7919) % 100003) / 100)
  const r = mannWhitneyU(sorted([500.5, 10.25, 999.75, 123.5, 77.125]), sorted(b))
  assert.equal(r.method, 'exact')
  assert.equal(r.u_statistic, 3289)
  close(r.p_value, 0.2309967742182035, 1e-8)
})

test('ties switch to the normal approximation with tie correction', () => {
  // a = [1, 2, 2, 3, 5]; b = [2, 4, 6, 6, 7, 9] -> 26.0, 0.052477978971014166
  const r = mannWhitneyU(sorted([1, 2, 2, 3, 5]), sorted([2, 4, 6, 6, 7, 9]))
  assert.equal(r.method, 'asymptotic')
  assert.equal(r.u_statistic, 26)
  close(r.p_value, 0.052477978971014166)
  // i = np.arange(1, 201); a = ((i*7919) % 1009) // 10; b = ((i*104729) % 997) // 10 + 8
  //   -> 22254.5, 0.051211238011793704
  const a2: number[] = []
  const b2: number[] = []
  for (let i = 1; i <= 200; i++) {
    a2.push(Math.floor(((i * 7919) % 1009) / 10))
    b2.push(Math.floor(((i * 104729) % 997) / 10) + 8)
  }
  const r2 = mannWhitneyU(sorted(a2), sorted(b2))
  assert.equal(r2.method, 'asymptotic')
  assert.equal(r2.u_statistic, 22254.5)
  close(r2.p_value, 0.051211238011793704)
})

test('large samples without ties: normal approximation', () => {
  // a = np.sin(np.arange(300)*1.7)*10; b = np.sin(np.arange(300)*2.3)*10 + 1.0 -> 49954.0, 0.019639812089138873
  const a: number[] = []
  const b: number[] = []
  for (let k = 0; k < 300; k++) { a.push(Math.sin(k * 1.7) * 10); b.push(Math.sin(k * 2.3) * 10 + 1) }
  const r = mannWhitneyU(sorted(a), sorted(b))
  assert.equal(r.method, 'asymptotic')
  assert.equal(r.u_statistic, 49954)
  close(r.p_value, 0.019639812089138873, 1e-8)
})

test('identical constant samples give p = 1; empty samples give NaN', () => {
  const r = mannWhitneyU(sorted([3, 3, 3, 3, 3, 3, 3, 3, 3]), sorted([3, 3, 3, 3, 3, 3, 3, 3, 3, 3]))
  assert.equal(r.p_value, 1)
  assert.equal(r.prob_b_greater, 0.5)
  assert.ok(Number.isNaN(mannWhitneyU(sorted([]), sorted([1])).p_value))
})

test('the exact distribution sums to one and is symmetric', () => {
  // m = 3, n = 4: C(7, 3) = 35 arrangements; P(U >= 12) = 1/35, P(U >= 0) = 1.
  close(exactSf(12, 3, 4), 1 / 35)
  assert.equal(exactSf(0, 3, 4), 1)
  // Symmetry: P(U >= k) = P(U <= mn - k) = 1 - P(U >= mn - k + 1).
  for (let k = 1; k <= 12; k++) close(exactSf(k, 3, 4), 1 - exactSf(12 - k + 1, 3, 4), 1e-12)
})
