import { test } from 'node:test'
import { spawnSync } from 'node:child_process'
import type { SpawnSyncReturns } from 'node:child_process'
import assert from 'node:assert/strict'
import { KNOWN_METRIC_NAMES } from '../../../src/core/metric-catalog.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'
import { DemoBot } from '../../../src/demo/demo-bot.ts'
import type { DemoBotOptions } from '../../../src/demo/demo-options.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import type { TradeEvent } from '../../../src/trading/trade-event.ts'
import { DEFAULT_TRADE_METADATA_KEYS } from '../../../src/trading/trade-metadata.ts'

const T0 = Date.UTC(2026, 0, 5, 12)

/** A bot whose logger stamps points with the bot's simulated time; strict, so a bad point throws. */
function harness (options: DemoBotOptions = {}): { bot: DemoBot, logger: MetricsLogger, trades: TradeEvent[], run: (toMs: number, everyMs?: number) => void } {
  const holder: { bot?: DemoBot } = {}
  const logger = new MetricsLogger({
    sampler: false,
    strict: true,
    // The entry level is checked below: keep it besides the default keys. With the demo's starting
    // balance, as the service runs the demo, so equity and exposure are recorded.
    trading: { metadataKeys: [...DEFAULT_TRADE_METADATA_KEYS, 'level'], startingBalance: 10_000 },
    clock: { now: () => (holder.bot === undefined || Number.isNaN(holder.bot.timeMs) ? T0 : holder.bot.timeMs) }
  })
  const bot = new DemoBot(logger, options)
  holder.bot = bot
  const trades: TradeEvent[] = []
  logger.onTrade((e) => trades.push(e))
  let at = T0
  const run = (toMs: number, everyMs = 250): void => {
    for (; at <= toMs; at += everyMs) bot.step(at)
  }
  return { bot, logger, trades, run }
}

const count = (logger: MetricsLogger, name: string): number => logger.query(name).values.length

test('within 15 s of the first step every catalog metric has points', () => {
  const { logger, run } = harness()
  run(T0 + 15_000)
  // The rolling Sharpe ratio needs two days of returns: not within 15 s.
  const names = [
    ...KNOWN_METRIC_NAMES.filter((n) => n !== 'rolling_sharpe_30d'),
    'scanner_filter_volume_surge', 'scanner_filter_range_break', 'scanner_filter_volatility_ok', 'scanner_filter_trend_aligned',
    'trade_opened', 'trade_closed'
  ]
  for (const name of ['engine_cycle_time', 'engine_positions', 'engine_signals', 'engine_orders', 'scanner_symbols_scanned',
    'scanner_candidates_found', 'scanner_scan_time', 'risk_current', 'risk_max', 'risk_position', 'risk_daily_pnl',
    'latency_order_execution', 'latency_market_data']) {
    assert.ok(names.includes(name), name)
  }
  for (const name of names) assert.ok(count(logger, name) > 0, `${name} has no points`)
  // Cycles at 0, 1, ..., 15 s; scans at 0, 3, ..., 15 s; ticks every 250 ms after the first scan.
  assert.equal(count(logger, 'engine_cycle_time'), 16)
  assert.equal(count(logger, 'risk_current'), 16)
  assert.equal(count(logger, 'scanner_scan_time'), 6)
  assert.equal(count(logger, 'scanner_filter_range_break'), 6)
  assert.equal(count(logger, 'latency_market_data'), 60)
  assert.deepEqual([...logger.query('scanner_symbols_scanned').values], [20, 20, 20, 20, 20, 20])
  assert.deepEqual([...logger.query('scanner_scan_time').timesMs], [0, 3000, 6000, 9000, 12_000, 15_000].map((t) => T0 + t))
})

