import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DemoBot } from '../../../src/demo/demo-bot.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { loadConfig, parseFlags } from '../../../src/config.ts'
import { ConfigError } from '../../../src/core/errors.ts'

const T0 = Date.UTC(2026, 0, 5, 12)

function harness (seed: number): { bot: DemoBot, logger: MetricsLogger } {
  const holder: { bot?: DemoBot } = {}
  const logger = new MetricsLogger({
    sampler: false,
    strict: true,
    clock: { now: () => (holder.bot === undefined || Number.isNaN(holder.bot.timeMs) ? T0 : holder.bot.timeMs) },
    trading: { startingBalance: 10_000 }
  })
  holder.bot = new DemoBot(logger, { seed, scenario: 'drawdown' })
  return { bot: holder.bot, logger }
}

test('scenario drawdown: every exit loses, and the ledger\'s drawdown passes 20 % within a minute', () => {
  for (const seed of [1, 2, 3, 42]) {
    const { bot, logger } = harness(seed)
    let critical = -1
    for (let t = 0; t <= 60_000 && critical < 0; t += 250) {
      bot.step(T0 + t)
      if (t % 5000 === 0 && logger.health!.evaluate().issues.some((i) => i.check === 'drawdown' && i.severity === 'critical')) critical = t
    }
    assert.ok(critical >= 0, `seed ${seed}: no critical drawdown within 60 s`)
    const exits = logger.trades.trades
    assert.ok(exits.length >= 2)
    for (const t of exits) assert.ok(t.pnl < 0, `seed ${seed}: a winning exit ${t.pnl}`)
    logger.close()
  }
})

test('scenario drawdown: paused entries stop new positions; open ones are still closed', () => {
  const { bot, logger } = harness(42)
  bot.step(T0)
  bot.pauseEntries('drawdown')
  const opened = bot.status.tradesOpened
  for (let t = 250; t <= 60_000; t += 250) bot.step(T0 + t)
  assert.equal(bot.status.tradesOpened, opened)
  assert.equal(bot.status.openPositions.length, 0)
  logger.close()
})

test('the scenario is checked: option, flag and environment', () => {
  assert.throws(() => new DemoBot(new MetricsLogger({ sampler: false, health: false }), { scenario: 'crash' as 'drawdown' }), InvalidArgumentError)
  assert.equal(loadConfig(parseFlags(['--scenario', 'drawdown']).values, {}).demoScenario, 'drawdown')
  assert.equal(loadConfig({}, { DEMO_SCENARIO: 'drawdown' }).demoScenario, 'drawdown')
  assert.equal(loadConfig({}, {}).demoScenario, 'normal')
  assert.throws(() => loadConfig(parseFlags(['--scenario', 'crash']).values, {}), ConfigError)
})
