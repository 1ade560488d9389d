import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { InvalidTradeEventError, TradeRejectedError } from '../../../src/core/errors.ts'
import { D, ev, FIXTURE, H, T0 } from './fixture.ts'
import { close, ledgerOf } from './helpers.ts'

test('the fixture builds seven closed trade records, each exit one record', () => {
  const ledger = ledgerOf(FIXTURE)
  const t = ledger.trades
  assert.equal(t.length, 7)
  // Values worked by hand in reference-values.py.
  const expected = [3.1, -4.1, 9.6, 0, -21, 5, 9.9]
  t.forEach((r, i) => close(r.pnl, expected[i], `record ${i + 1} pnl`))
  assert.deepEqual(t.map((r) => r.outcome), ['win', 'loss', 'win', 'break_even', 'loss', 'win', 'win'])
  assert.deepEqual(t.map((r) => r.final), [false, true, true, true, true, false, true])
  assert.deepEqual(t.map((r) => r.position_id), [1, 1, 2, 3, 4, 5, 6])
  assert.deepEqual(t.map((r) => r.pnl_source), ['computed', 'computed', 'computed', 'computed', 'reported', 'computed', 'computed'])
  assert.deepEqual(t.map((r) => r.side), ['long', 'long', 'short', 'long', 'long', 'short', 'long'])
})

test('entry fees are allocated to exits pro rata by quantity', () => {
  const t = ledgerOf(FIXTURE).trades
  close(t[0].fees, 0.4 + 0.5, 'first partial: 40% of the entry fee + exit fee')
  close(t[1].fees, 0.6 + 0.5, 'rest: remaining entry fee + exit fee')
  close(t[0].quantity, 0.4)
  close(t[1].quantity, 0.6)
})

test('a scale-in averages the entry price by quantity and keeps the first open time', () => {
  const ledger = ledgerOf(FIXTURE.slice(0, 9))
  const [p] = ledger.openPositions()
  assert.equal(p.symbol, 'BTCUSDT')
  close(p.quantity, 4)
  close(p.entry_price, 105)
  assert.equal(p.opened_at, T0 + 2 * D + H)
})

test('a partial close leaves the rest open with its realized P&L', () => {
  const ledger = ledgerOf(FIXTURE)
  const open = ledger.openPositions()
  assert.equal(open.length, 1)
  const [p] = open
  assert.equal(p.symbol, 'ETHUSDT')
  assert.equal(p.side, 'short')
  close(p.quantity, 0.5)
  close(p.closed_quantity, 0.5)
  close(p.realized_pnl, 5)
})

test('holding time runs from the first open to the exit', () => {
  const t = ledgerOf(FIXTURE).trades
  assert.deepEqual(t.map((r) => r.holding_seconds), [7200, 14400, 72000, 3600, 14400, 3600, 21600])
})

test('a short gains when the price falls; buy/sell name long/short', () => {
  const ledger = new TradeLedger()
  ledger.apply(ev('opened', 'X', 'SELL', 3, 10, 0))
  const r = ledger.apply(ev('closed', 'X', 'short', 0, 8, 1000, { fees: 0.3 }))
  assert.equal(r.status, 'closed')
  if (r.status !== 'closed') return
  close(r.trade.pnl, 6 - 0.3)
  assert.equal(r.trade.side, 'short')
})

test('without trade_id there is one position per symbol and side; long and short coexist', () => {
  const ledger = new TradeLedger()
  ledger.apply(ev('opened', 'X', 'long', 1, 10, 0))
  ledger.apply(ev('opened', 'X', 'short', 1, 10, 0))
  ledger.apply(ev('opened', 'X', 'buy', 1, 20, 0))
  const open = ledger.openPositions()
  assert.equal(open.length, 2)
  close(open[0].quantity, 2)
  close(open[0].entry_price, 15)
  close(open[1].quantity, 1)
})

test('with trade_id, positions of one symbol and side are kept apart and addressed by id only', () => {
  const ledger = new TradeLedger()
  ledger.apply(ev('opened', 'X', 'long', 1, 10, 0, { trade_id: 'a' }))
  ledger.apply(ev('opened', 'X', 'long', 1, 20, 0, { trade_id: 'b' }))
  assert.equal(ledger.openPositionCount, 2)
  const noId = ledger.apply(ev('closed', 'X', 'long', 0, 15, 1))
  assert.equal(noId.status, 'rejected')
  const b = ledger.apply(ev('closed', 'X', 'long', 0, 15, 1, { trade_id: 'b' }))
  assert.equal(b.status, 'closed')
  if (b.status === 'closed') close(b.trade.pnl, -5)
  assert.equal(ledger.openPositionCount, 1)
})

