import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { TradeEvent } from '../../../src/trading/trade-event.ts'
import { close, ledgerOf } from './helpers.ts'

const T = 1_700_000_000_000

const ev = (event: string, symbol: string, side: string, quantity: number, price: number, timestamp: number,
  extra: Partial<TradeEvent> = {}): TradeEvent =>
  ({ event, symbol, side, quantity, price, pnl: null, fees: null, trade_id: null, timestamp, metadata: null, ...extra })

/**
 * A long with a stop closed in two steps, a short without a stop, an orphan.
 * Every expected figure below is worked by hand in the comments.
 */
function scenario (): ReturnType<typeof ledgerOf> {
  const ledger = ledgerOf([
    ev('opened', 'BTC', 'buy', 2, 101, T, { trade_id: 'L', fees: 1, decision_price: 100, stop_price: 96, requested_at: T - 500, order_type: 'market', liquidity: 'taker', exchange: 'binance' }),
    ev('opened', 'ETH', 'sell', 4, 50, T + 10, { decision_price: 50.05, requested_at: T - 90, order_type: 'market', liquidity: 'taker', exchange: 'binance' })
  ])
  ledger.observePrice('BTC', 98)
  ledger.observePrice('BTC', 111)
  ledger.observePrice('ETH', 52)
  ledger.observePrice('ETH', 45)
  ledger.observePrice('BTC', Number.NaN) // ignored
  for (const e of [
    ev('reduced', 'BTC', 'long', 1, 109, T + 5_000, { trade_id: 'L', fees: 0.5, decision_price: 110, requested_at: T + 3_000, order_type: 'limit', liquidity: 'maker', exchange: 'binance' }),
    ev('closed', 'BTC', 'long', 0, 95, T + 9_000, { trade_id: 'L', fees: 0.5 }),
    ev('closed', 'ETH', 'short', 4, 46, T + 9_500, { decision_price: 46, order_type: 'market', liquidity: 'taker', exchange: 'binance' }),
    ev('closed', 'SOL', 'long', 1, 20, T + 9_900, { pnl: 3 })
  ]) {
    const r = ledger.apply(e)
    assert.notEqual(r.status, 'rejected', JSON.stringify(r))
  }
  return ledger
}

test('excursions of a long with a stop, closed in two steps', () => {
  const [reduce, rest] = scenario().trades
  // Reduce 1 of 2 at 109: fees 0.5 (entry share) + 0.5, pnl (109 - 101) - 1 = 7.
  close(reduce.pnl, 7)
  close(reduce.mae, 3, 'mae') // low 98: (101 - 98) * 1
  close(reduce.mfe, 10, 'mfe') // high 111: (111 - 101) * 1
  close(reduce.mae_pct, 300 / 101, 'mae_pct')
  close(reduce.mfe_pct, 1000 / 101, 'mfe_pct')
  close(reduce.r_multiple, 7 / 5, 'R') // risk |101 - 96| * 1
  close(reduce.efficiency, 0.7, 'efficiency')
  // The close at 95 is itself a new low: mae (101 - 95) = 6; pnl (95 - 101) - 1 = -7.
  close(rest.pnl, -7)
  close(rest.mae, 6)
  close(rest.mfe, 10)
  close(rest.r_multiple, -7 / 5)
  close(rest.efficiency, -0.7)
})

test('excursions of a short without a stop; an orphan has none', () => {
  const trades = scenario().trades
  const short = trades[2]
  close(short.pnl, 16) // (50 - 46) * 4
  close(short.mae, 8) // high 52: (52 - 50) * 4
  close(short.mfe, 20) // low 45: (50 - 45) * 4
  close(short.mae_pct, 4)
  close(short.mfe_pct, 10)
  assert.equal(short.r_multiple, null)
  close(short.efficiency, 0.8)
  const orphan = trades[3]
  assert.deepEqual([orphan.mae, orphan.mfe, orphan.mae_pct, orphan.mfe_pct, orphan.r_multiple, orphan.efficiency], [null, null, null, null, null, null])
})

