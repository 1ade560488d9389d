import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DashboardData } from '../../../web/src/dashboard-data.ts'
import type { TradeRow } from '../../../web/src/dashboard-data.ts'
import type { StreamPayload } from '../../../web/src/live-stream.ts'

const T = 1_767_225_600_000

function closes (symbol: string, side: string, t: number[], v: number[]): StreamPayload {
  return { t: T + 10_000, series: [{ n: 'trade_closed', l: { symbol, side }, t, v }], system: [], health: { status: 'healthy', issues: [] } }
}

test('ledger rows are told apart by record id: one equal in time, symbol, side and P&L to a held one is added', () => {
  const data = new DashboardData()
  const stop = { timeMs: T, symbol: 'BTCUSDT', side: 'long', event: 'closed', pnl: -12.5 }
  data.addTrades([{ id: 7, ...stop }, { id: 6, timeMs: T - 1000, symbol: 'ETHUSDT', side: 'short', event: 'closed', pnl: 3 }])
  // A second position of the symbol stopped out in the same millisecond for the same loss.
  data.addTrades([{ id: 8, ...stop }, { id: 7, ...stop }])
  assert.deepEqual(data.trades.map((r) => r.id), [8, 7, 6])
})

test('rows from trade events: equal closes the stream brings after the history read one of them are all kept', () => {
  const data = new DashboardData()
  // The history read (GET /all) saw the first of two equal closes; the stream's update
  // covering that millisecond carries both.
  data.applyUpdate(closes('BTCUSDT', 'long', [T], [-12.5]))
  data.applyUpdate(closes('BTCUSDT', 'long', [T, T], [-12.5, -12.5]))
  assert.equal(data.trades.length, 2)
  // Read again (a reload), the same points add nothing.
  data.applyUpdate(closes('BTCUSDT', 'long', [T, T], [-12.5, -12.5]))
  assert.equal(data.trades.length, 2)
})

test('rows from trade events: a reduce and a close equal in time, symbol, side and P&L are two rows', () => {
  const data = new DashboardData()
  const row: TradeRow = { timeMs: T, symbol: 'SOLUSDT', side: 'long', event: 'reduced', pnl: 0 }
  data.addTrades([row])
  data.addTrades([{ ...row, event: 'closed' }, { ...row }])
  assert.deepEqual(data.trades.map((r) => r.event).sort(), ['closed', 'reduced'])
})
