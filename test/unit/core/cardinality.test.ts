import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cardinality } from '../../../src/core/cardinality.ts'
import { SeriesStore, OVERFLOW_LABELS } from '../../../src/core/store.ts'
import { DistinctCounters } from '../../../src/core/distinct-counters.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'

test('at the per-metric limit nothing folds; one past it folds into the overflow series', () => {
  const store = new SeriesStore({ maxLabelSetsPerMetric: 5 })
  for (let i = 0; i < 5; i++) store.series('orders', { symbol: 'S' + i }).record(1, i)
  let r = cardinality(store)
  assert.equal(r.metrics[0].series, 5)
  assert.equal(r.metrics[0].overflow, false)
  assert.equal(r.folded_points_total, 0)
  const over = store.series('orders', { symbol: 'S5' })
  over.record(1, 10)
  store.series('orders', { symbol: 'S6' }).record(1, 11)
  assert.deepEqual(over.labels, OVERFLOW_LABELS)
  r = cardinality(store)
  assert.equal(r.metrics[0].series, 6) // 5 label sets + the overflow series
  assert.equal(r.metrics[0].overflow, true)
  assert.equal(r.metrics[0].folded_points, 2)
  assert.equal(r.folded_points_total, 2)
  // The overflow label is not reported as a label of the metric.
  assert.deepEqual(r.metrics[0].labels, [{ label: 'symbol', distinct_values: 5 }])
  assert.equal(store.read('orders', { labels: OVERFLOW_LABELS }).values.length, 2)
})

test('at the global series limit nothing folds; past it every metric folds', () => {
  const store = new SeriesStore({ maxSeries: 3 })
  store.series('a', { x: '1' })
  store.series('a', { x: '2' })
  store.series('b', { y: '1' })
  assert.equal(store.size, 3)
  assert.equal(cardinality(store).folded_points_total, 0)
  const folded = store.series('b', { y: '2' })
  assert.deepEqual(folded.labels, OVERFLOW_LABELS)
  // The overflow series itself is created past the limit once, then reused.
  assert.equal(store.series('a', { x: '3' }).labels, OVERFLOW_LABELS)
  assert.equal(store.series('a', { x: '4' }), store.series('a', { x: '5' }))
  const r = cardinality(store)
  assert.equal(r.folded_points_total, 4)
  assert.deepEqual(r.limits, { max_series: 3, max_label_sets_per_metric: 1000 })
})

test('labels with the most distinct values come first, across metrics', () => {
  const store = new SeriesStore()
  for (let i = 0; i < 30; i++) store.series('spread_bps', { symbol: 'S' + i, venue: i % 2 === 0 ? 'a' : 'b' })
  for (let i = 0; i < 4; i++) store.series('engine_cycle_time', { state: 'st' + i })
  store.series('risk_current')
  const r = cardinality(store, { top: 3 })
  assert.equal(r.metrics_total, 3)
  assert.equal(r.series_total, 35)
  assert.deepEqual(r.metrics.map((m) => [m.name, m.series]), [['spread_bps', 30], ['engine_cycle_time', 4], ['risk_current', 1]])
  assert.deepEqual(r.top_labels, [
    { metric: 'spread_bps', label: 'symbol', distinct_values: 30 },
    { metric: 'engine_cycle_time', label: 'state', distinct_values: 4 },
    { metric: 'spread_bps', label: 'venue', distinct_values: 2 }
  ])
})

test('distinct counters count ids that never become labels', () => {
  const store = new SeriesStore()
  for (let i = 0; i < 5000; i++) store.distinct.get('order_ids').add('ord-' + (i % 2500))
  const [c] = cardinality(store).distinct_counters
  assert.equal(c.name, 'order_ids')
  assert.ok(Math.abs(c.estimate - 2500) / 2500 < 3 * c.relative_error)
  assert.equal(store.size, 0)
  assert.throws(() => store.distinct.get('bad name'))
})

test('distinct counter names are bounded', () => {
  const counters = new DistinctCounters(2)
  counters.get('a')
  counters.get('b')
  assert.equal(counters.get('a'), counters.get('a'))
  assert.throws(() => counters.get('c'), InvalidArgumentError)
})
