import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SeriesStore, OVERFLOW_LABELS } from '../../../src/core/store.ts'
import { UnknownMetricError, InvalidArgumentError, InvalidLabelError, MetricKindConflictError, SeriesLimitError } from '../../../src/core/errors.ts'
import { MetricKind } from '../../../src/core/metric-kind.ts'
import { hasData } from '../../../src/core/statistics.ts'

test('the same labels in any key order are one series', () => {
  const store = new SeriesStore()
  const a = store.series('m', { symbol: 'BTC', side: 'buy' })
  const b = store.series('m', { side: 'buy', symbol: 'BTC' })
  const c = store.series('m', { symbol: 'ETH', side: 'buy' })
  assert.equal(a, b)
  assert.notEqual(a, c)
  assert.equal(store.size, 2)
})

test('reads merge series in time order and apply last N after merging', () => {
  const store = new SeriesStore()
  const btc = store.series('pnl', { symbol: 'BTC' })
  const eth = store.series('pnl', { symbol: 'ETH' })
  btc.record(1, 100); eth.record(2, 150); btc.record(3, 200); eth.record(4, 250); btc.record(5, 300)
  const all = store.read('pnl')
  assert.deepEqual([...all.timesMs], [100, 150, 200, 250, 300])
  assert.deepEqual([...all.values], [1, 2, 3, 4, 5])
  const last2 = store.read('pnl', { lastN: 2 })
  assert.deepEqual([...last2.values], [4, 5])
})

test('time windows are inclusive at both edges', () => {
  const store = new SeriesStore()
  const s = store.series('x')
  for (let t = 0; t <= 100; t += 10) s.record(t, t)
  assert.deepEqual([...store.read('x', { sinceMs: 20, untilMs: 50 }).values], [20, 30, 40, 50])
  assert.deepEqual([...store.read('x', { sinceMs: 21, untilMs: 49 }).values], [30, 40])
  assert.deepEqual([...store.read('x', { sinceMs: 100 }).values], [100])
  assert.deepEqual([...store.read('x', { untilMs: 0 }).values], [0])
  assert.equal(store.read('x', { sinceMs: 101 }).values.length, 0)
  assert.equal(store.read('x', { sinceMs: 60, untilMs: 50 }).values.length, 0)
  assert.deepEqual([...store.read('x', { sinceMs: 20, untilMs: 80, lastN: 2 }).values], [70, 80])
})

test('label filters select matching series only', () => {
  const store = new SeriesStore()
  store.series('t', { symbol: 'BTC', side: 'long' }).record(1, 1)
  store.series('t', { symbol: 'BTC', side: 'short' }).record(2, 2)
  store.series('t', { symbol: 'ETH', side: 'long' }).record(3, 3)
  assert.deepEqual([...store.read('t', { labels: { symbol: 'BTC' } }).values], [1, 2])
  assert.deepEqual([...store.read('t', { labels: { side: 'long' } }).values], [1, 3])
  assert.deepEqual([...store.read('t', { labels: { symbol: 'BTC', side: 'short' } }).values], [2])
  assert.equal(store.read('t', { labels: { symbol: 'SOL' } }).values.length, 0)
})

test('statistics over an empty selection say no_data; unknown names throw', () => {
  const store = new SeriesStore()
  store.series('x').record(1, 5)
  assert.ok(!hasData(store.statistics('x', { sinceMs: 10 })))
  assert.throws(() => store.read('nope'), UnknownMetricError)
})

test('label sets past the per-metric limit fold into one overflow series, counted', () => {
  const store = new SeriesStore({ maxLabelSetsPerMetric: 3 })
  for (let i = 0; i < 3; i++) store.series('orders', { id: String(i) }).record(1, i)
  const folded1 = store.series('orders', { id: '99' })
  const folded2 = store.series('orders', { id: '100' })
  assert.equal(folded1, folded2)
  assert.deepEqual(folded1.labels, OVERFLOW_LABELS)
  assert.equal(store.family('orders')!.foldedPoints, 2)
  // Existing label sets still resolve to their own series.
  assert.deepEqual(store.series('orders', { id: '1' }).labels, { id: '1' })
  assert.equal(store.size, 4)
})

