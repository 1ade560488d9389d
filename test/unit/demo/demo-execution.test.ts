import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DemoBot } from '../../../src/demo/demo-bot.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'

const T0 = Date.UTC(2026, 0, 5, 12)

function run (seconds: number): { logger: MetricsLogger, bot: DemoBot } {
  const holder: { bot?: DemoBot } = {}
  const logger = new MetricsLogger({
    sampler: false,
    strict: true,
    clock: { now: () => (holder.bot === undefined || Number.isNaN(holder.bot.timeMs) ? T0 : holder.bot.timeMs) }
  })
  const bot = new DemoBot(logger, { seed: 11 })
  holder.bot = bot
  for (let at = T0; at <= T0 + seconds * 1000; at += 1000) bot.step(at)
  return { logger, bot }
}

test('within a minute the demo\'s fills give execution figures', () => {
  const { logger } = run(60)
  const { total, groups } = logger.getExecutionReport()
  assert.ok(total.fills > 0, 'no fill in the first minute')
  assert.equal(total.fills_with_decision, total.fills)
  assert.notEqual(total.fill_latency_seconds, null)
  assert.ok(groups.every((g) => g.exchange === 'paper'))
  logger.close()
})

test('the demo\'s closed records carry excursions and R-multiples; limits are maker fills', () => {
  const { logger, bot } = run(2 * 3600)
  assert.ok(bot.status.tradesClosed > 2)
  const trades = logger.trades.trades
  for (const t of trades) {
    assert.ok(t.mae !== null && t.mae >= 0 && t.mfe !== null && t.mfe >= 0)
    assert.notEqual(t.r_multiple, null, 'every demo position has a stop')
  }
  // The demo's slippage is adverse by construction (up to rounding to the price step).
  const s = logger.getExecutionReport().total.slippage_bps
  assert.ok(s !== null && s.mean > 0)
  const x = logger.getTradingStatistics().excursions
  assert.equal(x.r_trades, trades.length)
  assert.equal(x.r_distribution.reduce((n, b) => n + b.count, 0), trades.length)
  const limit = logger.getExecutionReport({ order_type: 'limit' }).total
  if (limit.fills > 0) assert.equal(limit.maker_ratio, 1)
  logger.close()
})
