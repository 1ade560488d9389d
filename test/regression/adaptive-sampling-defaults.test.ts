import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SeriesStore } from '../../src/core/store.ts'
import type { SampledStatistics } from '../../src/core/weighted-statistics.ts'

// setSampling passed the options it was given, undefined ones included, to
// the controller, whose defaults they then replaced: `{ mode: 'adaptive' }`
// never adapted, and after the first lag report its interval was undefined
// and the points it kept weighed NaN.
test('adaptive sampling with its options left out takes the documented defaults and adapts', () => {
  const store = new SeriesStore()
  store.setSampling('quotes', { mode: 'adaptive' })
  const s = store.series('quotes')
  assert.deepEqual(store.family('quotes')!.controller!.settings, { minInterval: 1, maxInterval: 1024, highLagMs: 50, lowLagMs: 20, calmUpdates: 3 })
  store.reportEventLoopLag(500)
  store.reportEventLoopLag(500)
  assert.equal(store.family('quotes')!.controller!.interval, 4)
  for (let i = 0; i < 400; i++) s.record(1, i)
  const st = store.statistics('quotes') as SampledStatistics
  assert.equal(st.count, 100)
  assert.equal(st.estimated_count, 400)
})