test('the global series limit folds new label sets and refuses new names', () => {
  const store = new SeriesStore({ maxSeries: 2 })
  store.series('a')
  store.series('b')
  const folded = store.series('a', { x: '1' })
  assert.deepEqual(folded.labels, OVERFLOW_LABELS)
  assert.throws(() => store.series('c', { x: '1' }), (e: unknown) => e instanceof SeriesLimitError && /limit of 2 series/.test(e.message))
  // Names defined up front are the embedding code's own: still recorded, into their overflow series.
  store.define('d', { kind: MetricKind.gauge, help: '', unit: '', buckets: [] })
  assert.deepEqual(store.series('d').labels, OVERFLOW_LABELS)
})

test('a new name with bad tags leaves no empty family behind', () => {
  const store = new SeriesStore()
  for (let i = 0; i < 100; i++) assert.throws(() => store.series(`m${i}`, { 'bad name': 'x' }), InvalidLabelError)
  assert.equal(store.metricCount, 0)
  assert.equal(store.has('m0'), false)
})

test('past the series limit, ten thousand new names add no series', () => {
  const store = new SeriesStore({ maxSeries: 10 })
  for (let i = 0; i < 10; i++) store.series(`m${i}`)
  for (let i = 0; i < 10_000; i++) assert.throws(() => store.series(`new_${i}`), SeriesLimitError)
  assert.equal(store.metricCount, 10)
  assert.equal(store.size, 10)
})

test('rings hold at most the configured capacity', () => {
  const store = new SeriesStore({ capacity: 50 })
  const s = store.series('x')
  for (let i = 0; i < 1000; i++) s.record(i, i)
  assert.equal(store.pointCount(), 50)
  assert.equal(store.read('x').values[0], 950)
  assert.equal(s.totalCount, 1000)
})

test('bad options and conflicting kinds throw at setup', () => {
  assert.throws(() => new SeriesStore({ capacity: 0 }), InvalidArgumentError)
  assert.throws(() => new SeriesStore({ maxSeries: 1.5 }), InvalidArgumentError)
  const store = new SeriesStore()
  store.series('h')
  assert.throws(() => store.define('h', { kind: 'histogram', help: '', unit: 'seconds', buckets: [1] }), MetricKindConflictError)
})

test('histogram series count values into their buckets', () => {
  const store = new SeriesStore()
  store.define('lat', { kind: 'histogram', help: '', unit: 'seconds', buckets: [0.1, 1] })
  const s = store.series('lat')
  for (const v of [0.05, 0.1, 0.5, 2, 3]) s.record(v, 1)
  assert.deepEqual([...s.bucketCounts!], [2, 1, 2])
  assert.equal(s.totalSum, 5.65)
})

test('clear reports what it removed', () => {
  const store = new SeriesStore()
  store.series('a', { x: '1' }).record(1, 1)
  store.series('a', { x: '2' }).record(1, 1)
  store.series('b').record(1, 1)
  assert.deepEqual(store.clear(), { metrics: 2, series: 3, points: 3 })
  assert.equal(store.size, 0)
  assert.equal(store.has('a'), false)
})

test('a thousand series of a few points cost kilobytes, not megabytes', () => {
  const store = new SeriesStore()
  for (let i = 0; i < 1000; i++) {
    const s = store.series('m', { i: String(i) })
    s.record(1, 1); s.record(2, 2)
  }
  assert.ok(store.byteLength() <= 1000 * 8 * 16, `${store.byteLength()} bytes`)
})

test('shrinkCapacity trims every ring and applies to series created later', () => {
  const store = new SeriesStore({ capacity: 100 })
  const a = store.series('a')
  for (let i = 0; i < 100; i++) a.record(i, i)
  const b = store.series('b')
  for (let i = 0; i < 30; i++) b.record(i, i)
  assert.deepEqual(store.shrinkCapacity(40), { from: 100, to: 40, droppedPoints: 60 })
  assert.equal(store.options.capacity, 40)
  assert.deepEqual([...store.read('a', { lastN: 2 }).values], [98, 99])
  assert.equal(store.read('a').values.length, 40)
  assert.equal(store.read('b').values.length, 30)
  const c = store.series('c')
  for (let i = 0; i < 50; i++) c.record(i, i)
  assert.equal(store.read('c').values.length, 40)
  assert.deepEqual(store.shrinkCapacity(80), { from: 40, to: 40, droppedPoints: 0 })
  assert.throws(() => store.shrinkCapacity(0), InvalidArgumentError)
})