test('a fresh bot opens and closes a trade within 10 s, whatever the seed and tick period', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const tickIntervalMs = [50, 100, 250, 500, 1000][seed % 5]
    const { logger, trades, run } = harness({ seed, tickIntervalMs, symbols: seed % 4 === 0 ? 1 : 20 })
    run(T0 + 10_000, tickIntervalMs)
    const where = `seed ${seed}, tick ${tickIntervalMs} ms`
    assert.ok(trades.some((t) => t.event === 'opened'), `no trade opened: ${where}`)
    assert.ok(trades.some((t) => t.event === 'closed'), `no trade closed: ${where}`)
    assert.ok(count(logger, 'latency_order_execution') >= 2, where)
    assert.ok(count(logger, 'latency_market_data') > 0, where)
  }
})

test('the same seed gives the same trades; another seed different ones', () => {
  const trades = (seed: number): TradeEvent[] => {
    const h = harness({ seed })
    h.run(T0 + 300_000)
    return h.trades
  }
  const a = trades(7)
  assert.ok(a.length > 20, `only ${a.length} trade events in 5 minutes`)
  assert.deepEqual(trades(7), a)
  assert.notDeepEqual(trades(8), a)
})

test('trades do not depend on how often step is called', () => {
  const fine = harness({ seed: 3 })
  fine.run(T0 + 120_000, 250)
  const coarse = harness({ seed: 3 })
  coarse.run(T0 + 120_000, 7_000)
  coarse.bot.step(T0 + 120_000)
  assert.ok(fine.trades.length > 5)
  assert.deepEqual(coarse.trades, fine.trades)
  assert.equal(count(coarse.logger, 'engine_cycle_time'), count(fine.logger, 'engine_cycle_time'))
})

test('trade events carry consistent sides, quantities, fees and net P&L', () => {
  const feeRate = 0.0004
  const { bot, logger, trades, run } = harness({ seed: 11 })
  run(T0 + 600_000)
  const opened = new Map<string, TradeEvent>()
  const left = new Map<string, number>()
  let realized = 0
  const kinds = new Set<string>()
  for (const t of trades) {
    kinds.add(t.event)
    assert.ok(t.trade_id !== null)
    // Unique across restarts: the first step's time in base 36, then a counter.
    assert.match(t.trade_id, new RegExp(`^demo-${T0.toString(36)}-\\d+$`))
    assert.ok(t.side === 'long' || t.side === 'short')
    assert.ok(t.quantity > 0 && t.price > 0)
    if (t.event === 'opened') {
      opened.set(t.trade_id, t)
      left.set(t.trade_id, t.quantity)
      assert.equal(t.pnl, null)
      assert.ok(Math.abs(t.fees! - t.quantity * t.price * feeRate) < 1e-9)
      // Long on an upside break, short on a downside one.
      const level = (t.metadata as { level: number }).level
      assert.ok(t.side === 'long' ? t.price > level : t.price < level, `${t.trade_id} entered on the wrong side of ${level}`)
      // The strategy is the event's own field, not repeated in the metadata.
      assert.equal(t.strategy, t.side === 'long' ? 'breakout_up' : 'breakout_down')
      assert.equal((t.metadata as Record<string, unknown>).strategy, undefined)
      continue
    }
    const o = opened.get(t.trade_id)
    assert.ok(o !== undefined, `${t.event} before opened`)
    assert.equal(t.side, o.side)
    assert.equal(t.symbol, o.symbol)
    assert.equal((t.metadata as Record<string, unknown> | null)?.strategy, undefined)
    // Independent formula: direction * move * q - entry fee share - exit fee.
    const dir = o.side === 'long' ? 1 : -1
    const expected = dir * (t.price - o.price) * t.quantity - t.quantity * o.price * feeRate - t.quantity * t.price * feeRate
    assert.ok(Math.abs(t.pnl! - expected) < 1e-6, `${t.trade_id}: ${t.pnl} != ${expected}`)
    assert.ok(Math.abs(t.fees! - t.quantity * t.price * feeRate) < 1e-9)
    realized += t.pnl!
    const remaining = left.get(t.trade_id)! - t.quantity
    left.set(t.trade_id, remaining)
    if (t.event === 'closed') assert.ok(Math.abs(remaining) < 1e-9, `${t.trade_id} closed with ${remaining} left`)
    else assert.ok(remaining > 1e-9, 'a reduction leaves some open')
  }
  assert.deepEqual([...kinds].sort(), ['closed', 'opened', 'reduced'])
  const status = bot.status
  assert.ok(Math.abs(status.realizedPnl - realized) < 1e-6)
  assert.ok(Math.abs(status.dailyPnl - realized) < 1e-6, 'one UTC day')
  assert.equal(logger.query('risk_daily_pnl').values.at(-1), status.dailyPnl)
  assert.equal(status.tradesOpened, opened.size)
  assert.equal(status.openPositions.length, [...left.values()].filter((q) => q > 1e-9).length)
})

