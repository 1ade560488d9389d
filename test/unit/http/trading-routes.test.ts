import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { parseApiKeys } from '../../../src/http/security/api-keys.ts'
import { KEYS, NO_LIMITS, bearer } from './security-helpers.ts'
import { buildApp } from '../../../src/http/app.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { Persistence } from '../../../src/persist/persistence.ts'
import { FIXTURE, NOW, T0, D } from '../trading/fixture.ts'
import { makeApp } from './helpers.ts'

/** The fixture's events as POST /events items. */
const ITEMS = FIXTURE.map((e) => ({
  type: 'trade',
  event: e.event,
  symbol: e.symbol,
  side: e.side,
  quantity: e.quantity,
  price: e.price,
  timestamp: e.timestamp,
  ...(e.fees === null ? {} : { fees: e.fees }),
  ...(e.pnl === null ? {} : { pnl: e.pnl }),
  ...(e.trade_id === null ? {} : { trade_id: e.trade_id })
}))
const RANGE = `since=0&until=${NOW}`

async function post (app: Awaited<ReturnType<typeof makeApp>>['app'], items: unknown[], headers: Record<string, string> = {}): Promise<{ statusCode: number, body: any }> {
  const res = await app.inject({ method: 'POST', url: '/api/metrics/events', payload: items, headers })
  return { statusCode: res.statusCode, body: res.json() }
}

test('trades posted as events give the statistics of docs/TRADING_METRICS.md', async () => {
  const { app } = await makeApp({ trading: { startingBalance: 10_000 } })
  assert.deepEqual((await post(app, ITEMS)).body, { accepted: ITEMS.length, rejected: [] })
  const res = await app.inject(`/api/metrics/trading?${RANGE}`)
  assert.equal(res.statusCode, 200)
  const s = res.json()
  // Reference values: test/unit/trading/reference-values.py (window all up to NOW).
  assert.equal(s.closed_trades, 7)
  assert.equal(s.wins, 4)
  assert.equal(s.break_even, 1)
  assert.ok(Math.abs(s.total_pnl - 2.5) < 1e-9)
  assert.ok(Math.abs(s.profit_factor - 1.099601593625498) < 1e-9)
  assert.ok(Math.abs(s.max_drawdown_pct - 0.20981955518254303) < 1e-9)
  assert.equal(s.open_positions, 1)
  assert.ok(Math.abs(s.holding_seconds.mean - 19542.85714285714) < 1e-6)
  assert.deepEqual([s.holding_seconds.median, s.holding_seconds.max], [14400, 72000])
  assert.deepEqual(s.null_reasons, {})
  assert.equal(s.window.label, 'custom')
  // The risk block states its convention; its figures are checked in risk-figures.test.ts.
  assert.deepEqual(s.risk.convention, { risk_free_rate: 0, periods_per_year: 365, returns: 'daily', confidence: 0.95 })
  assert.equal(s.risk.days, 5)
  for (const k of ['ulcer_index', 'recovery_factor', 'var_95', 'cvar_95', 'tail_ratio', 'kelly_fraction', 'omega', 'rolling_sharpe_30d']) {
    assert.ok(typeof s.risk[k] === 'number' || typeof s.risk.null_reasons[k] === 'string', k)
  }
  const btc = (await app.inject(`/api/metrics/trading?${RANGE}&symbol=BTCUSDT&side=buy`)).json()
  assert.equal(btc.closed_trades, 3)
  assert.equal(btc.side, 'long')
  const none = (await app.inject('/api/metrics/trading?window=1h')).json()
  assert.equal(none.closed_trades, 0)
  assert.equal(none.win_rate, null)
  assert.equal(typeof none.null_reasons.win_rate, 'string')
  await app.close()
})

