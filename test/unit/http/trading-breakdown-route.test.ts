import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { Persistence } from '../../../src/persist/persistence.ts'
import { makeApp } from './helpers.ts'

const T0 = Date.UTC(2024, 0, 1)
const H = 3_600_000

/** Two strategies, entry tags and exit reasons, a partial exit, and prices for the position left open. */
const ITEMS = [
  { type: 'trade', event: 'opened', symbol: 'BTCUSDT', side: 'buy', quantity: 2, price: 100, timestamp: T0, strategy: 'breakout_up', entry_tag: 'strong_break' },
  { type: 'trade', event: 'reduced', symbol: 'BTCUSDT', side: 'buy', quantity: 1, price: 120, timestamp: T0 + H, exit_reason: 'partial_take_profit' },
  { type: 'trade', event: 'closed', symbol: 'BTCUSDT', side: 'buy', quantity: 1, price: 90, timestamp: T0 + 2 * H, exit_reason: 'stop_loss' },
  { type: 'trade', event: 'opened', symbol: 'ETHUSDT', side: 'sell', quantity: 1, price: 50, timestamp: T0 + 3 * H, strategy: 'breakout_down', entry_tag: 'edge_break' },
  { type: 'trade', event: 'closed', symbol: 'ETHUSDT', side: 'sell', quantity: 1, price: 45, timestamp: T0 + 4 * H, exit_reason: 'take_profit' },
  { type: 'trade', event: 'opened', symbol: 'SOLUSDT', side: 'buy', quantity: 10, price: 20, timestamp: T0 + 5 * H, strategy: 'breakout_up', entry_tag: 'edge_break' },
  { type: 'price', symbol: 'SOLUSDT', price: 21, timestamp: T0 + 5 * H + 10_000 }
]
const RANGE = `since=0&until=${T0 + 6 * H}`

test('POST /events takes context and prices; GET /trading/breakdown groups them', async () => {
  const { app } = await makeApp({ trading: { startingBalance: 1000 } })
  const posted = await app.inject({ method: 'POST', url: '/api/metrics/events', payload: ITEMS })
  assert.deepEqual(posted.json(), { accepted: ITEMS.length, rejected: [] })
  const res = await app.inject(`/api/metrics/trading/breakdown?by=strategy&${RANGE}`)
  assert.equal(res.statusCode, 200)
  const b = res.json()
  // breakout_up: +20 then −10 on BTC; breakout_down: +5 on ETH.
  assert.deepEqual(b.rows.map((r: any) => [r.key.strategy, r.closed_trades, r.total_pnl, r.wins, r.losses]), [
    ['breakout_up', 2, 10, 1, 1],
    ['breakout_down', 1, 5, 1, 0]
  ])
  assert.equal(b.total.total_pnl, 15)
  assert.deepEqual(b.folded, { strategy: 0, entry_tag: 0, exit_reason: 0 })
  const mix = (await app.inject(`/api/metrics/trading/breakdown?by=entry_tag,exit_reason&${RANGE}`)).json()
  assert.deepEqual(mix.rows.map((r: any) => r.key), [
    { entry_tag: 'strong_break', exit_reason: 'partial_take_profit' },
    { entry_tag: 'edge_break', exit_reason: 'take_profit' },
    { entry_tag: 'strong_break', exit_reason: 'stop_loss' }
  ])
  const trades = (await app.inject(`/api/metrics/trades?${RANGE}`)).json().trades
  assert.deepEqual(trades.map((t: any) => [t.strategy, t.entry_tag, t.exit_reason]), [
    ['breakout_down', 'edge_break', 'take_profit'],
    ['breakout_up', 'strong_break', 'stop_loss'],
    ['breakout_up', 'strong_break', 'partial_take_profit']
  ])
  // SOL is open: 10 × (21 − 20) unrealized; equity 1000 + 15 + 10; exposure 210 / 1025.
  const s = (await app.inject(`/api/metrics/trading?${RANGE}`)).json()
  assert.equal(s.unrealized_pnl, 10)
  assert.equal(s.equity, 1025)
  assert.equal(s.exposure, 210 / 1025)
  assert.equal(typeof s.time_in_market_pct, 'number')
  assert.equal(typeof s.max_drawdown_equity_pct, 'number')
  await app.close()
})

