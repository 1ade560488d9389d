import { test } from 'node:test'
import assert from 'node:assert/strict'
import { makeApp } from '../unit/http/helpers.ts'

// A P&L of 1.7e308 is finite, and was accepted; the totals and squares over
// a few of them overflowed, and /trading and /summary answered 500 (the
// serializer throws on NaN). Trade figures past 1e15 in magnitude are now
// refused per item at ingest, and nothing accepted can overflow.
test('trade figures past 1e15 are refused with a 4xx per item; /trading and /summary stay 200', async () => {
  const { app } = await makeApp()
  const events = []
  for (let i = 0; i < 4; i++) {
    events.push({ type: 'trade', event: 'opened', symbol: 'BTC', side: 'long', quantity: 1, price: 100 })
    events.push({ type: 'trade', event: 'closed', symbol: 'BTC', side: 'long', quantity: 1, price: 101, pnl: i === 0 ? 1e15 : 1.7e308 })
  }
  events.push({ type: 'trade', event: 'opened', symbol: 'ETH', side: 'long', quantity: 1, price: 1.7e308 })
  const ingest = (await app.inject({ method: 'POST', url: '/api/metrics/events', payload: events })).json()
  assert.equal(ingest.accepted, 5)
  assert.deepEqual(ingest.rejected.map((r: { index: number }) => r.index), [3, 5, 7, 8])
  assert.match(ingest.rejected[0].message, /pnl.*1e15/)
  assert.match(ingest.rejected[3].message, /price.*1e15/)
  const trading = await app.inject('/api/metrics/trading')
  assert.equal(trading.statusCode, 200, trading.body)
  assert.equal(trading.json().total_pnl, 1e15)
  const summary = await app.inject('/api/metrics/summary')
  assert.equal(summary.statusCode, 200, summary.body)
  assert.equal(summary.json().trading.stats.total_pnl, 1e15)
  await app.close()
})