test('trade items the ledger rejects are reported by index and recorded nowhere', async () => {
  const { app, logger } = await makeApp()
  const { statusCode, body } = await post(app, [
    { type: 'trade', event: 'opened', symbol: 'BTCUSDT', side: 'buy', quantity: 1, price: 100 },
    { type: 'trade', event: 'closed', symbol: 'ETHUSDT', side: 'long', quantity: 1, price: 100 },
    { type: 'trade', event: 'reduced', symbol: 'BTCUSDT', side: 'long', quantity: 5, price: 100 },
    { type: 'trade', event: 'closed', symbol: 'BTCUSDT', side: 'long', quantity: 0, price: 101 }
  ])
  assert.equal(statusCode, 200)
  assert.equal(body.accepted, 2)
  assert.deepEqual(body.rejected.map((r: { index: number, error: string }) => [r.index, r.error]),
    [[1, 'BM_ERR_TRADE_REJECTED'], [2, 'BM_ERR_TRADE_REJECTED']])
  assert.match(body.rejected[0].message, /no open position for ETHUSDT long/)
  assert.equal(logger.query('trade_closed').values.length, 1)
  assert.equal(logger.getTradingStatistics().closed_trades, 1)
  await app.close()
})

test('GET /trades pages closed trades newest first', async () => {
  const { app } = await makeApp()
  await post(app, ITEMS)
  let page = (await app.inject(`/api/metrics/trades?${RANGE}&limit=2`)).json()
  assert.equal(page.total, 7)
  assert.deepEqual(page.trades.map((t: { id: number }) => t.id), [7, 6])
  assert.equal(page.trades[0].symbol, 'SOLUSDT')
  assert.equal(page.trades[0].trade_id, 's2')
  assert.equal(page.trades[0].pnl_source, 'computed')
  assert.equal(page.trades[0].metadata, null)
  page = (await app.inject(`/api/metrics/trades?${RANGE}&limit=2&offset=6&symbol=BTCUSDT`)).json()
  assert.equal(page.total, 3)
  assert.equal(page.trades.length, 0)
  await app.close()
})

test('GET /trading/daily, weekly, monthly', async () => {
  const { app } = await makeApp({ trading: { startingBalance: 10_000 } })
  await post(app, ITEMS)
  const daily = (await app.inject(`/api/metrics/trading/daily?count=5&until=${NOW}`)).json()
  assert.equal(daily.unit, 'day')
  assert.deepEqual(daily.periods.map((p: { date: string }) => p.date), ['2024-01-05', '2024-01-04', '2024-01-03', '2024-01-02', '2024-01-01'])
  assert.ok(Math.abs(daily.periods[2].relative_return - -0.00209819555182543) < 1e-12)
  const weekly = (await app.inject(`/api/metrics/trading/weekly?count=1&until=${NOW}`)).json()
  assert.equal(weekly.periods[0].trade_count, 7)
  const monthly = (await app.inject(`/api/metrics/trading/monthly?until=${T0 + 40 * D}&count=2`)).json()
  assert.deepEqual(monthly.periods.map((p: { date: string, trade_count: number }) => [p.date, p.trade_count]), [['2024-02-01', 0], ['2024-01-01', 7]])
  await app.close()
})

