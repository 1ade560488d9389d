import { test } from 'node:test'
import assert from 'node:assert/strict'
import { makeApp } from './helpers.ts'

const MIN = 60_000

test('GET /compare?by=&above=: the metric where the condition is high against the rest', async () => {
  const { app, logger } = await makeApp()
  const means = [10, 11, 10, 12, 11, 10, 11, 30, 31, 32]
  for (let k = 0; k < 10; k++) {
    logger.logMetric('market_volatility', k + 1, undefined, k * MIN + 1000)
    logger.logMetric('system_memory_percent', means[k], undefined, k * MIN + 2000)
  }
  const res = await app.inject('/api/metrics/compare?metric=system_memory_percent&by=market_volatility&above=p70&step=1m')
  assert.equal(res.statusCode, 200, res.body)
  const body = res.json()
  assert.equal(body.by, 'market_volatility')
  assert.deepEqual(body.window, { since: null, until: null })
  // numpy.percentile(1..10, 70) = 7.3: the last three minutes.
  assert.deepEqual(body.condition, { side: 'above', threshold: 7.3, percentile: 0.7, step_ms: MIN, aligned_count: 10, buckets_in: 3, buckets_out: 7 })
  assert.equal(body.mean_change.b, 31)
  assert.equal(body.verdict, 'regressed')
  const below = (await app.inject('/api/metrics/compare?metric=system_memory_percent&by=market_volatility&below=4&step=60000')).json()
  assert.equal(below.condition.buckets_in, 3)
  assert.ok(Math.abs(below.mean_change.b - 31 / 3) < 1e-12)
  await app.close()
})

test('GET /compare?by=: bad combinations and thresholds are 400s that say why; an unknown condition is a 404', async () => {
  const { app, logger } = await makeApp()
  logger.logMetric('a_metric', 1)
  logger.logMetric('c_metric', 1)
  const cases: Array<[string, RegExp]> = [
    ['by=c_metric', /exactly one of above and below/],
    ['by=c_metric&above=p90&below=p10', /exactly one of above and below/],
    ['above=p90', /needs by/],
    ['by=c_metric&above=p90&a=2h..1h', /not both/],
    ['by=c_metric&above=p200', /percentile pNN/],
    ['by=c_metric&above=lots', /percentile pNN/],
    ['by=c_metric&above=1&step=0', /step/]
  ]
  for (const [query, message] of cases) {
    const res = await app.inject(`/api/metrics/compare?metric=a_metric&${query}`)
    assert.equal(res.statusCode, 400, query)
    assert.match(res.json().message, message, query)
  }
  const unknown = await app.inject('/api/metrics/compare?metric=a_metric&by=nothing_here&above=p90')
  assert.equal(unknown.statusCode, 404)
  assert.match(unknown.json().message, /nothing_here/)
  await app.close()
})
