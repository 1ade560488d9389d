import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../../src/http/app.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { Persistence } from '../../../src/persist/persistence.ts'
import { makeApp } from './helpers.ts'

const T = 1_700_000_000_000

/** A long with a stop (entry 101, stop 96) reduced at 109, a short without a stop closed at 46. */
const ITEMS = [
  { type: 'trade', event: 'opened', trade_id: 'L', symbol: 'BTC', side: 'buy', quantity: 2, price: 101, fees: 1, timestamp: T, decision_price: 100, stop_price: 96, requested_at: T - 500, order_type: 'market', liquidity: 'taker', exchange: 'binance' },
  { type: 'trade', event: 'opened', symbol: 'ETH', side: 'sell', quantity: 4, price: 50, timestamp: T + 10, decision_price: 50.05, order_type: 'market', liquidity: 'taker', exchange: 'binance' },
  { type: 'trade', event: 'reduced', trade_id: 'L', symbol: 'BTC', side: 'long', quantity: 1, price: 109, fees: 0.5, timestamp: T + 5_000, decision_price: 110, requested_at: T + 3_000, order_type: 'limit', liquidity: 'maker', exchange: 'binance' },
  { type: 'trade', event: 'closed', symbol: 'ETH', side: 'short', quantity: 4, price: 46, timestamp: T + 9_500, decision_price: 46, order_type: 'market', liquidity: 'taker', exchange: 'binance' }
]

const near = (a: number, b: number, what: string): void => { assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} is not ${b}`) }

test('fills posted with execution fields give /trading/execution and the histograms', async () => {
  const { app } = await makeApp()
  const posted = await app.inject({ method: 'POST', url: '/api/metrics/events', payload: ITEMS })
  assert.deepEqual(posted.json(), { accepted: 4, rejected: [] })
  const res = await app.inject('/api/metrics/trading/execution')
  assert.equal(res.statusCode, 200)
  const { total, groups } = res.json()
  assert.equal(total.fills, 4)
  // +100 bps (bought 101 vs 100), +90.909 (sold 109 vs 110), +9.990 (sold 50 vs 50.05), 0.
  near(total.slippage_bps.mean, (100 + 1e4 / 110 + 0.05 / 50.05 * 1e4) / 4, 'mean')
  near(total.slippage_cost, 2 + 1 + 0.2, 'cost')
  near(total.maker_ratio, 0.25, 'maker ratio')
  // Exits' gross P&L: (109 - 101) * 1 = 8 and (50 - 46) * 4 = 16; fees 1 + 0.5.
  near(total.fee_drag, 1.5 / 24, 'fee drag')
  assert.equal(groups.length, 3)
  const limit = (await app.inject('/api/metrics/trading/execution?symbol=BTC&order_type=limit')).json()
  assert.equal(limit.total.fills, 1)
  assert.equal(limit.groups[0].exchange, 'binance')
  const bad = await app.inject('/api/metrics/trading/execution?order_type=stop')
  assert.equal(bad.statusCode, 400)
  assert.equal(typeof bad.json().message, 'string')

  const text = (await app.inject('/api/metrics')).body
  assert.match(text, /# TYPE breakout_slippage_bps histogram/)
  assert.match(text, /breakout_slippage_bps_count\{exchange="binance",order_type="market",symbol="ETH"\} 2/)
  // 9.99 bps falls in le="10", 0 in le="0": both ETH fills are within le="10".
  assert.match(text, /breakout_slippage_bps_bucket\{exchange="binance",order_type="market",symbol="ETH",le="10"\} 2/)
  assert.match(text, /breakout_slippage_bps_bucket\{exchange="binance",order_type="market",symbol="ETH",le="0"\} 1/)
  assert.match(text, /breakout_fill_latency_seconds_bucket\{exchange="binance",order_type="limit",symbol="BTC",le="2.5"\} 1/)

  const trades = (await app.inject('/api/metrics/trades?since=0')).json().trades
  const reduce = trades.find((t: { symbol: string }) => t.symbol === 'BTC')
  near(reduce.r_multiple, 7 / 5, 'R') // pnl 8 - 1 fees over |101 - 96| * 1
  near(reduce.mfe, 8, 'mfe') // high 109, the reduce's own price

  // BTC reduce: mae 0, mfe 8, R 1.4, efficiency 7 / 8; ETH close: prices 50 and 46, mae 0, mfe 16, efficiency 1.
  const x = (await app.inject('/api/metrics/trading?since=0')).json().excursions
  assert.equal(x.trades, 2)
  near(x.mae_mean, 0, 'mae mean')
  near(x.mfe_mean, 12, 'mfe mean')
  assert.equal(x.r_trades, 1)
  near(x.r_multiple_mean, 1.4, 'R mean')
  near(x.efficiency_mean, (7 / 8 + 1) / 2, 'efficiency mean')
  assert.deepEqual(x.r_distribution, [{ r: 1, count: 1 }])
  await app.close()
})

test('a bad execution field rejects its item with a clear message, the others stay', async () => {
  const { app } = await makeApp()
  const items = [
    { ...ITEMS[0], decision_price: -3 },
    { ...ITEMS[0], order_type: 'stop' },
    { ...ITEMS[0], liquidity: 'both' },
    { ...ITEMS[0], requested_at: 'soon' },
    { ...ITEMS[0], exchange: 'x'.repeat(65) },
    { ...ITEMS[0], stop_price: 0 },
    ITEMS[1]
  ]
  const body = (await app.inject({ method: 'POST', url: '/api/metrics/events', payload: items })).json()
  assert.equal(body.accepted, 1)
  assert.deepEqual(body.rejected.map((r: { index: number }) => r.index), [0, 1, 2, 3, 4, 5])
  for (const [i, field] of ['decision_price', 'order_type', 'liquidity', 'requested_at', 'exchange', 'stop_price'].entries()) {
    assert.equal(body.rejected[i].error, 'BM_ERR_INVALID_ARGUMENT')
    assert.match(body.rejected[i].message, new RegExp(field))
  }
  await app.close()
})

test('the execution fields are journaled: figures and R survive a restart', async (t) => {
  const dir = mkdtempSync(join(os.tmpdir(), 'bm-exec-'))
  t.after(() => { rmSync(dir, { recursive: true, force: true }) })
  const run = async (post: boolean): Promise<{ execution: any, trades: any[] }> => {
    const logger = new MetricsLogger({ sampler: false, clock: 'system' })
    const persistence = Persistence.open(dir, { synchronous: 'normal' })
    persistence.restore({ ledger: logger.trades, store: logger.store })
    const app = await buildApp({ logger, logLevel: 'silent', persistence })
    try {
      if (post) await app.inject({ method: 'POST', url: '/api/metrics/events', payload: ITEMS })
      return {
        execution: (await app.inject('/api/metrics/trading/execution')).json(),
        trades: (await app.inject('/api/metrics/trades?since=0')).json().trades
      }
    } finally {
      await app.close()
      logger.close()
      persistence.close()
    }
  }
  const before = await run(true)
  const after = await run(false)
  assert.equal(after.execution.total.fills, 4)
  assert.deepEqual(after.execution, before.execution)
  assert.deepEqual(after.trades, before.trades)
  assert.ok(after.trades.some((x: { r_multiple: number | null }) => x.r_multiple !== null))
})
