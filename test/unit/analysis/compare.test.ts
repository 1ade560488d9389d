import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compareWindows, Verdict } from '../../../src/analysis/compare.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'
import type { SeriesPoints as PointSet } from '../../../src/analysis/downsample.ts'

const close = (a: number, b: number, rel = 1e-9): void => assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`)

function points (values: number[], t0 = 0): PointSet {
  return { timesMs: Float64Array.from(values, (_, i) => t0 + i * 1000), values: Float64Array.from(values) }
}

// Fixed cycle times (seconds): b is about 1 ms slower.
//   i = np.arange(1, 201); a = 0.010 + ((i*7919) % 1009) / 100000.0
//   j = np.arange(1, 151); b = 0.0115 + ((j*104729) % 997) / 100000.0
function windows (): [PointSet, PointSet] {
  const a: number[] = []
  const b: number[] = []
  for (let i = 1; i <= 200; i++) a.push(0.010 + ((i * 7919) % 1009) / 100000)
  for (let j = 1; j <= 150; j++) b.push(0.0115 + ((j * 104729) % 997) / 100000)
  return [points(a), points(b, 1e6)]
}

test('compare matches scipy: Mann-Whitney, Welch interval, p99 interval', () => {
  const [a, b] = windows()
  const r = compareWindows(a, b)
  // stats.mannwhitneyu(b, a) -> 18251.5, 0.0005194566666427648
  assert.equal(r.test!.u_statistic, 18251.5)
  close(r.test!.p_value, 0.0005194566666427648, 1e-8)
  // a.mean(), b.mean() -> 0.01510205, 0.016272266666666663
  close(r.mean_change!.a, 0.01510205)
  close(r.mean_change!.b, 0.016272266666666663)
  // stats.ttest_ind(b, a, equal_var=False).confidence_interval(0.95) -> 0.000559461836211295, 0.0017809714971220307
  close(r.mean_change!.ci_low, 0.000559461836211295, 1e-8)
  close(r.mean_change!.ci_high, 0.0017809714971220307, 1e-8)
  // np.percentile(a, 99), np.percentile(b, 99), and the order-statistic interval computed in
  // numpy (z = stats.norm.ppf(0.975); per sample s = z*sqrt(n*p*(1-p)), l = floor(n*p - s),
  // u = ceil(n*p + s) clamped to 1..n, se = (x[u-1] - x[l-1]) / (2z); d ± z*hypot(se_a, se_b))
  //   -> 0.019970400000000003, 0.0212614, 0.0011148608504619126, 0.0014671391495380815
  close(r.p99_change!.a, 0.019970400000000003)
  close(r.p99_change!.b, 0.0212614)
  close(r.p99_change!.ci_low, 0.0011148608504619126, 1e-8)
  close(r.p99_change!.ci_high, 0.0014671391495380815, 1e-8)
  assert.equal(r.verdict, Verdict.regressed)
  assert.match(r.explanation, /regressed/)
})

test('alpha sets both the test level and the interval confidence', () => {
  const [a, b] = windows()
  const r = compareWindows(a, b, { alpha: 0.1 })
  // stats.ttest_ind(b, a, equal_var=False).confidence_interval(0.90) -> 0.0006581035530422397, 0.0016823297802910859
  close(r.mean_change!.ci_low, 0.0006581035530422397, 1e-8)
  close(r.mean_change!.ci_high, 0.0016823297802910859, 1e-8)
  assert.equal(r.mean_change!.confidence, 0.9)
  // p = 0.00052: not significant at alpha 0.0001.
  assert.equal(compareWindows(a, b, { alpha: 0.0001 }).verdict, Verdict.noSignificantChange)
})

test('direction decides which shift is a regression', () => {
  const [a, b] = windows()
  assert.equal(compareWindows(a, b, { direction: 'lower_is_worse' }).verdict, Verdict.improved)
  assert.equal(compareWindows(b, a).verdict, Verdict.improved)
  assert.equal(compareWindows(b, a, { direction: 'lower_is_worse' }).verdict, Verdict.regressed)
})

test('equal windows: no significant change; empty windows: insufficient data', () => {
  const [a] = windows()
  const same = compareWindows(a, a)
  assert.equal(same.verdict, Verdict.noSignificantChange)
  assert.equal(same.mean_change!.difference, 0)
  const empty = compareWindows(a, points([]))
  assert.equal(empty.verdict, Verdict.insufficientData)
  assert.equal(empty.test, null)
  assert.equal(empty.b.count, 0)
})

test('bad alpha or direction is a 400-class error', () => {
  const [a, b] = windows()
  for (const alpha of [0, 1, -0.1, NaN]) assert.throws(() => compareWindows(a, b, { alpha }), InvalidArgumentError)
  assert.throws(() => compareWindows(a, b, { direction: 'up' as 'higher_is_worse' }), InvalidArgumentError)
})
