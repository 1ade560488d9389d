import { test } from 'node:test'
import assert from 'node:assert/strict'
import { filterParamsFor, historyTicksFor } from '../../../src/demo/demo-options.ts'
import { evaluateSymbol } from '../../../src/demo/filters.ts'
import { warmUpMarket } from '../../../src/demo/market-warm-up.ts'
import { PriceModel, Regime } from '../../../src/demo/price-model.ts'
import { Random } from '../../../src/demo/prng.ts'
import { DEMO_SYMBOLS } from '../../../src/demo/symbols.ts'

test('after the warm-up the primed symbols break out: candidates at the first scan', () => {
  let primedTotal = 0
  let passedTotal = 0
  for (const tickMs of [50, 250, 1000]) {
    const params = filterParamsFor(tickMs)
    const ticks = historyTicksFor(params)
    for (let seed = 0; seed < 30; seed++) {
      const model = new PriceModel(DEMO_SYMBOLS, new Random(seed), { historyTicks: ticks })
      const primed = warmUpMarket(model, new Random(seed + 1000), ticks, tickMs / 1000, params.recentTicks)
      assert.equal(primed.size, 2)
      for (const m of model.symbols) assert.equal(m.length, ticks)
      let passed = 0
      for (const [symbol, direction] of primed) {
        const m = model.market(symbol)
        assert.equal(m.regime, Regime.volatile)
        assert.equal(Math.sign(m.drift), direction)
        const s = evaluateSymbol(symbol, m.priceWindow(), m.volumeWindow(), params)
        if (Object.values(s.passed).every(Boolean)) {
          assert.equal(s.direction, direction)
          passed++
        }
      }
      assert.ok(passed > 0, `no primed symbol passes: seed ${seed}, tick ${tickMs} ms`)
      primedTotal += primed.size
      passedTotal += passed
    }
  }
  assert.ok(passedTotal / primedTotal > 0.95, `${passedTotal} of ${primedTotal} primed symbols pass`)
})

test('a one-symbol market primes that symbol', () => {
  const model = new PriceModel(DEMO_SYMBOLS.slice(0, 1), new Random(1))
  assert.deepEqual([...warmUpMarket(model, new Random(2), 240, 0.25, 4).keys()], ['BTCUSDT'])
})
