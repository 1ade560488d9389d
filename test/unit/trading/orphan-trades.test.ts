import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { TradeRejectedError } from '../../../src/core/errors.ts'
import { computeTradingStatistics } from '../../../src/trading/trading-statistics.ts'
import { ev, H, T0 } from './fixture.ts'

test('an exit of a position never seen open, with pnl, is an orphan record with the reported P&L', () => {
  const ledger = new TradeLedger()
  const r = ledger.apply(ev('closed', 'BTCUSDT', 'sell', 0.5, 61_900, T0 + H, { pnl: -12.5, fees: 1.25, trade_id: 'old-7' }))
  assert.equal(r.status, 'closed')
  const [t] = ledger.trades
  assert.deepEqual({ ...t, metadata: null }, {
    id: 1,
    position_id: 1,
    trade_id: 'old-7',
    symbol: 'BTCUSDT',
    side: 'short',
    quantity: 0.5,
    entry_price: null,
    exit_price: 61_900,
    opened_at: null,
    closed_at: T0 + H,
    holding_seconds: null,
    fees: 1.25,
    pnl: -12.5,
    pnl_source: 'reported',
    outcome: 'loss',
    final: true,
    orphan: true,
    metadata: null,
    mae: null,
    mfe: null,
    mae_pct: null,
    mfe_pct: null,
    r_multiple: null,
    efficiency: null,
    strategy: null,
    entry_tag: null,
    exit_reason: null
  })
  assert.equal(ledger.openPositionCount, 0)
  // A reduce of an unknown position is an orphan too, and leaves nothing open.
  const reduced = ledger.apply(ev('reduced', 'ETHUSDT', 'long', 1, 3000, T0 + 2 * H, { pnl: 4 }))
  assert.equal(reduced.status, 'reduced')
  assert.equal(ledger.trades[1].final, false)
  assert.equal(ledger.trades[1].orphan, true)
  assert.equal(ledger.openPositionCount, 0)
})

test('an exit of an unknown position without pnl is still refused, saying why', () => {
  const ledger = new TradeLedger()
  const r = ledger.apply(ev('closed', 'BTCUSDT', 'long', 1, 10, T0))
  assert.equal(r.status, 'rejected')
  if (r.status !== 'rejected') return
  assert.ok(r.error instanceof TradeRejectedError)
  assert.equal(r.error.reason, 'no_open_position')
  assert.equal(r.error.statusCode, 409)
  assert.match(r.error.message, /no open position for BTCUSDT long .*no pnl/)
  assert.equal(ledger.trades.length, 0)
})

test('orphans count in the P&L figures and orphan_trades, not in holding times or open positions', () => {
  const ledger = new TradeLedger()
  ledger.apply(ev('opened', 'X', 'long', 1, 100, T0))
  ledger.apply(ev('closed', 'X', 'long', 1, 110, T0 + H)) // +10, held 3600 s
  ledger.apply(ev('closed', 'Y', 'short', 2, 50, T0 + 2 * H, { pnl: -4 })) // orphan
  ledger.apply(ev('opened', 'Z', 'long', 1, 100, T0 + 3 * H)) // open
  const s = computeTradingStatistics(ledger, {}, T0 + 4 * H)
  assert.equal(s.closed_trades, 2)
  assert.equal(s.orphan_trades, 1)
  assert.equal(s.total_pnl, 6)
  assert.equal(s.wins, 1)
  assert.equal(s.losses, 1)
  assert.equal(s.closed_positions, 2)
  assert.equal(s.open_positions, 1)
  assert.deepEqual(s.holding_seconds, { mean: 3600, median: 3600, max: 3600 })
  // Only orphans in the window: no holding time, and a reason.
  const late = computeTradingStatistics(ledger, { sinceMs: T0 + 2 * H - 1, untilMs: T0 + 2 * H + 1 }, T0 + 4 * H)
  assert.equal(late.orphan_trades, 1)
  assert.deepEqual(late.holding_seconds, { mean: null, median: null, max: null })
  assert.match(late.null_reasons.holding_seconds, /orphan/)
})

test('replaying the same events rebuilds the same orphans', () => {
  const events = [
    ev('closed', 'A', 'long', 1, 10, T0, { pnl: 3 }),
    ev('opened', 'A', 'long', 1, 10, T0 + H),
    ev('closed', 'A', 'long', 1, 12, T0 + 2 * H),
    ev('reduced', 'B', 'short', 1, 10, T0 + 3 * H, { pnl: -1 })
  ]
  const a = new TradeLedger()
  const b = new TradeLedger()
  for (const e of events) a.apply(e)
  for (const e of events) b.apply(e, true)
  assert.deepEqual(b.trades, a.trades)
  assert.deepEqual(a.trades.map((t) => t.orphan), [true, false, true])
  assert.deepEqual(a.trades.map((t) => t.position_id), [1, 2, 3])
})