test('bad breakdown queries and bad context or price items are 4xx with a reason', async () => {
  const { app } = await makeApp()
  for (const q of ['by=pnl', 'by=exit_reason,entry_tag', 'window=1x', 'side=up']) {
    const res = await app.inject(`/api/metrics/trading/breakdown?${q}`)
    assert.equal(res.statusCode, 400, q)
    assert.equal(typeof res.json().message, 'string')
  }
  const bad = [
    { type: 'trade', event: 'opened', symbol: 'A', side: 'buy', quantity: 1, price: 1, exit_reason: 'tp' },
    { type: 'trade', event: 'opened', symbol: 'A', side: 'buy', quantity: 1, price: 1, strategy: 'x'.repeat(65) },
    { type: 'price', symbol: 'A', price: 0 },
    { type: 'price', symbol: 'A', price: 5, volume: 3 },
    { type: 'price', price: 5 }
  ]
  const res = await app.inject({ method: 'POST', url: '/api/metrics/events', payload: bad })
  assert.equal(res.statusCode, 422)
  assert.deepEqual(res.json().rejected.map((r: any) => r.index), [0, 1, 2, 3, 4])
  await app.close()
})

test('context survives a restart: the journal replays it into the records', async (t) => {
  const dir = mkdtempSync(join(os.tmpdir(), 'bm-ctx-'))
  t.after(() => { rmSync(dir, { recursive: true, force: true }) })
  const first = new MetricsLogger({ sampler: false, health: false, clock: 'system' })
  const p1 = Persistence.open(dir, { synchronous: 'normal' })
  p1.restore({ ledger: first.trades, store: first.store })
  for (const item of ITEMS.slice(0, 5)) {
    const { event, symbol, side, quantity, price, timestamp, strategy, entry_tag: entryTag, exit_reason: exitReason } = item as any
    first.logTradeEvent(event, symbol, side, quantity, price, null, null, { timestampMs: timestamp, strategy, entryTag, exitReason })
  }
  const before = first.getTradeGroups({ by: 'entry_tag,exit_reason', untilMs: T0 + 6 * H })
  p1.close()
  first.close()
  const second = new MetricsLogger({ sampler: false, health: false, clock: 'system' })
  const p2 = Persistence.open(dir, { synchronous: 'normal' })
  t.after(() => { p2.close(); second.close() })
  p2.restore({ ledger: second.trades, store: second.store })
  assert.deepEqual(second.getTradeGroups({ by: 'entry_tag,exit_reason', untilMs: T0 + 6 * H }), before)
  assert.deepEqual(second.trades.trades.map((r) => r.strategy), ['breakout_up', 'breakout_up', 'breakout_down'])
})

test('the trading families carry a bounded strategy label; records without one carry none', async () => {
  const { app, logger } = await makeApp()
  for (let i = 0; i < 12; i++) {
    logger.logTradeEvent('opened', 'BTCUSDT', 'long', 1, 100, null, null, { timestampMs: T0 + i * H, strategy: 's' + String(i) })
    logger.logTradeEvent('closed', 'BTCUSDT', 'long', 1, 101, null, null, { timestampMs: T0 + i * H + 1000 })
  }
  logger.logTradeEvent('opened', 'ETHUSDT', 'long', 1, 100, null, null, { timestampMs: T0 })
  logger.logTradeEvent('closed', 'ETHUSDT', 'long', 1, 99, null, null, { timestampMs: T0 + 1000 })
  const text = (await app.inject('/api/metrics')).body
  assert.match(text, /^breakout_trades_closed_total\{outcome="win",side="long",strategy="s0",symbol="BTCUSDT"\} 1$/m)
  assert.match(text, /^breakout_trades_closed_total\{outcome="win",side="long",strategy="s9",symbol="BTCUSDT"\} 1$/m)
  // The 11th and 12th strategies share strategy="other".
  assert.match(text, /^breakout_trades_closed_total\{outcome="win",side="long",strategy="other",symbol="BTCUSDT"\} 2$/m)
  assert.doesNotMatch(text, /strategy="s10"/)
  assert.match(text, /^breakout_trades_closed_total\{outcome="loss",side="long",symbol="ETHUSDT"\} 1$/m)
  assert.match(text, /^breakout_trading_symbol_pnl\{side="long",strategy="other",symbol="BTCUSDT"\} 2$/m)
  await app.close()
})
