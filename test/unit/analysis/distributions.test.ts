import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  betaRegularized, erfc, logGamma, normalCdf, normalQuantile, studentTQuantile, studentTSf, studentTTwoSided
} from '../../../src/analysis/distributions.ts'

const close = (a: number, b: number, rel = 1e-10): void =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(Math.abs(b), 1e-300), `${a} != ${b}`)

// References: scipy 1.17, e.g.
//   [float(special.erfc(x)) for x in [0.1, 1.0, 3.0, 6.0]]
test('erfc matches scipy.special.erfc, far tail included', () => {
  const want = [0.8875370839817152, 0.15729920705028516, 2.2090496998585445e-05, 2.1519736712498913e-17]
  ;[0.1, 1.0, 3.0, 6.0].forEach((x, i) => close(erfc(x), want[i]))
})

// [float(stats.norm.cdf(x)) for x in [-8, -1.5, 0, 2.3]]
test('normal CDF matches scipy.stats.norm.cdf', () => {
  const want = [6.22096057427174e-16, 0.06680720126885807, 0.5, 0.9892758899783242]
  ;[-8, -1.5, 0, 2.3].forEach((x, i) => close(normalCdf(x), want[i]))
})

// [float(stats.norm.ppf(p)) for p in [1e-10, 0.01, 0.3, 0.975, 0.999999]]
test('normal quantile matches scipy.stats.norm.ppf', () => {
  const want = [-6.361340902404056, -2.3263478740408408, -0.5244005127080409, 1.959963984540054, 4.753424308817087]
  ;[1e-10, 0.01, 0.3, 0.975, 0.999999].forEach((p, i) => close(normalQuantile(p), want[i], 1e-9))
  assert.equal(normalQuantile(0), -Infinity)
  assert.ok(Number.isNaN(normalQuantile(1.5)))
})

// [float(stats.t.sf(t, df)) for t, df in [(2.0, 3), (-1.0, 10), (4.5, 2.5), (1.2, 1000)]]
test('Student t survival function matches scipy.stats.t.sf', () => {
  const want = [0.06966298427942152, 0.8295534338489701, 0.014947029504366997, 0.11521177616223356]
  ;[[2.0, 3], [-1.0, 10], [4.5, 2.5], [1.2, 1000]].forEach(([t, df], i) => close(studentTSf(t, df), want[i], 1e-9))
  close(studentTTwoSided(2.0, 3), 2 * want[0], 1e-9)
})

// [float(stats.t.ppf(p, df)) for p, df in [(0.975, 1), (0.975, 5), (0.995, 12.3), (0.025, 30), (0.9, 200)]]
test('Student t quantile matches scipy.stats.t.ppf', () => {
  const want = [12.706204736174694, 2.5705818356363146, 3.0410295709435236, -2.042272456301238, 1.2857987939948012]
  ;[[0.975, 1], [0.975, 5], [0.995, 12.3], [0.025, 30], [0.9, 200]].forEach(([p, df], i) => close(studentTQuantile(p, df), want[i], 1e-9))
})

// [float(special.betainc(a, b, x)) for a, b, x in [(2, 3, 0.4), (0.5, 0.5, 0.9), (50, 60, 0.45)]]
// [float(special.gammaln(x)) for x in [0.3, 5, 100.5]]
test('incomplete beta and log-gamma match scipy.special', () => {
  close(betaRegularized(0.4, 2, 3), 0.5247999999999999)
  close(betaRegularized(0.9, 0.5, 0.5), 0.7951672353008665)
  close(betaRegularized(0.45, 50, 60), 0.4642352914306031, 1e-9)
  close(logGamma(0.3), 1.0957979948180756)
  close(logGamma(5), 3.1780538303479458)
  close(logGamma(100.5), 361.43554046777757)
})
