import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_STRATEGY, partialQuantity, planEntry } from '../../../src/demo/breakout-strategy.ts'
import { Random } from '../../../src/demo/prng.ts'
import { floorToStep, priceStep, quantityStep, roundToStep } from '../../../src/demo/symbols.ts'

test('price and quantity steps follow the price; rounding leaves no binary fractions', () => {
  assert.equal(priceStep(65000), 1)
  assert.equal(priceStep(150), 0.01)
  assert.equal(priceStep(0.15), 0.00001)
  assert.equal(quantityStep(65000), 0.0001)
  assert.equal(quantityStep(150), 0.01)
  assert.equal(quantityStep(0.15), 10)
  assert.equal(roundToStep(0.1 + 0.2, 0.1), 0.3)
  assert.equal(floorToStep(0.3, 0.1), 0.3)
  assert.equal(floorToStep(16.6667, 0.01), 16.66)
  assert.equal(roundToStep(148.99376941, 0.01), 148.99)
})

test('planEntry sizes a long by risk within the position cap, with volatility-based stops', () => {
  // Stop fraction 0.001 * sqrt(45) = 0.0067082; risk notional 0.0025 * 10000 / 0.0067082 = 3726.8
  // is capped at 0.25 * 10000 = 2500: 2500 / 150 = 16.666 -> 16.66 on a 0.01 step.
  // Stop 150 * (1 - 0.0067082) = 148.9938 -> 148.99; take profit 150 * (1 + 2 * 0.0067082) = 152.0125 -> 152.01;
  // partial 150 * (1 + 0.0067082) = 151.0062 -> 151.01.
  const params = { ...DEFAULT_STRATEGY, partialChance: 1 }
  const p = planEntry({ symbol: 'SOLUSDT', direction: 1, volatility: 0.001 }, 150, { equity: 10_000, exposure: 0 },
    0, 'x1', 5000, params, new Random(1))
  assert.ok(p !== null)
  assert.equal(p.side, 'long')
  assert.equal(p.quantity, 16.66)
  assert.equal(p.stopPrice, 148.99)
  assert.equal(p.takeProfitPrice, 152.01)
  assert.equal(p.partialPrice, 151.01)
  // The first trades exit quickly.
  assert.equal(p.exitByMs, 5000 + DEFAULT_STRATEGY.quickExitMs)
})

test('planEntry mirrors a short, lets risk size a wide stop, and respects the exposure limit', () => {
  const params = { ...DEFAULT_STRATEGY, partialChance: 0 }
  // Stop fraction clamps to 0.03: 0.0025 * 10000 / 0.03 = 833.33 -> 833.33 / 150 = 5.5555 -> 5.55.
  const p = planEntry({ symbol: 'SOLUSDT', direction: -1, volatility: 0.02 }, 150, { equity: 10_000, exposure: 0 },
    5, 'x2', 0, params, new Random(1))
  assert.ok(p !== null)
  assert.equal(p.side, 'short')
  assert.equal(p.quantity, 5.55)
  assert.equal(p.stopPrice, 154.5)
  assert.equal(p.takeProfitPrice, 141)
  assert.equal(p.partialPrice, null)
  assert.ok(p.exitByMs >= DEFAULT_STRATEGY.minHoldMs && p.exitByMs <= DEFAULT_STRATEGY.maxHoldMs)
  // 9,950 of 10,000 already exposed: 50 USDT of room buys 0.33.
  const small = planEntry({ symbol: 'SOLUSDT', direction: 1, volatility: 0.001 }, 150, { equity: 10_000, exposure: 9950 },
    5, 'x3', 0, params, new Random(1))
  assert.equal(small?.quantity, 0.33)
  assert.equal(planEntry({ symbol: 'SOLUSDT', direction: 1, volatility: 0.001 }, 150, { equity: 10_000, exposure: 10_000 },
    5, 'x4', 0, params, new Random(1)), null)
})

test('partialQuantity halves on the quantity step, or says the position is too small', () => {
  assert.equal(partialQuantity(16.66, 150), 8.33)
  assert.equal(partialQuantity(0.01, 150), 0)
  assert.equal(partialQuantity(0.03, 150), 0.01)
})