test('engine, risk and latency figures stay in realistic ranges', () => {
  const { bot, logger, run } = harness({ seed: 5 })
  run(T0 + 900_000)
  const states = new Set(logger.getAllMetrics(1).engine_cycle_time.map((s) => s.labels.state))
  assert.deepEqual([...states].sort(), ['entering', 'exiting', 'managing', 'scanning', 'signal_wait'])
  const within = (name: string, min: number, max: number): void => {
    const v = logger.query(name).values
    assert.ok(v.length > 0, name)
    for (const x of v) assert.ok(x >= min && x <= max, `${name} = ${x} outside ${min}..${max}`)
  }
  within('engine_cycle_time', 0.0002, 0.2)
  within('scanner_scan_time', 0.001, 0.2)
  within('latency_order_execution', 0.001, 0.15)
  within('latency_market_data', 0.00001, 0.008)
  within('engine_positions', 0, bot.options.strategy.maxOpenPositions)
  within('risk_current', 0, 1.1)
  within('risk_position', 0, 0.3)
  within('risk_max', 1, 1)
  within('scanner_candidates_found', 0, 20)
  for (const f of ['volume_surge', 'range_break', 'volatility_ok', 'trend_aligned']) within('scanner_filter_' + f, 0, 20)
  const positions = logger.query('engine_positions').values
  assert.ok(positions.some((p) => p >= 2), 'several positions at once')
})

test('pauseEntries stops new positions but keeps managing open ones; resumeEntries trades again', () => {
  const { bot, trades, logger, run } = harness({ seed: 2 })
  run(T0 + 20_000)
  const before = trades.filter((t) => t.event === 'opened').length
  assert.ok(before > 0)
  bot.pauseEntries('daily loss limit hit')
  assert.equal(bot.status.entriesPaused, true)
  assert.equal(bot.status.pauseReason, 'daily loss limit hit')
  const pausedAt = T0 + 20_000
  run(T0 + 200_000)
  const during = trades.filter((t) => t.timestamp > pausedAt)
  assert.equal(during.filter((t) => t.event === 'opened').length, 0)
  assert.ok(during.some((t) => t.event === 'closed'), 'open positions still close')
  assert.equal(bot.status.openPositions.length, 0, 'every position reached its exit')
  assert.ok(logger.query('scanner_candidates_found', { sinceMs: pausedAt }).values.some((v) => v > 0), 'the scanner still finds candidates')
  bot.resumeEntries()
  assert.equal(bot.status.entriesPaused, false)
  assert.equal(bot.status.pauseReason, null)
  run(T0 + 400_000)
  assert.ok(trades.some((t) => t.event === 'opened' && t.timestamp > T0 + 200_000), 'entries resume')
})

test('step runs due work in order, ignores time going back, and skips ahead after a long gap', () => {
  const { bot, logger } = harness()
  assert.deepEqual(bot.step(T0), { ticks: 0, scans: 1, cycles: 1 })
  assert.deepEqual(bot.step(T0), { ticks: 0, scans: 0, cycles: 0 })
  assert.deepEqual(bot.step(T0 + 3000), { ticks: 12, scans: 1, cycles: 3 })
  assert.deepEqual(bot.step(T0 + 1000), { ticks: 0, scans: 0, cycles: 0 })
  assert.equal(bot.timeMs, T0 + 3000)
  // A suspended process: one hour later, only the last due run of each task.
  assert.deepEqual(bot.step(T0 + 3_603_000), { ticks: 1, scans: 1, cycles: 1 })
  assert.equal(logger.query('engine_cycle_time').timesMs.at(-1), T0 + 3_603_000)
  assert.throws(() => bot.step(Number.NaN), InvalidArgumentError)
  assert.throws(() => bot.step('1' as unknown as number), InvalidArgumentError)
})

