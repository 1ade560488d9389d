import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { MarkToMarket } from '../../../src/trading/mark-to-market.ts'
import { maxDrawdownPct, timeInMarketPct } from '../../../src/trading/time-in-market.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { ev, H, T0 } from './fixture.ts'

const close = (a: number | null, b: number): void => { assert.ok(a !== null && Math.abs(a - b) < 1e-9, `${String(a)} != ${b}`) }

test('open positions are marked at the last price of their symbol: unrealized, equity, exposure by hand', () => {
  const ledger = new TradeLedger({ startingBalance: 10_000 })
  const marks = new MarkToMarket(ledger)
  ledger.apply(ev('opened', 'BTC', 'long', 2, 100, T0, { fees: 1 }))
  marks.price('BTC', 110, T0 + 1)
  // (110 − 100) × 2 − 1 entry fee = 19
  let a = marks.account()
  close(a.unrealized_pnl, 19)
  close(a.equity, 10_019)
  close(a.exposure, 220 / 10_019)
  ledger.apply(ev('opened', 'ETH', 'short', 1, 50, T0 + 2))
  // No ETH price yet: marked at its entry.
  close(marks.account().unrealized_pnl, 19)
  close(marks.account().open_notional, 270)
  marks.price('ETH', 40, T0 + 3)
  close(marks.account().unrealized_pnl, 29)
  // Half the BTC closes at 120: realized (120 − 100) × 1 − 0.5 − 0.5 = 19; 0.5 of entry fee stays open.
  ledger.apply(ev('reduced', 'BTC', 'long', 1, 120, T0 + 4, { fees: 0.5 }))
  marks.price('BTC', 120, T0 + 4)
  a = marks.account()
  close(a.realized_pnl, 19)
  close(a.unrealized_pnl, 19.5 + 10)
  close(a.balance, 10_019)
  close(a.equity, 10_048.5)
  close(a.open_notional, 120 + 40)
  close(a.exposure, 160 / 10_048.5)
  // A price older than the mark does not move it.
  marks.price('BTC', 1, T0)
  close(marks.account().unrealized_pnl, 29.5)
  const btc = marks.positions().find((p) => p.symbol === 'BTC')!
  assert.equal(btc.mark_price, 120)
  close(btc.unrealized_pnl, 19.5)
  close(btc.notional, 120)
  // Closing everything leaves nothing unrealized.
  ledger.apply(ev('closed', 'BTC', 'long', 0, 120, T0 + 5))
  ledger.apply(ev('closed', 'ETH', 'short', 0, 40, T0 + 6))
  a = marks.account()
  close(a.unrealized_pnl, 0)
  close(a.open_notional, 0)
  close(a.equity, 10_000 + 19 + 19.5 + 10)
})

test('without a starting balance, equity, balance and exposure are null', () => {
  const ledger = new TradeLedger()
  const marks = new MarkToMarket(ledger)
  ledger.apply(ev('opened', 'BTC', 'short', 1, 100, T0))
  marks.price('BTC', 90, T0 + 1)
  assert.deepEqual(marks.account(), { unrealized_pnl: 10, realized_pnl: 0, balance: null, equity: null, open_notional: 90, exposure: null })
})

test('time in market is the union of open spans over the window; drawdown of a curve in percent', () => {
  const ledger = new TradeLedger()
  ledger.apply(ev('opened', 'A', 'long', 1, 10, T0))
  ledger.apply(ev('opened', 'B', 'long', 1, 10, T0 + H))
  ledger.apply(ev('closed', 'A', 'long', 1, 10, T0 + 2 * H))
  ledger.apply(ev('closed', 'B', 'long', 1, 10, T0 + 3 * H))
  ledger.apply(ev('opened', 'C', 'long', 1, 10, T0 + 5 * H))
  const all = { symbol: null, side: null }
  // [0, 3 h] and [5 h, 6 h] of 6 h.
  close(timeInMarketPct(ledger, T0, T0 + 6 * H, all), 400 / 6)
  close(timeInMarketPct(ledger, T0, T0 + 6 * H, { symbol: 'A', side: null }), 200 / 6)
  close(timeInMarketPct(ledger, T0 + 3 * H, T0 + 5 * H, all), 0)
  assert.equal(timeInMarketPct(ledger, T0, T0, all), null)
  close(maxDrawdownPct([100, 120, 90, 130, 117]), 25)
  assert.equal(maxDrawdownPct([]), null)
  assert.equal(maxDrawdownPct([-1, 2]), null)
})

