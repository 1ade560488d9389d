import { test } from 'node:test'
import assert from 'node:assert/strict'
import { getJson, startService, tempDir } from './helpers/processes.ts'

const T = Date.UTC(2026, 0, 5, 12)
const ITEMS = [
  // Exits of positions this service never saw open: kept with their P&L.
  { type: 'trade', event: 'closed', symbol: 'BTCUSDT', side: 'long', quantity: 0.5, price: 61_900, pnl: 120.5, fees: 3.1, trade_id: 'before-restart-1', timestamp: T },
  { type: 'trade', event: 'reduced', symbol: 'ETHUSDT', side: 'sell', quantity: 2, price: 3000, pnl: -40, timestamp: T + 1000 },
  // One it saw open, and an exit without P&L it cannot record.
  { type: 'trade', event: 'opened', symbol: 'SOLUSDT', side: 'buy', quantity: 10, price: 150, fees: 0.6, timestamp: T + 2000 },
  { type: 'trade', event: 'closed', symbol: 'SOLUSDT', side: 'buy', quantity: 10, price: 151, fees: 0.6, timestamp: T + 3000 },
  { type: 'trade', event: 'closed', symbol: 'XRPUSDT', side: 'long', quantity: 1, price: 0.5, timestamp: T + 4000 }
]
const QUERIES = [`/api/metrics/trading?since=0&until=${T + 10_000}`, `/api/metrics/trades?since=0&until=${T + 10_000}&limit=100`]

test('orphan exits are recorded, journaled and rebuilt after a SIGKILL', { timeout: 120_000 }, async () => {
  const data = tempDir('orphans')
  try {
    const args = ['--data-dir', data.path]
    const first = await startService('serve', args)
    let before: unknown[]
    try {
      const res = await fetch(`${first.url}/api/metrics/events`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ITEMS), signal: AbortSignal.timeout(10_000)
      })
      const answer = await res.json() as { accepted: number, rejected: Array<{ index: number, error: string, message: string }> }
      assert.equal(answer.accepted, 4)
      assert.deepEqual(answer.rejected.map((r) => [r.index, r.error]), [[4, 'BM_ERR_TRADE_REJECTED']])
      assert.match(answer.rejected[0].message, /no open position for XRPUSDT long .*no pnl/)
      before = await Promise.all(QUERIES.map(async (q) => await getJson(first.url + q)))
      const stats = before[0] as { closed_trades: number, orphan_trades: number, total_pnl: number, holding_seconds: { mean: number } }
      assert.equal(stats.closed_trades, 3)
      assert.equal(stats.orphan_trades, 2)
      // 120.5 - 40 + (151 - 150) x 10 - 1.2 fees
      assert.ok(Math.abs(stats.total_pnl - 89.3) < 1e-9, String(stats.total_pnl))
      assert.equal(stats.holding_seconds.mean, 1)
      const trades = (before[1] as { trades: Array<Record<string, unknown>> }).trades
      const orphans = trades.filter((t) => t.orphan === true)
      assert.deepEqual(orphans.map((t) => [t.symbol, t.side, t.pnl, t.pnl_source, t.opened_at, t.holding_seconds, t.entry_price, t.final]), [
        ['ETHUSDT', 'short', -40, 'reported', null, null, null, false],
        ['BTCUSDT', 'long', 120.5, 'reported', null, null, null, true]
      ])
    } finally {
      first.child.kill('SIGKILL')
      await first.stop()
    }
    const second = await startService('serve', args)
    try {
      const after = await Promise.all(QUERIES.map(async (q) => await getJson(second.url + q)))
      assert.deepEqual(after, before)
    } finally {
      await second.stop()
    }
  } finally {
    data.remove()
  }
})
