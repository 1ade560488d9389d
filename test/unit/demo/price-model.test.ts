import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_PRICE_MODEL, PriceModel, probabilityWithin, Regime } from '../../../src/demo/price-model.ts'
import { Random } from '../../../src/demo/prng.ts'
import { DEMO_SYMBOLS } from '../../../src/demo/symbols.ts'
import type { SymbolSpec } from '../../../src/demo/symbols.ts'

const unit: SymbolSpec = { symbol: 'TESTUSDT', price: 100, volScale: 1, notionalPerSecond: 10_000 }

test('the demo market has 20 distinct USDT symbols with sane specs', () => {
  assert.equal(DEMO_SYMBOLS.length, 20)
  assert.equal(new Set(DEMO_SYMBOLS.map((s) => s.symbol)).size, 20)
  assert.equal(DEMO_SYMBOLS[0].symbol, 'BTCUSDT')
  assert.equal(DEMO_SYMBOLS[1].symbol, 'ETHUSDT')
  for (const s of DEMO_SYMBOLS) {
    assert.match(s.symbol, /^[A-Z]+USDT$/)
    assert.ok(s.price > 0 && s.volScale > 0 && s.notionalPerSecond > 0)
  }
})

test('the same seed replays the same prices and volumes', () => {
  const run = (seed: number): number[] => {
    const model = new PriceModel(DEMO_SYMBOLS, new Random(seed))
    for (let i = 0; i < 500; i++) model.tick(0.25)
    return model.symbols.flatMap((m) => [m.price, m.volumes[m.length - 1]])
  }
  assert.deepEqual(run(3), run(3))
  assert.notDeepEqual(run(3), run(4))
})

test('calm log returns have the configured volatility per sqrt(second)', () => {
  const model = new PriceModel([unit], new Random(11))
  const m = model.symbols[0]
  const returns: number[] = []
  for (let i = 0; i < 40_000; i++) {
    const before = m.price
    model.tick(0.25)
    if (m.regime === Regime.calm) returns.push(Math.log(m.price / before))
  }
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length
  const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / returns.length)
  // Expected 0.0007 * sqrt(0.25) = 0.00035; some 33,000 samples give a standard error near 0.4 %.
  assert.ok(returns.length > 25_000)
  assert.ok(Math.abs(sd / 0.00035 - 1) < 0.03, `stddev ${sd}`)
})

test('regimes switch as a Markov chain with the configured stationary share', () => {
  const model = new PriceModel(Array.from({ length: 20 }, () => unit), new Random(5))
  let volatile = 0
  let samples = 0
  let switches = 0
  const last = model.symbols.map((m) => m.regime)
  for (let i = 0; i < 20_000; i++) {
    model.tick(0.25)
    model.symbols.forEach((m, k) => {
      if (m.regime === Regime.volatile) volatile++
      if (m.regime !== last[k]) switches++
      last[k] = m.regime
      samples++
    })
  }
  // Per 0.25 s tick: p01 = 1 - 0.99^0.25 = 0.0025094, p10 = 1 - 0.95^0.25 = 0.0127415;
  // stationary volatile share p01 / (p01 + p10) = 0.16454 (computed with Python).
  const share = volatile / samples
  assert.ok(Math.abs(share - 0.16454) < 0.02, `volatile share ${share}`)
  assert.ok(switches > 1000, `switches ${switches}`)
  assert.ok(Math.abs(probabilityWithin(0.05, 0.25) - 0.0127415) < 1e-6)
})

test('volume rises in the volatile regime; history keeps the newest ticks in order', () => {
  const model = new PriceModel([unit], new Random(2), { historyTicks: 50 })
  const m = model.symbols[0]
  const byRegime = { calm: [0, 0], volatile: [0, 0] }
  for (let i = 0; i < 20_000; i++) {
    model.tick(0.25)
    const acc = byRegime[m.regime]
    acc[0] += m.volumes[m.length - 1] * m.price
    acc[1]++
  }
  const calm = byRegime.calm[0] / byRegime.calm[1]
  const wild = byRegime.volatile[0] / byRegime.volatile[1]
  assert.ok(wild > 2 * calm, `volatile ${wild} vs calm ${calm}`)
  assert.equal(m.length, 50)
  assert.equal(m.priceWindow().length, 50)
  assert.equal(m.prices[49], m.price)
  model.tick(0.25)
  assert.equal(m.prices[49], m.price)
  assert.equal(DEFAULT_PRICE_MODEL.historyTicks, 240)
})

test('forceTrend and forceCalm set the regime; a held regime survives a step', () => {
  const model = new PriceModel([unit], new Random(1))
  const m = model.symbols[0]
  model.forceTrend(m, -1, 0.01)
  assert.equal(m.regime, Regime.volatile)
  assert.equal(m.drift, -0.01)
  for (let i = 0; i < 200; i++) model.advance(m, 1, false)
  assert.equal(m.regime, Regime.volatile)
  assert.ok(m.price < 100 * Math.exp(-1.5), 'a -1 %/s drift for 200 s')
  model.forceCalm(m)
  assert.equal(m.regime, Regime.calm)
  assert.equal(m.drift, 0)
  assert.throws(() => model.price('NOPE'), RangeError)
})
