import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SeriesStore } from '../../../src/core/store.ts'
import { RingBuffer } from '../../../src/core/ring-buffer.ts'
import { catalogDefinition } from '../../../src/core/metric-catalog.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'
import { MetricKind } from '../../../src/core/metric-kind.ts'
import type { SampledStatistics } from '../../../src/core/weighted-statistics.ts'

function populated (): SeriesStore {
  const store = new SeriesStore({ capacity: 100, maxLabelSetsPerMetric: 2 }, catalogDefinition)
  for (let i = 0; i < 150; i++) store.series('engine_cycle_time', { state: 'trading' }).record(i / 1000, 1000 + i)
  store.series('engine_cycle_time', { state: 'idle' }).record(20, 5000)
  store.series('engine_cycle_time', { state: 'third' }).record(0.5, 6000) // past the limit: folds
  store.define('mine', { kind: MetricKind.total, help: 'my total', unit: 'bytes', buckets: [] })
  store.series('mine').record(7, 10)
  return store
}

test('a store exported and imported into a fresh one reads the same', () => {
  const a = populated()
  const b = new SeriesStore({ capacity: 100, maxLabelSetsPerMetric: 2 }, catalogDefinition)
  const report = b.importState(a.exportState())
  assert.deepEqual(report, { families: 2, series: 4, points: 103, skipped: [] })
  for (const name of ['engine_cycle_time', 'mine']) {
    const fa = a.family(name)!
    const fb = b.family(name)!
    assert.deepEqual(fb.definition, fa.definition)
    assert.equal(fb.foldedPoints, fa.foldedPoints)
    assert.equal(fb.series.length, fa.series.length)
    fa.series.forEach((s, i) => {
      const t = fb.series[i]
      assert.deepEqual(t.labels, s.labels)
      assert.equal(t.totalCount, s.totalCount)
      assert.equal(t.totalSum, s.totalSum)
      assert.deepEqual(t.bucketCounts, s.bucketCounts)
      assert.deepEqual(t.ring.exportPoints(), s.ring.exportPoints())
    })
    assert.deepEqual(b.read(name), a.read(name))
  }
  assert.equal(b.family('engine_cycle_time')!.overflow?.labels.overflow, 'true')
  assert.equal(b.family('engine_cycle_time')!.series[0].totalCount, 150)
  // Recording continues in the restored series.
  b.series('engine_cycle_time', { state: 'trading' }).record(0.002, 9999)
  assert.equal(b.family('engine_cycle_time')!.series[0].totalCount, 151)
})

test('a smaller capacity keeps the newest points; totals stay all-time', () => {
  const a = populated()
  const b = new SeriesStore({ capacity: 10 }, catalogDefinition)
  b.importState(a.exportState())
  const s = b.family('engine_cycle_time')!.series[0]
  assert.equal(s.ring.size, 10)
  assert.equal(s.ring.timeAt(0), 1140)
  assert.equal(s.ring.timeAt(9), 1149)
  assert.equal(s.totalCount, 150)
})

test('saved points merge with points recorded before the import', () => {
  const a = new SeriesStore()
  a.series('x').record(1, 10)
  a.series('x').record(3, 30)
  const b = new SeriesStore()
  b.series('x').record(2, 20)
  b.series('x').record(4, 40)
  b.importState(a.exportState())
  assert.deepEqual([...b.read('x').values], [1, 2, 3, 4])
  assert.equal(b.family('x')!.series[0].totalCount, 4)
})

test('a family saved with another kind or other buckets is skipped, with the reason', () => {
  const a = new SeriesStore()
  a.define('engine_cycle_time', { kind: MetricKind.histogram, help: '', unit: 'seconds', buckets: [1, 2] })
  a.series('engine_cycle_time').record(1, 1)
  const b = new SeriesStore({}, catalogDefinition)
  const report = b.importState(a.exportState())
  assert.equal(report.families, 0)
  assert.equal(report.skipped.length, 1)
  assert.match(report.skipped[0].reason, /other buckets or kind/)
  assert.equal(b.has('engine_cycle_time'), false)
})

test('series past the label limits are skipped, not folded', () => {
  const a = new SeriesStore()
  for (const k of ['a', 'b', 'c']) a.series('m', { k }).record(1, 1)
  const b = new SeriesStore({ maxLabelSetsPerMetric: 2 })
  const report = b.importState(a.exportState())
  assert.equal(report.series, 2)
  assert.deepEqual(report.skipped.map((s) => s.labels), [{ k: 'c' }])
  assert.equal(b.family('m')!.foldedPoints, 0)
})

