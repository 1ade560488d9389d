import { test } from 'node:test'
import assert from 'node:assert/strict'
import { makeApp } from '../unit/http/helpers.ts'

// Values near ±1.8e308 are finite and accepted, but their sums overflow:
// means, slopes and coefficients become Infinity or NaN. The analysis routes
// answered 500 when their schema's serializer met one (fast-json-stringify
// throws on NaN); they now write null, as JSON does.
test('analysis routes answer 200 with null figures when recorded values overflow a sum', async () => {
  const { app } = await makeApp()
  const events = []
  for (let i = 0; i < 30; i++) {
    events.push({ type: 'metric', name: 'huge', value: i % 3 === 0 ? 1.7e308 : -1.7e308, timestamp: 1000 + i * 1000 })
    events.push({ type: 'metric', name: 'plain', value: i, timestamp: 1000 + i * 1000 })
    events.push({ type: 'metric', name: 'engine_cycle_time', value: 0.01 + i / 1000, timestamp: 1000 + i * 1000 })
  }
  assert.equal((await app.inject({ method: 'POST', url: '/api/metrics/events', payload: events })).json().accepted, 90)
  let res = await app.inject('/api/metrics/correlate?a=huge&b=plain&step=1s')
  assert.equal(res.statusCode, 200, res.body)
  assert.deepEqual(res.json().pearson, { coefficient: null, p_value: null })
  res = await app.inject('/api/metrics/compare?metric=huge&a=0..15000&b=15001..40000')
  assert.equal(res.statusCode, 200, res.body)
  assert.equal(res.json().mean_change.ci_low, null)
  res = await app.inject('/api/metrics/forecast?metric=huge&horizon=1h&steps=2')
  assert.equal(res.statusCode, 200, res.body)
  assert.equal(res.json().projection.value, null)
  res = await app.inject('/api/metrics/peaks?metric=huge&by=mean')
  assert.equal(res.statusCode, 200, res.body)
  assert.equal(res.json().hours[0].mean, null)
  res = await app.inject('/api/metrics/capacity?step=1s&pairs_metric=huge')
  assert.equal(res.statusCode, 200, res.body)
  assert.equal(res.json().resources.engine_cycle_time.marginal_cost_per_pair, null)
  await app.close()
})
