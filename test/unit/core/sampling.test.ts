import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SeriesStore } from '../../../src/core/store.ts'
import type { SampledStatistics } from '../../../src/core/weighted-statistics.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'
import { summarize } from '../../../src/core/statistics.ts'

/** A skewed, time-varying signal: its mean is known exactly. */
function valueAt (i: number): number {
  return (i % 97) + (i % 13) * 0.5
}

function trueMean (n: number): number {
  let s = 0
  for (let i = 0; i < n; i++) s += valueAt(i)
  return s / n
}

test('every_nth stores one point in N, each weighing N; totals stay exact', () => {
  const store = new SeriesStore({ capacity: 20_000 })
  store.setSampling('ticks', { mode: 'every_nth', interval: 10 })
  const s = store.series('ticks')
  for (let i = 0; i < 10_000; i++) s.record(valueAt(i), i)
  assert.equal(s.ring.size, 1000)
  assert.equal(s.totalCount, 10_000)
  const st = store.statistics('ticks') as SampledStatistics
  assert.equal(st.count, 1000)
  assert.equal(st.estimated_count, 10_000)
  assert.deepEqual(st.sampled, { mode: 'every_nth', rate: 0.1 })
  assert.ok(Math.abs(st.mean - trueMean(10_000)) < 1.5, `${st.mean} vs ${trueMean(10_000)}`)
})

test('every_nth with a random phase is unbiased: the mean over phases is the true mean', () => {
  // Systematic sampling averaged over all 10 phases is exactly the population mean.
  const n = 2000
  let sum = 0
  const phases = new Set<number>()
  for (let seed = 1; seed <= 400 && phases.size < 10; seed++) {
    const store = new SeriesStore({ capacity: n })
    store.setSampling('x', { mode: 'every_nth', interval: 10, seed })
    const s = store.series('x')
    for (let i = 0; i < n; i++) s.record(valueAt(i), i)
    const phase = s.ring.timeAt(0)
    if (phases.has(phase)) continue
    phases.add(phase)
    sum += (store.statistics('x') as SampledStatistics).mean
  }
  assert.equal(phases.size, 10)
  assert.ok(Math.abs(sum / 10 - trueMean(n)) < 1e-9)
})

test('reservoir keeps at most size points per window; the estimated count is exact', () => {
  const store = new SeriesStore({ capacity: 10_000 })
  store.setSampling('fills', { mode: 'reservoir', windowMs: 1000, size: 50, seed: 7 })
  const s = store.series('fills')
  // 10 windows of 200 points, then one of 30 (fewer than size: weight 1).
  for (let i = 0; i < 2000; i++) s.record(valueAt(i), i * 5)
  for (let i = 0; i < 30; i++) s.record(1, 10_000 + i)
  store.flushSamples(10_500) // the last window is still open
  assert.equal(s.ring.size, 500)
  store.flushSamples(11_000)
  assert.equal(s.ring.size, 530)
  const st = store.statistics('fills') as SampledStatistics
  assert.equal(st.estimated_count, 2030)
  assert.equal(st.sampled.mode, 'reservoir')
  // Stored in time order.
  const times = store.read('fills').timesMs
  for (let i = 1; i < times.length; i++) assert.ok(times[i] >= times[i - 1])
  // Over many seeds the weighted mean averages to the true mean (each window's sample is uniform).
  let sum = 0
  const runs = 200
  for (let seed = 1; seed <= runs; seed++) {
    const st2 = new SeriesStore({ capacity: 10_000 })
    st2.setSampling('f', { mode: 'reservoir', windowMs: 1000, size: 20, seed })
    const x = st2.series('f')
    for (let i = 0; i < 2000; i++) x.record(valueAt(i), i * 5)
    st2.flushSamples(1e9)
    sum += (st2.statistics('f') as SampledStatistics).mean
  }
  // Standard error of one run's mean is about 0.9 here; of the average of 200 runs, about 0.06.
  assert.ok(Math.abs(sum / runs - trueMean(2000)) < 0.25, `${sum / runs} vs ${trueMean(2000)}`)
})

test('adaptive sampling raises the interval under lag and lowers it again; weights follow', () => {
  const store = new SeriesStore({ capacity: 100_000 })
  store.setSampling('quotes', { mode: 'adaptive', minInterval: 1, maxInterval: 8, highLagMs: 50, lowLagMs: 20, seed: 3 })
  const s = store.series('quotes')
  let t = 0
  const feed = (n: number): void => { for (let i = 0; i < n; i++) s.record(1, t++) }
  feed(1000)
  assert.equal(s.ring.size, 1000)
  store.reportEventLoopLag(120) // 2
  store.reportEventLoopLag(130) // 4
  feed(1000)
  assert.ok(Math.abs(s.ring.size - 1250) <= 1, String(s.ring.size))
  for (let i = 0; i < 6; i++) store.reportEventLoopLag(5) // 4 -> 2 -> 1
  feed(1000)
  const st = store.statistics('quotes') as SampledStatistics
  assert.ok(Math.abs(st.estimated_count - 3000) <= 4, String(st.estimated_count))
  assert.equal(st.sampled.mode, 'adaptive')
  assert.equal(s.totalCount, 3000)
})

