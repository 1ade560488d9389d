import { test } from 'node:test'
import assert from 'node:assert/strict'
import { simpleRegression } from '../../../src/analysis/regression.ts'

const close = (a: number, b: number, rel = 1e-9): void => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`)

test('simple regression standard errors match scipy', () => {
  // stats.linregress([1, 2, 3, 4, 5, 6], [2.1, 3.9, 6.2, 7.8, 10.1, 12.2])
  //   -> slope 2.0199999999999996, intercept -0.019999999999998685,
  //      stderr 0.04276179870599006, intercept_stderr 0.16653327995729902,
  //      rvalue 0.9991049324808179; s = sqrt(RSS / 4) = 0.178885438199983
  const fit = simpleRegression(Float64Array.of(1, 2, 3, 4, 5, 6), Float64Array.of(2.1, 3.9, 6.2, 7.8, 10.1, 12.2))!
  close(fit.slope, 2.0199999999999996)
  close(fit.intercept, -0.019999999999998685, 1e-6)
  close(fit.slope_stderr, 0.04276179870599006, 1e-9)
  close(fit.intercept_stderr, 0.16653327995729902, 1e-9)
  close(fit.r, 0.9991049324808179)
  close(fit.r_squared, 0.9991049324808179 ** 2)
  close(fit.residual_stddev, 0.178885438199983)
  assert.deepEqual([fit.n, fit.x_mean, fit.sxx], [6, 3.5, 17.5])
  assert.equal(simpleRegression(Float64Array.of(1, 1, 1), Float64Array.of(1, 2, 3)), null)
})

test('x in epoch milliseconds loses no digits', () => {
  // t = 1_700_000_000_000 + [0, 5000, ..., 25000]; stats.linregress(t, v) -> slope 0.0002005714285714287,
  // intercept -340971368.42857164, rvalue 0.9950692180163958, stderr 9.995917534020463e-06,
  // intercept_stderr 16993059.932783756
  const t = Float64Array.from([0, 5000, 10000, 15000, 20000, 25000], (d) => 1_700_000_000_000 + d)
  const fit = simpleRegression(t, Float64Array.of(60.1, 61.3, 61.9, 63.4, 64.0, 65.2))!
  close(fit.slope, 0.0002005714285714287)
  close(fit.intercept, -340971368.42857164, 1e-9)
  close(fit.r, 0.9950692180163958)
  close(fit.slope_stderr, 9.995917534020463e-06)
  close(fit.intercept_stderr, 16993059.932783756)
})

test('standard errors need a third point: two give no fit', () => {
  assert.equal(simpleRegression(Float64Array.of(1, 2), Float64Array.of(1, 3)), null)
  assert.ok(simpleRegression(Float64Array.of(1, 2, 3), Float64Array.of(1, 3, 4)) !== null)
})
