import { test } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidArgumentError } from '../../../src/core/errors.ts'
import { fitCentredLine, residualSumOfSquares } from '../../../src/core/line-fit.ts'

const close = (a: number, b: number, rel = 1e-12): void => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`)

const T0 = 1_700_000_000_000
// Memory percent rising about 0.2 per second, sampled every 5 s, at epoch-ms times.
const TIMES = [0, 5000, 10000, 15000, 20000, 25000].map((d) => T0 + d)
const VALUES = [60.1, 61.3, 61.9, 63.4, 64.0, 65.2]

test('the fit and its centred sums match numpy on epoch-ms times, in seconds', () => {
  // numpy 2.4: t = np.array(TIMES, float); v = np.array(VALUES); ts = (t - t.mean()) / 1000
  //   t.mean() = 1700000012500.0, v.mean() = 62.650000000000006
  //   (ts**2).sum() = 437.5, (ts*(v - v.mean())).sum() = 87.75000000000003,
  //   ((v - v.mean())**2).sum() = 17.775000000000013
  //   np.polyfit(ts, v, 1) = [0.2005714285714283, 62.65000000000002]; residuals² sum 0.17485714285714526
  const fit = fitCentredLine(TIMES, VALUES, { scale: 1000 })!
  assert.equal(fit.n, 6)
  assert.equal(fit.xMean, 1700000012500)
  close(fit.yMean, 62.650000000000006)
  close(fit.sxx, 437.5)
  close(fit.sxy, 87.75000000000003)
  close(fit.syy, 17.775000000000013)
  close(fit.slope, 0.2005714285714283)
  close(residualSumOfSquares(fit, TIMES, VALUES), 0.17485714285714526, 1e-9)
})

test('without a scale the slope is per unit of x, and still exact on epoch ms', () => {
  // numpy: np.polyfit(t - T0, v, 1)[0] = 0.00020057142857142786 per ms. The uncentred normal
  // equations in float64, (n Σtv − Σt Σv) / (n Σt² − (Σt)²), give -3.06e-05: no digit right.
  const fit = fitCentredLine(TIMES, VALUES)!
  close(fit.slope, 0.00020057142857142786)
  close(fit.sxx, 437.5e6)
})

test('the fewest points is the caller\'s: two by default, more on request', () => {
  // np.polyfit([0, 2], [1, 5], 1) = [2, 1]: value 3 at the mean x = 1.
  const two = fitCentredLine([0, 2], [1, 5])!
  assert.deepEqual([two.slope, two.xMean, two.yMean], [2, 1, 3])
  assert.equal(residualSumOfSquares(two, [0, 2], [1, 5]), 0)
  assert.equal(fitCentredLine([0, 2], [1, 5], { minPoints: 3 }), null)
  assert.ok(fitCentredLine([0, 1, 2], [1, 3, 5], { minPoints: 3 }) !== null)
  assert.equal(fitCentredLine([7], [1]), null)
  assert.equal(fitCentredLine([], []), null)
})

test('a constant x gives no fit; a constant y a flat one', () => {
  assert.equal(fitCentredLine([T0, T0, T0], [1, 2, 3]), null)
  const flat = fitCentredLine([T0, T0 + 1000, T0 + 2000], [5, 5, 5], { scale: 1000 })!
  assert.deepEqual([flat.slope, flat.syy, flat.yMean], [0, 0, 5])
})

test('mismatched lengths and bad options are errors, not a quiet fit', () => {
  assert.throws(() => fitCentredLine([1, 2, 3], [1, 2]), InvalidArgumentError)
  assert.throws(() => fitCentredLine([1, 2], [1, 2], { minPoints: 1 }), InvalidArgumentError)
  assert.throws(() => fitCentredLine([1, 2], [1, 2], { scale: 0 }), InvalidArgumentError)
  assert.throws(() => fitCentredLine([1, 2], [1, 2], { scale: Number.NaN }), InvalidArgumentError)
})