test('a sampled metric keeps a sketch weighted by what each point stands for', () => {
  const store = new SeriesStore()
  store.setSampling('lat', { mode: 'every_nth', interval: 4 })
  store.setSketch('lat', 0.01)
  const s = store.series('lat', { venue: 'a' })
  for (let i = 1; i <= 4000; i++) s.record(i / 1000, i)
  const sk = store.sketchSummary('lat')!
  assert.equal(sk.count, 4000)
  assert.ok(Math.abs(sk.p50 - 2) / 2 < 0.02)
  assert.ok(Math.abs(sk.p99 - 3.96) / 3.96 < 0.02)
  assert.equal(store.sketchSummary('lat', { venue: 'b' }), null)
})

test('unsampled metrics keep plain statistics; turning sampling off stores every point again', () => {
  const store = new SeriesStore()
  const s = store.series('plain')
  for (let i = 0; i < 10; i++) s.record(i, i)
  assert.equal('sampled' in store.statistics('plain'), false)
  store.setSampling('plain', { mode: 'every_nth', interval: 5 })
  for (let i = 10; i < 20; i++) s.record(i, i)
  assert.equal(s.ring.size, 12)
  store.setSampling('plain', null)
  for (let i = 20; i < 30; i++) s.record(i, i)
  assert.equal(s.ring.size, 22)
  assert.equal('sampled' in store.statistics('plain'), false)
})

test('sampling settings outlive clear, like definitions', () => {
  const store = new SeriesStore()
  store.setSampling('x', { mode: 'every_nth', interval: 2 })
  store.clear()
  const s = store.series('x')
  for (let i = 0; i < 10; i++) s.record(i, i)
  assert.equal(s.ring.size, 5)
})

test('bad sampling options are 400-class errors', () => {
  const store = new SeriesStore()
  const bad: unknown[] = [
    { mode: 'every_nth', interval: 0 },
    { mode: 'every_nth', interval: 1.5 },
    { mode: 'reservoir', windowMs: 0, size: 10 },
    { mode: 'reservoir', windowMs: 1000, size: 0 },
    { mode: 'adaptive', minInterval: 8, maxInterval: 2 },
    { mode: 'adaptive', highLagMs: 10, lowLagMs: 20 },
    { mode: 'random' },
    'every_nth'
  ]
  for (const o of bad) assert.throws(() => store.setSampling('x', o as never), InvalidArgumentError, JSON.stringify(o))
})

test('weighted statistics with equal weights equal the unweighted ones', () => {
  const store = new SeriesStore()
  store.setSampling('w', { mode: 'every_nth', interval: 1 })
  const s = store.series('w')
  const values = [3.5, 1, 2, 10, 7.25, 4, 4, 9]
  values.forEach((v, i) => s.record(v, i))
  const weighted = store.statistics('w') as SampledStatistics
  const plain = summarize(Float64Array.from(values, (_, i) => i), Float64Array.from(values))
  for (const k of ['mean', 'stddev', 'p50', 'p90', 'p95', 'p99', 'min', 'max', 'latest'] as const) {
    assert.ok(Math.abs(weighted[k] - (plain as SampledStatistics)[k]) < 1e-12, k)
  }
  assert.deepEqual(weighted.sampled, { mode: 'every_nth', rate: 1 })
})

test('weighted keeps every point with the weight its recorder gives, out of order too', () => {
  const store = new SeriesStore()
  store.setSampling('latency_mean', { mode: 'weighted' })
  const s = store.series('latency_mean', { bot: 'a' })
  // Aggregates: (mean, observations) at times 10, 30, 20 (the last one late).
  const points: Array<[number, number, number]> = [[10, 2, 1], [30, 1, 1000], [20, 4, 3]]
  for (const [t, mean, n] of points) s.recordWeighted(mean, n, t)
  s.record(7, 40)
  assert.equal(s.ring.size, 4)
  const st = store.statistics('latency_mean') as SampledStatistics
  // Reference: Σ n·mean / Σ n over the aggregates, the plain point weighing 1.
  const sw = 1 + 1000 + 3 + 1
  assert.equal(st.estimated_count, sw)
  assert.ok(Math.abs(st.mean - (2 * 1 + 1 * 1000 + 4 * 3 + 7 * 1) / sw) < 1e-12)
  assert.equal(st.sampled.mode, 'weighted')
  assert.deepEqual(Array.from(store.readWeighted('latency_mean').weights), [1, 3, 1000, 1])
  // Without the weighted mode the weight is not kept: a plain point.
  const plain = store.series('other')
  plain.recordWeighted(5, 100, 1)
  assert.equal(store.family('other')?.sampling, null)
  assert.deepEqual(Array.from(store.readWeighted('other').weights), [1])
})

test('weighted points keep their weights through a state export and import', () => {
  const a = new SeriesStore()
  a.setSampling('m', { mode: 'weighted' })
  a.series('m').recordWeighted(3, 10, 1)
  a.series('m').recordWeighted(6, 20, 2)
  const b = new SeriesStore()
  b.setSampling('m', { mode: 'weighted' })
  b.importState(a.exportState())
  const st = b.statistics('m') as SampledStatistics
  assert.equal(st.estimated_count, 30)
  assert.equal(st.mean, (3 * 10 + 6 * 20) / 30)
})