test('a reduce of the whole open quantity (within float noise) closes the position', () => {
  const ledger = new TradeLedger()
  ledger.apply(ev('opened', 'X', 'long', 0.1, 10, 0))
  ledger.apply(ev('opened', 'X', 'long', 0.2, 10, 0))
  const r = ledger.apply(ev('reduced', 'X', 'long', 0.3, 11, 1))
  assert.equal(r.status, 'closed')
  assert.equal(ledger.openPositionCount, 0)
})

test('a closed event closes what remains whatever quantity it carries', () => {
  const ledger = new TradeLedger()
  ledger.apply(ev('opened', 'X', 'long', 2, 10, 0))
  const r = ledger.apply(ev('closed', 'X', 'long', 5, 11, 1))
  assert.equal(r.status, 'closed')
  if (r.status === 'closed') { close(r.trade.quantity, 2); close(r.trade.pnl, 2) }
})

test('a reported pnl is taken as is, net of fees', () => {
  const ledger = new TradeLedger()
  ledger.apply(ev('opened', 'X', 'long', 1, 10, 0, { fees: 1 }))
  const r = ledger.apply(ev('closed', 'X', 'long', 1, 20, 1, { pnl: 7.5, fees: 1 }))
  if (r.status !== 'closed') assert.fail(r.status)
  assert.equal(r.trade.pnl, 7.5)
  assert.equal(r.trade.pnl_source, 'reported')
  close(r.trade.fees, 2)
})

test('negative fees (maker rebates) raise the P&L', () => {
  const ledger = new TradeLedger()
  ledger.apply(ev('opened', 'X', 'long', 1, 10, 0, { fees: -0.1 }))
  const r = ledger.apply(ev('closed', 'X', 'long', 1, 10, 1, { fees: -0.1 }))
  if (r.status !== 'closed') assert.fail(r.status)
  close(r.trade.pnl, 0.2)
  assert.equal(r.trade.outcome, 'win')
})

test('break-even within the tolerance is its own outcome', () => {
  const ledger = new TradeLedger({ breakEvenTolerance: 0.01 })
  ledger.apply(ev('opened', 'X', 'long', 1, 10, 0))
  const r = ledger.apply(ev('closed', 'X', 'long', 1, 10.005, 1))
  if (r.status !== 'closed') assert.fail(r.status)
  assert.equal(r.trade.outcome, 'break_even')
})

test('bad fields are rejected with InvalidTradeEventError naming the field', () => {
  const ledger = new TradeLedger()
  const cases: Array<[Partial<ReturnType<typeof ev>>, string]> = [
    [{ side: 'up' }, 'side'],
    [{ quantity: 0 }, 'quantity'],
    [{ quantity: -1 }, 'quantity'],
    [{ quantity: NaN }, 'quantity'],
    [{ price: 0 }, 'price'],
    [{ price: Infinity }, 'price'],
    [{ symbol: '' }, 'symbol'],
    [{ symbol: 'A\nB' }, 'symbol'],
    [{ symbol: 'X'.repeat(65) }, 'symbol'],
    [{ pnl: NaN }, 'pnl'],
    [{ fees: Infinity }, 'fees'],
    [{ trade_id: '' }, 'trade_id'],
    [{ timestamp: -1 }, 'timestamp'],
    [{ timestamp: NaN }, 'timestamp']
  ]
  for (const [patch, reason] of cases) {
    const r = ledger.apply({ ...ev('opened', 'X', 'long', 1, 10, 0), ...patch })
    assert.equal(r.status, 'rejected', JSON.stringify(patch))
    if (r.status !== 'rejected') continue
    assert.ok(r.error instanceof InvalidTradeEventError)
    assert.equal(r.error.reason, reason)
    assert.equal(r.error.statusCode, 400)
  }
  assert.equal(ledger.openPositionCount, 0)
  assert.equal(ledger.firstEventMs, null)
})