test('the logger records the account series at most once a second on prices and on every trade event', () => {
  const logger = new MetricsLogger({ sampler: false, health: false, clock: 'system', trading: { startingBalance: 1000 } })
  try {
    logger.logTradeEvent('opened', 'BTC', 'long', 1, 100, null, null, { timestampMs: T0 })
    for (const [dt, price] of [[200, 101], [999, 102], [1000, 103], [1100, 90], [2500, 105]]) logger.logPrice('BTC', price, T0 + dt)
    logger.logTradeEvent('closed', 'BTC', 'long', 1, 104, null, null, { timestampMs: T0 + 2600 })
    assert.deepEqual([...logger.query('equity').timesMs], [0, 1000, 2500, 2600].map((t) => T0 + t))
    assert.deepEqual([...logger.query('equity').values], [1000, 1003, 1005, 1004])
    assert.deepEqual([...logger.query('unrealized_pnl').values], [0, 3, 5, 0])
    assert.deepEqual([...logger.query('balance').values], [1000, 1000, 1000, 1004])
    assert.deepEqual([...logger.query('exposure').values], [0.1, 103 / 1003, 105 / 1005, 0])
    const s = logger.getTradingStatistics({ sinceMs: T0, untilMs: T0 + 2600 })
    assert.equal(s.unrealized_pnl, 0)
    assert.equal(s.equity, 1004)
    assert.equal(s.exposure, 0)
    close(s.time_in_market_pct, 100)
    // Peak 1005 at 2.5 s, then 1004.
    close(s.max_drawdown_equity_pct, 100 / 1005)
    // The figure is kept between calls, and follows a new point, a new window and a clear.
    close(logger.getTradingStatistics({ sinceMs: T0, untilMs: T0 + 2600 }).max_drawdown_equity_pct, 100 / 1005)
    logger.logTradeEvent('opened', 'BTC', 'long', 1, 104, null, null, { timestampMs: T0 + 2700 })
    logger.logPrice('BTC', 94, T0 + 3700)
    close(logger.getTradingStatistics({ sinceMs: T0, untilMs: T0 + 3700 }).max_drawdown_equity_pct, 1100 / 1005)
    close(logger.getTradingStatistics({ sinceMs: T0, untilMs: T0 + 2600 }).max_drawdown_equity_pct, 100 / 1005)
    logger.clear()
    const cleared = logger.getTradingStatistics({ sinceMs: T0, untilMs: T0 + 3700 })
    assert.equal(cleared.max_drawdown_equity_pct, null)
    // Bad prices are dropped and counted.
    logger.logPrice('BTC', -1)
    logger.logPrice('', 5)
    logger.logPrice('BTC', Number.NaN)
    assert.equal(logger.droppedPoints, 3)
  } finally {
    logger.close()
  }
})

test('a replayed ledger marks its open positions at the last trade prices, as the live one did', () => {
  const events = [
    ev('opened', 'BTC', 'long', 2, 100, T0, { fees: 1 }),
    ev('reduced', 'BTC', 'long', 1, 130, T0 + H),
    ev('opened', 'ETH', 'short', 1, 50, T0 + 2 * H)
  ]
  const live = new TradeLedger({ startingBalance: 1000 })
  const marks = new MarkToMarket(live)
  for (const e of events) {
    live.apply(e)
    marks.price(e.symbol, e.price, e.timestamp)
  }
  const replayed = new TradeLedger({ startingBalance: 1000 })
  for (const e of events) replayed.apply(e, true)
  // BTC's last trade was at 130: (130 − 100) × 1 − 0.5 open entry fee; ETH at its entry.
  close(new MarkToMarket(replayed).account().unrealized_pnl, 29.5)
  assert.deepEqual(new MarkToMarket(replayed).account(), marks.account())
})
