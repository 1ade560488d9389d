import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DemoBot } from '../../../src/demo/demo-bot.ts'
import { feedMessages } from '../../../src/demo/market-feed.ts'
import { SymbolMarket } from '../../../src/demo/price-model.ts'
import { DEMO_SYMBOLS } from '../../../src/demo/symbols.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'

const T0 = Date.UTC(2026, 0, 5, 12)

test('feedMessages: a book update per tick plus a trade message per tenth of a second of calm notional', () => {
  const spec = DEMO_SYMBOLS[0]
  const m = new SymbolMarket(spec, 10)
  // Each tick trades 0.25 s of calm notional: 2.5 trade messages a tick.
  for (let i = 0; i < 6; i++) m.push(100, spec.notionalPerSecond * 0.25 / 100)
  assert.equal(feedMessages(m, 4), 4 + 10)
  assert.equal(feedMessages(m, 99), 6 + 15, 'no more ticks than the history holds')
})

test('the demo reports market data per symbol, its volatile regimes visible against the calm ones', () => {
  const holder: { bot?: DemoBot } = {}
  const logger = new MetricsLogger({
    sampler: false,
    health: false,
    strict: true,
    clock: { now: () => (holder.bot === undefined || Number.isNaN(holder.bot.timeMs) ? T0 : holder.bot.timeMs) }
  })
  const bot = new DemoBot(logger, { seed: 7 })
  holder.bot = bot
  for (let at = T0; at <= T0 + 20 * 60_000; at += 250) bot.step(at)
  const symbols = logger.store.family('market_volatility')!.series.map((s) => s.labels.symbol)
  assert.equal(symbols.length, DEMO_SYMBOLS.length)
  // Scans every 3 s: 400 over 20 minutes, the first only starting each symbol's message count.
  const messages = logger.query('market_data_messages', { labels: { symbol: symbols[0] } })
  assert.equal(messages.values.length, logger.query('market_volatility', { labels: { symbol: symbols[0] } }).values.length - 1)
  // At 4 ticks a second, at least 4 messages a second; a volatile market trades more.
  for (const v of messages.values) assert.ok(v >= 4, String(v))
  // Over 20 minutes each symbol has been calm and volatile: its volatility spans about 3x.
  let wide = 0
  for (const symbol of symbols) {
    const v = [...logger.query('market_volatility', { labels: { symbol } }).values].sort((a, b) => a - b)
    if (v[Math.floor(v.length * 0.95)] > 2 * v[Math.floor(v.length * 0.05)]) wide++
  }
  assert.ok(wide >= DEMO_SYMBOLS.length / 2, `${wide} symbols show both regimes`)
  // Heavier feed in volatile minutes: the rate correlates with the volatility.
  const all = logger.query('market_data_messages')
  const vol = logger.query('market_volatility')
  const byTime = new Map<number, number[]>()
  for (let i = 0; i < vol.values.length; i++) byTime.set(vol.timesMs[i], [...(byTime.get(vol.timesMs[i]) ?? []), vol.values[i]])
  const volMean = (t: number): number => { const a = byTime.get(t)!; return a.reduce((x, y) => x + y) / a.length }
  const high: number[] = []
  const low: number[] = []
  const median = [...vol.values].sort((a, b) => a - b)[vol.values.length >> 1]
  for (let i = 0; i < all.values.length; i++) (volMean(all.timesMs[i]) > median ? high : low).push(all.values[i])
  const mean = (a: number[]): number => a.reduce((x, y) => x + y) / a.length
  assert.ok(mean(high) > mean(low), `${mean(high)} vs ${mean(low)}`)
  logger.close()
})