test('events the state does not allow are rejected with TradeRejectedError and change nothing', () => {
  const ledger = new TradeLedger({ maxOpenPositions: 2 })
  ledger.apply(ev('opened', 'X', 'long', 1, 10, 100, { trade_id: 'a' }))
  ledger.apply(ev('opened', 'Y', 'long', 1, 10, 100))
  const cases: Array<[ReturnType<typeof ev>, string]> = [
    [ev('closed', 'Z', 'long', 1, 10, 200), 'no_open_position'],
    [ev('reduced', 'X', 'long', 1, 10, 200), 'no_open_position'],
    [ev('closed', 'Y', 'short', 1, 10, 200), 'no_open_position'],
    [ev('closed', 'Q', 'long', 1, 10, 200, { trade_id: 'a' }), 'symbol_mismatch'],
    [ev('closed', 'X', 'sell', 1, 10, 200, { trade_id: 'a' }), 'side_mismatch'],
    [ev('reduced', 'Y', 'long', 1.5, 10, 200), 'quantity_exceeds_position'],
    [ev('closed', 'Y', 'long', 1, 10, 99), 'exit_before_entry'],
    [ev('opened', 'W', 'long', 1, 10, 200), 'too_many_open_positions']
  ]
  for (const [e, reason] of cases) {
    const r = ledger.apply(e)
    assert.equal(r.status, 'rejected', reason)
    if (r.status !== 'rejected') continue
    assert.ok(r.error instanceof TradeRejectedError)
    assert.equal(r.error.reason, reason)
    assert.equal(r.error.statusCode, 409)
  }
  assert.equal(ledger.openPositionCount, 2)
  assert.equal(ledger.trades.length, 0)
  // A scale-in of an open position is not a new position: the cap does not apply.
  assert.equal(ledger.apply(ev('opened', 'Y', 'long', 1, 10, 200)).status, 'increased')
  // Replay ignores the cap, so a journal written under a larger one rebuilds.
  assert.equal(ledger.apply(ev('opened', 'W', 'long', 1, 10, 200), true).status, 'opened')
})

test('other event names are ignored', () => {
  const ledger = new TradeLedger()
  assert.equal(ledger.apply(ev('filled', 'X', 'long', 1, 10, 0)).status, 'ignored')
  assert.equal(ledger.firstEventMs, null)
})

test('beforeApply sees each accepted event before the ledger changes; if it throws, nothing changes', () => {
  const ledger = new TradeLedger()
  const seen: string[] = []
  ledger.beforeApply = (e) => {
    seen.push(e.event)
    assert.equal(ledger.openPositionCount, e.event === 'opened' ? 0 : 1)
  }
  ledger.apply(ev('opened', 'X', 'long', 1, 10, 0))
  ledger.apply(ev('closed', 'Y', 'long', 1, 10, 0)) // rejected: not seen
  ledger.apply(ev('filled', 'X', 'long', 1, 10, 0)) // ignored: not seen
  ledger.beforeApply = () => { throw new Error('disk full') }
  assert.throws(() => ledger.apply(ev('closed', 'X', 'long', 1, 12, 5)), /disk full/)
  assert.deepEqual(seen, ['opened'])
  assert.equal(ledger.openPositionCount, 1)
  assert.equal(ledger.trades.length, 0)
})

test('records stay in closed_at order when events arrive late', () => {
  const ledger = new TradeLedger()
  ledger.apply(ev('opened', 'A', 'long', 1, 10, 0))
  ledger.apply(ev('opened', 'B', 'long', 1, 10, 0))
  ledger.apply(ev('closed', 'A', 'long', 1, 11, 5000))
  ledger.apply(ev('closed', 'B', 'long', 1, 11, 3000))
  assert.deepEqual(ledger.trades.map((t) => t.symbol), ['B', 'A'])
  assert.deepEqual(ledger.trades.map((t) => t.id), [2, 1])
})

test('clear forgets positions and records', () => {
  const ledger = ledgerOf(FIXTURE)
  assert.deepEqual(ledger.clear(), { positions: 1, trades: 7 })
  assert.equal(ledger.trades.length, 0)
  assert.equal(ledger.openPositionCount, 0)
  assert.equal(ledger.firstEventMs, null)
})

test('returned positions are copies and trade records are frozen', () => {
  const ledger = new TradeLedger()
  const r = ledger.apply(ev('opened', 'X', 'long', 1, 10, 0))
  if (r.status !== 'opened') assert.fail(r.status)
  r.position.quantity = 99
  assert.equal(ledger.openPositions()[0].quantity, 1)
  const c = ledger.apply(ev('closed', 'X', 'long', 1, 12, 1))
  if (c.status !== 'closed') assert.fail(c.status)
  assert.throws(() => { (c.trade as { pnl: number }).pnl = 1e9 }, TypeError)
  assert.equal(ledger.trades[0].pnl, 2)
})