test('bad trading queries are 400s that say what is wrong', async () => {
  const { app } = await makeApp()
  const cases: Array<[string, string, RegExp]> = [
    ['/api/metrics/trading?window=3x', 'BM_ERR_INVALID_ARGUMENT', /window/],
    ['/api/metrics/trading?window=1h&since=0', 'BM_ERR_INVALID_ARGUMENT', /either/],
    ['/api/metrics/trading?since=soon', 'BM_ERR_INVALID_ARGUMENT', /since/],
    ['/api/metrics/trading?side=up', 'BM_ERR_VALIDATION', /side/],
    ['/api/metrics/trades?limit=0', 'BM_ERR_VALIDATION', /limit must be an integer from 1 to 1000/],
    ['/api/metrics/trades?offset=-1', 'BM_ERR_VALIDATION', /offset/],
    ['/api/metrics/trading/daily?count=1001', 'BM_ERR_VALIDATION', /count must be an integer from 1 to 1000/],
    ['/api/metrics/trading/yearly', 'BM_ERR_NOT_FOUND', /no route/]
  ]
  for (const [url, code, message] of cases) {
    const res = await app.inject(url)
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url}: ${res.statusCode}`)
    assert.equal(res.json().error, code, url)
    assert.match(res.json().message, message, url)
  }
  await app.close()
})

test('GET /summary carries the headline trading figures, fresh after every trade', async () => {
  const { app } = await makeApp()
  await post(app, ITEMS.slice(0, 3))
  const before = (await app.inject('/api/metrics/summary')).json().trading.stats
  assert.ok(before.closed_trades < 7, `closed_trades ${before.closed_trades} before the rest of the trades`)
  await post(app, ITEMS.slice(3))
  const stats = (await app.inject('/api/metrics/summary')).json().trading.stats
  assert.equal(stats.closed_trades, 7)
  assert.equal(stats.open_positions, 1)
  assert.ok(Math.abs(stats.total_pnl - 2.5) < 1e-9)
  assert.ok(Math.abs(stats.win_rate - 4 / 7) < 1e-12)
  assert.equal(stats.max_drawdown, 21)
  assert.equal(stats.max_drawdown_pct, null)
  await app.close()
})

test('Prometheus gets trading gauges and closed-trade counters by symbol, side and outcome', async () => {
  const { app } = await makeApp()
  await post(app, ITEMS.slice(0, 3))
  let text = (await app.inject('/api/metrics')).body
  assert.match(text, /^breakout_trades_closed_total\{outcome="win",side="long",symbol="BTCUSDT"\} 1$/m)
  assert.match(text, /^breakout_trades_closed_total\{outcome="loss",side="long",symbol="BTCUSDT"\} 1$/m)
  assert.match(text, /^breakout_trading_total_pnl -0.99999999999999\d*$/m)
  assert.match(text, /^breakout_trading_win_rate 0.5$/m)
  assert.match(text, /^breakout_trading_profit_factor 0.756097560975609/m)
  assert.match(text, /^breakout_trading_open_positions 0$/m)
  assert.doesNotMatch(text, /breakout_trading_max_drawdown_pct /)
  assert.match(text, /^breakout_trading_symbol_pnl\{side="long",symbol="BTCUSDT"\} -0.99999999999999\d*$/m)
  await post(app, ITEMS.slice(3))
  text = (await app.inject('/api/metrics')).body
  assert.match(text, /^breakout_trades_closed_total\{outcome="break_even",side="long",symbol="SOLUSDT"\} 1$/m)
  assert.match(text, /^breakout_trading_open_positions 1$/m)
  await app.close()
})

test('with persistence: a batch is journaled, POST /clear clears the journal, a closed database is a 503', async (t) => {
  const dir = mkdtempSync(join(os.tmpdir(), 'bm-http-'))
  t.after(() => { rmSync(dir, { recursive: true, force: true }) })
  const logger = new MetricsLogger({ sampler: false, clock: 'system' })
  const persistence = Persistence.open(dir, { synchronous: 'normal' })
  persistence.restore({ ledger: logger.trades, store: logger.store })
  // Clearing needs an admin key; without keys only reads and ingest are open.
  const app = await buildApp({ logger, logLevel: 'silent', persistence, security: { keys: parseApiKeys(`admin:${KEYS.admin}`, 'test'), rateLimits: NO_LIMITS } })
  t.after(async () => { await app.close(); logger.close(); persistence.close() })
  await post(app, ITEMS, bearer(KEYS.admin))
  assert.equal(persistence.journal.count(), ITEMS.length)
  const cleared = (await app.inject({ method: 'POST', url: '/api/metrics/clear', headers: bearer(KEYS.admin) })).json().cleared
  assert.equal(cleared.trade_events, ITEMS.length)
  assert.equal(cleared.trades, 7)
  assert.equal(persistence.journal.count(), 0)
  persistence.close()
  const { statusCode, body } = await post(app, ITEMS.slice(0, 1), bearer(KEYS.admin))
  assert.equal(statusCode, 503)
  assert.equal(body.error, 'BM_ERR_PERSIST')
  assert.equal(logger.trades.openPositionCount, 0)
})