test('bad options throw an error that names the option', () => {
  const logger = new MetricsLogger({ sampler: false, clock: 'system' })
  const bad: Array<[DemoBotOptions, RegExp]> = [
    [{ symbols: 0 }, /options\.symbols/],
    [{ symbols: 21 }, /options\.symbols/],
    [{ seed: 1.5 }, /options\.seed/],
    [{ engineIntervalMs: 0 }, /options\.engineIntervalMs/],
    [{ tickIntervalMs: 10 }, /options\.tickIntervalMs/],
    [{ scanIntervalMs: Number.NaN }, /options\.scanIntervalMs/],
    [{ startingBalance: -5 }, /options\.startingBalance/],
    [{ feeRate: 0.5 }, /options\.feeRate/],
    [{ strategy: { maxOpenPositions: 0 } }, /options\.strategy\.maxOpenPositions/],
    [{ strategy: { partialChance: 2 } }, /options\.strategy\.partialChance/],
    [{ strategy: { minHoldMs: 200_000 } }, /options\.strategy\.minHoldMs/]
  ]
  for (const [options, message] of bad) {
    assert.throws(() => new DemoBot(logger, options), (e: unknown) => e instanceof InvalidArgumentError && message.test(e.message))
  }
  const bot = new DemoBot(logger, { symbols: 5, startingBalance: 1000 })
  assert.equal(bot.options.symbols, 5)
  assert.equal(bot.status.equity, 1000)
  assert.equal(bot.status.timeMs, null)
  logger.close()
})

test('start() works at once and stop() clears the timer', () => {
  const logger = new MetricsLogger({ sampler: false, clock: 'system' })
  const bot = new DemoBot(logger, { seed: 4 })
  bot.start()
  bot.start()
  try {
    assert.equal(bot.running, true)
    // The first scan and engine cycle run inside start(), before any timer fires.
    assert.equal(count(logger, 'engine_cycle_time'), 1)
    assert.equal(count(logger, 'scanner_scan_time'), 1)
    assert.ok(count(logger, 'trade_opened') > 0)
  } finally {
    bot.stop()
    logger.close()
  }
  assert.equal(bot.running, false)
  assert.equal(bot.status.running, false)
})

/** Runs the bot with real timers in a child process; `stop` says whether the script stops it. */
function runChild (stop: boolean): SpawnSyncReturns<string> {
  const src = new URL('../../../src/', import.meta.url).href
  const script = `
    import { MetricsLogger } from '${src}logger/metrics-logger.ts'
    import { DemoBot } from '${src}demo/demo-bot.ts'
    const logger = new MetricsLogger({ sampler: false })
    const bot = new DemoBot(logger, { tickIntervalMs: 50 })
    bot.start()
    setTimeout(() => {
      if (${String(stop)}) bot.stop()
      logger.close()
      console.log(JSON.stringify({ running: bot.running, ticks: logger.query('latency_market_data').values.length }))
    }, 300)
  `
  return spawnSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], { encoding: 'utf8', timeout: stop ? 30_000 : 2_000 })
}

test('after stop() no timer holds the process: it exits by itself', () => {
  const stopped = runChild(true)
  assert.equal(stopped.error, undefined)
  assert.equal(stopped.status, 0, String(stopped.stderr))
  const out = JSON.parse(String(stopped.stdout)) as { running: boolean, ticks: number }
  assert.equal(out.running, false)
  assert.ok(out.ticks >= 1, 'the timer ran before stop()')
  // Control: without stop() the bot's timer keeps the process alive until it is killed.
  const running = runChild(false)
  assert.equal(running.signal, 'SIGTERM')
})