test('malformed saved points throw InvalidArgumentError and leave the ring unchanged', () => {
  const ring = new RingBuffer(10)
  ring.append(1, 1)
  assert.throws(() => ring.importPoints(Float64Array.of(2, 1), Float64Array.of(0, 0)), InvalidArgumentError)
  assert.throws(() => ring.importPoints(Float64Array.of(1), Float64Array.of()), InvalidArgumentError)
  assert.throws(() => ring.importPoints(Float64Array.of(NaN), Float64Array.of(1)), InvalidArgumentError)
  assert.deepEqual(ring.exportPoints(), { timesMs: Float64Array.of(1), values: Float64Array.of(1) })
})

test('importing into an empty ring of large capacity keeps it growable', () => {
  const ring = new RingBuffer(1000)
  ring.importPoints(Float64Array.of(1, 2), Float64Array.of(10, 20))
  for (let t = 3; t <= 100; t++) ring.append(t, t * 10)
  assert.equal(ring.size, 100)
  assert.equal(ring.valueAt(0), 10)
  assert.equal(ring.valueAt(99), 1000)
})

test('a sampled metric restored into a store sampling it again keeps its weights, so its statistics', () => {
  const a = new SeriesStore({ capacity: 1000 })
  a.setSampling('fills', { mode: 'reservoir', windowMs: 100, size: 5, seed: 3 })
  const fills = a.series('fills')
  // Windows of 20, 7 and 3 points: weights 4, 1.4 and 1.
  for (let i = 0; i < 30; i++) fills.record(i % 7, (i < 20 ? 0 : i < 27 ? 100 : 200) + i)
  a.flushSamples(1000)
  a.setSampling('ticks', { mode: 'every_nth', interval: 3 })
  for (let i = 0; i < 30; i++) a.series('ticks').record(i, i)
  const state = a.exportState()
  assert.deepEqual([...state.find((f) => f.name === 'fills')!.series[0].weights!.weights], [4, 1.4, 1])

  const b = new SeriesStore({ capacity: 1000 })
  b.setSampling('fills', { mode: 'reservoir', windowMs: 100, size: 5, seed: 3 })
  b.setSampling('ticks', { mode: 'every_nth', interval: 3 })
  b.importState(state)
  for (const name of ['fills', 'ticks']) assert.deepEqual(b.statistics(name), a.statistics(name), name)
  assert.ok(Math.abs((b.statistics('fills') as SampledStatistics).estimated_count - 30) < 1e-9)

  // Not sampled at restore: the points count once, as after setSampling(name, null).
  const c = new SeriesStore({ capacity: 1000 })
  c.importState(state)
  assert.equal('sampled' in c.statistics('fills'), false)
  assert.equal(c.statistics('fills').count, 13)
})

test('malformed saved weights throw InvalidArgumentError and leave the series unchanged', () => {
  const b = new SeriesStore()
  b.setSampling('x', { mode: 'every_nth', interval: 2 })
  const s = b.series('x')
  const saved = { labels: {}, timesMs: Float64Array.of(1), values: Float64Array.of(1), totalCount: 2, totalSum: 2, bucketCounts: null }
  for (const weights of [
    { fromMs: Float64Array.of(1, 2), weights: Float64Array.of(2) },
    { fromMs: Float64Array.of(2, 1), weights: Float64Array.of(2, 2) },
    { fromMs: Float64Array.of(1), weights: Float64Array.of(0.5) }
  ]) {
    assert.throws(() => { s.importState({ ...saved, weights }) }, InvalidArgumentError)
  }
  assert.equal(s.ring.size, 0)
  assert.equal(s.totalCount, 0)
})

test('a sketched metric restored into a store sketching it again keeps its all-time quantiles', () => {
  const a = new SeriesStore({ capacity: 10 })
  a.setSketch('lat', 0.01)
  for (let i = 1; i <= 1000; i++) a.series('lat').record(i / 100, i)
  const state = a.exportState()
  const b = new SeriesStore({ capacity: 10 })
  b.setSketch('lat', 0.01)
  b.importState(state)
  // All 1000 points, not the 10 the ring kept.
  assert.deepEqual(b.sketchSummary('lat'), a.sketchSummary('lat'))
  assert.equal(b.sketchSummary('lat')!.count, 1000)
  // Points recorded after the restore add to it.
  b.series('lat').record(100, 2000)
  assert.equal(b.sketchSummary('lat')!.count, 1001)
  // Another accuracy now, or no sketch: the saved one is not used.
  const c = new SeriesStore({ capacity: 10 })
  c.setSketch('lat', 0.02)
  c.importState(state)
  assert.equal(c.sketchSummary('lat'), null)
  const d = new SeriesStore({ capacity: 10 })
  d.importState(state)
  assert.equal(d.sketchSummary('lat'), null)
})
