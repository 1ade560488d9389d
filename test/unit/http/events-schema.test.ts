import { test } from 'node:test'
import assert from 'node:assert/strict'
import { EVENT_ITEM_TYPES } from '../../../src/http/event-schemas.ts'
import { makeApp } from './helpers.ts'

/** A good item of every type POST /events takes, each field of its schema given. */
const GOOD: Record<string, Record<string, unknown>> = {
  metric: { type: 'metric', name: 'queue_depth', value: 3, tags: { venue: 'binance' }, timestamp: 1_000 },
  trade: { type: 'trade', event: 'opened', trade_id: 't-1', symbol: 'BTCUSDT', side: 'Buy', quantity: 1, price: 100, fees: 0.1, pnl: null, timestamp: 1_000, metadata: { order_id: 'o-1' }, decision_price: 99, order_type: 'limit', liquidity: 'maker', requested_at: 900, exchange: 'binance', stop_price: 95, strategy: 'breakout', entry_tag: 'edge', exit_reason: null },
  price: { type: 'price', symbol: 'BTCUSDT', price: 101, timestamp: 1_100 },
  engine_cycle: { type: 'engine_cycle', cycle_time: 0.01, state: 'scanning', positions: 1, signals: 0, orders: 0 },
  scanner: { type: 'scanner', symbols_scanned: 20, candidates_found: 2, scan_time: 0.2, filters: { volume_surge: 4 } },
  risk: { type: 'risk', current: 0.1, max: 0.5, position: 0.05, daily_pnl: 10 },
  latency: { type: 'latency', component: 'order_execution', seconds: 0.003, tags: null },
  balance: { type: 'balance', asset: 'USDT', free: 100, total: 250 },
  market_data: { type: 'market_data', messages: 120, symbol: 'BTCUSDT', volatility: 0.02, timestamp: 1_000 }
}

test('POST /events: OpenAPI shows one item schema per type, discriminated by `type`', async () => {
  const { app } = await makeApp()
  const doc = (await app.inject('/api/docs')).json()
  const body = doc.paths['/api/metrics/events'].post.requestBody.content['application/json'].schema
  assert.equal(body.type, 'array')
  assert.equal(body.maxItems, 10_000)
  const branches = body.items.anyOf as Array<{ properties: Record<string, { enum?: string[], const?: string }>, additionalProperties: boolean }>
  const types = branches.map((b) => b.properties.type.enum?.[0] ?? b.properties.type.const)
  assert.deepEqual(types, [...EVENT_ITEM_TYPES])
  assert.deepEqual(types.sort(), Object.keys(GOOD).sort())
  for (const b of branches) assert.equal(b.additionalProperties, false)
  await app.close()
})

test('POST /events: a good item of every type, with every field, is accepted whole', async () => {
  const { app } = await makeApp()
  const res = await app.inject({ method: 'POST', url: '/api/metrics/events', payload: Object.values(GOOD) })
  assert.equal(res.statusCode, 200, res.body)
  assert.deepEqual(res.json(), { accepted: EVENT_ITEM_TYPES.length, rejected: [] })
  await app.close()
})

test('POST /events: the schema answers per item, as before; only a body that is no array, or too long, is a 400', async () => {
  const { app } = await makeApp()
  const items = [
    GOOD.metric,
    { ...GOOD.metric, value: '3' },
    { ...GOOD.trade, side: 'sideways' },
    { ...GOOD.latency, seconds: -1 },
    { ...GOOD.balance, locked: 5 },
    { type: 'engine_cycle', cycle_time: 0.01 }
  ]
  const res = await app.inject({ method: 'POST', url: '/api/metrics/events', payload: items })
  assert.equal(res.statusCode, 200)
  assert.deepEqual(res.json().rejected.map((r: { index: number, error: string, message: string }) => [r.index, r.error, r.message]), [
    [1, 'BM_ERR_INVALID_ARGUMENT', 'value: must be a finite number, got "3"'],
    [2, 'BM_ERR_INVALID_ARGUMENT', 'side: must be long, short, buy or sell (any case), got "sideways"'],
    [3, 'BM_ERR_INVALID_ARGUMENT', 'seconds: must be a finite number >= 0, got -1'],
    [4, 'BM_ERR_INVALID_ARGUMENT', 'locked: unknown field of a balance item; it takes type, asset, free, total'],
    [5, 'BM_ERR_INVALID_ARGUMENT', 'state: is required']
  ])
  const long = await app.inject({ method: 'POST', url: '/api/metrics/events', payload: Array.from({ length: 10_001 }, () => GOOD.metric) })
  assert.equal(long.statusCode, 400)
  assert.equal(long.json().error, 'BM_ERR_VALIDATION')
  await app.close()
})