test('execution figures in total: slippage, its cost, fee drag, maker ratio, latency', () => {
  const { total, groups } = scenario().executionReport()
  assert.equal(total.fills, 6)
  assert.equal(total.fills_with_decision, 4)
  // BTC buy 101 vs 100: +100 bps; BTC sell 109 vs 110: +1/110 = 90.909 bps;
  // ETH sell 50 vs 50.05: +0.05/50.05 = 9.990 bps; ETH buy 46 vs 46: 0.
  const bps = [100, 1e4 / 110, 0.05 / 50.05 * 1e4, 0]
  close(total.slippage_bps?.mean, (bps[0] + bps[1] + bps[2] + bps[3]) / 4, 'mean')
  close(total.slippage_bps?.max, 100, 'max')
  close(total.slippage_cost, 2 + 1 + 0.2 + 0, 'cost') // (1 * 2) + (1 * 1) + (0.05 * 4)
  close(total.fees, 2, 'fees') // 1 + 0.5 + 0.5
  close(total.gross_pnl, 8 - 6 + 16 + 3, 'gross') // exits: pnl + fees
  close(total.fee_drag, 2 / 21, 'fee drag')
  close(total.maker_ratio, 1 / 4, 'maker ratio') // one maker among four with liquidity
  assert.ok(Math.abs((total.fill_latency_seconds?.max ?? 0) - 2) <= 0.02, 'latency max 2 s') // 0.5, 0.1, 2
  assert.equal(groups.length, 5)
  assert.deepEqual(groups[0], { ...groups[0], symbol: 'ETH', exchange: 'binance', order_type: 'market', fills: 2 })
})

test('execution report filters by symbol, exchange and order type', () => {
  const ledger = scenario()
  const binance = ledger.executionReport({ exchange: 'binance' })
  assert.equal(binance.total.fills, 4)
  assert.deepEqual(binance.filter, { symbol: null, exchange: 'binance', order_type: null })
  const limit = ledger.executionReport({ symbol: 'BTC', order_type: 'limit' })
  assert.equal(limit.total.fills, 1)
  close(limit.total.slippage_bps?.mean, 1e4 / 110)
  close(limit.total.maker_ratio, 1)
  assert.equal(ledger.executionReport({ symbol: 'XRP' }).total.slippage_bps, null)
})

test('bad execution fields are rejected with the field named', () => {
  const ledger = ledgerOf([])
  for (const [field, value] of [['decision_price', -1], ['stop_price', 0], ['order_type', 'stop'], ['liquidity', 'both'], ['requested_at', -5], ['exchange', '']] as const) {
    const r = ledger.apply(ev('opened', 'BTC', 'buy', 1, 10, T, { [field]: value }))
    assert.equal(r.status, 'rejected')
    assert.equal(r.status === 'rejected' && r.error.reason, field)
  }
  assert.equal(ledger.openPositionCount, 0)
})

test('clear forgets the execution figures and the excursions', () => {
  const ledger = scenario()
  ledger.clear()
  assert.equal(ledger.executionReport().total.fills, 0)
})

test('/trading excursion means and the R distribution of the scenario', async () => {
  const { computeTradingStatistics } = await import('../../../src/trading/trading-statistics.ts')
  const x = computeTradingStatistics(scenario(), { window: 'all' }, T + 10_000).excursions
  assert.equal(x.trades, 3) // the orphan has none
  close(x.mae_mean, (3 + 6 + 8) / 3)
  close(x.mfe_mean, (10 + 10 + 20) / 3)
  close(x.mae_pct_mean, (300 / 101 + 600 / 101 + 4) / 3)
  assert.equal(x.r_trades, 2)
  close(x.r_multiple_mean, 0)
  close(x.efficiency_mean, (0.7 - 0.7 + 0.8) / 3)
  // 1.4 in [1, 1.5), -1.4 in [-1.5, -1).
  assert.deepEqual(x.r_distribution, [{ r: -1.5, count: 1 }, { r: 1, count: 1 }])
})
