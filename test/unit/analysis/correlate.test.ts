import { test } from 'node:test'
import assert from 'node:assert/strict'
import { align, averageRanks, correlate, pearson, spearman } from '../../../src/analysis/correlate.ts'

const close = (a: number | null, b: number, rel = 1e-9): void => {
  assert.ok(a !== null && Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`)
}

// Two jittered one-a-second series over 10 minutes (numpy 2.4):
//   i = np.arange(0, 600)
//   ta = i*1000.0 + (i*37 % 500); va = np.sin(i/40.0)*5 + ((i*7919) % 101)/50.0
//   tb = i*1000.0 + 250 + (i*53 % 400); vb = np.sin(i/40.0 + 0.3)*3 + ((i*104729) % 97)/30.0
// aligned on 10 s buckets: ka = np.floor(ta/10000), kb likewise; x, y = bucket means on common keys.
function series (): [{ timesMs: Float64Array, values: Float64Array }, { timesMs: Float64Array, values: Float64Array }] {
  const n = 600
  const a = { timesMs: new Float64Array(n), values: new Float64Array(n) }
  const b = { timesMs: new Float64Array(n), values: new Float64Array(n) }
  for (let i = 0; i < n; i++) {
    a.timesMs[i] = i * 1000 + (i * 37 % 500)
    a.values[i] = Math.sin(i / 40) * 5 + ((i * 7919) % 101) / 50
    b.timesMs[i] = i * 1000 + 250 + (i * 53 % 400)
    b.values[i] = Math.sin(i / 40 + 0.3) * 3 + ((i * 104729) % 97) / 30
  }
  return [a, b]
}

test('Pearson and Spearman on aligned bucket means match scipy', () => {
  const [a, b] = series()
  const r = correlate(a, b, 10_000)
  assert.equal(r.aligned_count, 60)
  // stats.pearsonr(x, y) -> 0.9528943400606933, 9.713649299967836e-32
  close(r.pearson.coefficient, 0.9528943400606933)
  close(r.pearson.p_value, 9.713649299967836e-32, 1e-6)
  // stats.spearmanr(x, y) -> 0.9378160600166715, 2.477325119545311e-28
  close(r.spearman.coefficient, 0.9378160600166715)
  close(r.spearman.p_value, 2.477325119545311e-28, 1e-6)
})

test('Spearman with ties uses average ranks, as scipy', () => {
  const x = Float64Array.of(1, 2, 2, 3, 4, 4, 4, 5, 6, 7)
  const y = Float64Array.of(2, 1, 3, 3, 5, 4, 6, 6, 8, 7)
  // stats.rankdata(x) -> [1.0, 2.5, 2.5, 4.0, 6.0, 6.0, 6.0, 8.0, 9.0, 10.0]
  assert.deepEqual([...averageRanks(x)], [1, 2.5, 2.5, 4, 6, 6, 6, 8, 9, 10])
  // stats.spearmanr(x, y) -> 0.93812095999547, 5.950220707696844e-05
  const s = spearman(x, y)
  close(s.coefficient, 0.93812095999547)
  close(s.p_value, 5.950220707696844e-05, 1e-7)
})

test('align keeps only buckets where both series have points', () => {
  const a = { timesMs: Float64Array.of(0, 5, 10, 30), values: Float64Array.of(1, 3, 5, 7) }
  const b = { timesMs: Float64Array.of(1, 20, 31, 39), values: Float64Array.of(10, 20, 30, 50) }
  const r = align(a, b, 10)
  assert.deepEqual([...r.startMs], [0, 30])
  assert.deepEqual([...r.x], [2, 7])
  assert.deepEqual([...r.y], [10, 40])
})

test('too few pairs or a constant series give null, not a number', () => {
  assert.deepEqual(pearson(Float64Array.of(1, 2), Float64Array.of(3, 4)), { coefficient: null, p_value: null })
  assert.deepEqual(pearson(Float64Array.of(1, 1, 1), Float64Array.of(3, 4, 5)), { coefficient: null, p_value: null })
  const perfect = pearson(Float64Array.of(1, 2, 3, 4), Float64Array.of(2, 4, 6, 8))
  assert.equal(perfect.coefficient, 1)
  assert.equal(perfect.p_value, 0)
  assert.equal(correlate({ timesMs: new Float64Array(0), values: new Float64Array(0) }, series()[1], 1000).aligned_count, 0)
})
