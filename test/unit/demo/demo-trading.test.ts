import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DemoBot } from '../../../src/demo/demo-bot.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'

const T0 = Date.UTC(2026, 0, 5, 12)

test('the demo bot\'s trades flow into the trade ledger and agree with its paper book', () => {
  const holder: { bot?: DemoBot } = {}
  const logger = new MetricsLogger({
    sampler: false,
    strict: true, // a trade event the ledger rejected would throw here
    clock: { now: () => (holder.bot === undefined || Number.isNaN(holder.bot.timeMs) ? T0 : holder.bot.timeMs) },
    trading: { startingBalance: 10_000 }
  })
  const bot = new DemoBot(logger, { seed: 11 })
  holder.bot = bot
  for (let at = T0; at <= T0 + 6 * 3_600_000; at += 1000) bot.step(at)
  const status = bot.status
  const s = logger.getTradingStatistics()
  assert.ok(status.tradesClosed > 5, `only ${status.tradesClosed} positions closed`)
  assert.equal(s.closed_positions, status.tradesClosed)
  assert.equal(s.open_positions, status.openPositions.length)
  assert.ok(s.closed_trades >= s.closed_positions)
  // The bot reports P&L net of both fees, as the ledger takes a reported pnl.
  assert.ok(Math.abs(s.total_pnl - status.realizedPnl) < 1e-6, `${s.total_pnl} vs ${status.realizedPnl}`)
  assert.equal(s.wins + s.losses + s.break_even, s.closed_trades)
  assert.notEqual(s.max_drawdown_pct, null)
  logger.close()
})
