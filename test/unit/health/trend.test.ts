import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fitLine, predictBreachMs, valueAt } from '../../../src/health/trend.ts'

const T0 = 1_700_000_000_000
// Memory percent rising about 0.2 per second, sampled every 5 s.
const TIMES = [0, 5000, 10000, 15000, 20000, 25000].map((d) => T0 + d)
const VALUES = [60.1, 61.3, 61.9, 63.4, 64.0, 65.2]

test('the fit matches numpy.polyfit on epoch times', () => {
  // numpy 2.4: a, b = np.polyfit(t_rel_seconds, v, 1) -> 0.20057142857142896, 60.14285714285711
  // (np.polyfit on absolute epoch seconds gives the same slope, 0.20057142908672787, to 8 digits).
  const fit = fitLine(TIMES, VALUES)!
  assert.ok(Math.abs(fit.slopePerSecond - 0.20057142857142896) < 1e-12)
  assert.ok(Math.abs(valueAt(fit, T0) - 60.14285714285711) < 1e-9)
  // a * 25 + b
  assert.ok(Math.abs(valueAt(fit, T0 + 25000) - 65.15714285714283) < 1e-9)
})

test('the breach time is where the line reaches the threshold', () => {
  // numpy: (98 - b) / a * 1000 + T0 = 1700000188746.4387
  const fit = fitLine(TIMES, VALUES)!
  assert.equal(predictBreachMs(fit, 98, 'above', T0 + 25000), 1700000188746)
  // Falling series crossing below 10. numpy: a, b = np.polyfit(t, v, 1) = -1.2043922369765068,
  // 49.947395301327866; (10 - b) / a * 1000 + T0 = 1700000033168 (rounded).
  const times = [0, 1000, 2500, 4000, 6000, 7000, 9500].map((d) => T0 + d)
  const falling = fitLine(times, [50, 48.5, 47.9, 44.2, 43.0, 41.1, 38.8])!
  assert.ok(Math.abs(falling.slopePerSecond - -1.2043922369765068) < 1e-12)
  assert.equal(predictBreachMs(falling, 10, 'below', T0 + 9500), 1700000033168)
})

test('no breach for a flat trend or one heading away; now when already beyond', () => {
  const fit = fitLine(TIMES, VALUES)!
  assert.equal(predictBreachMs(fit, 10, 'below', T0 + 25000), null)
  assert.equal(predictBreachMs(fit, 50, 'above', T0 + 25000), T0 + 25000)
  const flat = fitLine([T0, T0 + 1000, T0 + 2000], [5, 5, 5])!
  assert.equal(flat.slopePerSecond, 0)
  assert.equal(predictBreachMs(flat, 6, 'above', T0 + 2000), null)
})

test('fewer than two points or a single time give no fit', () => {
  assert.equal(fitLine([T0], [1]), null)
  assert.equal(fitLine([T0, T0], [1, 2]), null)
})
