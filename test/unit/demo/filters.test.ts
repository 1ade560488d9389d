import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEFAULT_FILTER_PARAMS, ema, evaluateSymbol, FILTER_NAMES, rangeBreak, realizedVolatility, tallyScan, trendDirection, volumeRatio
} from '../../../src/demo/filters.ts'

const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} != ${b}`)
const repeat = (value: number, n: number): number[] => Array.from({ length: n }, () => value)

test('rangeBreak compares the last price with the range before the recent push', () => {
  // Range: the 40 ticks before the last 4.
  const base = [...repeat(100, 10), 99, 101, ...repeat(100, 38)]
  assert.deepEqual(rangeBreak([...base, 100.5, 100.8, 101.2, 101.5], 40, 4), { direction: 1, level: 101 })
  assert.deepEqual(rangeBreak([...base, 99.5, 99.2, 98.9, 98.5], 40, 4), { direction: -1, level: 99 })
  assert.equal(rangeBreak([...base, 100, 100, 100, 100.9], 40, 4).direction, 0)
  // The push itself is not part of the range: a price above the range but below the push's own high still breaks.
  assert.equal(rangeBreak([...base, 102, 103, 102.5, 101.5], 40, 4).direction, 1)
  assert.equal(rangeBreak(repeat(100, 44), 40, 4).direction, 0, 'needs one more tick than range + push')
})

test('volumeRatio is the recent mean over the range mean', () => {
  close(volumeRatio([...repeat(2, 40), 6, 6, 6, 6], 40, 4), 3)
  close(volumeRatio([...repeat(1, 10), ...repeat(2, 40), 1, 2, 3, 4], 40, 4), 1.25)
  assert.equal(volumeRatio([1, 2, 3], 40, 4), 0)
})

test('realizedVolatility is the population stddev of log returns per sqrt(second)', () => {
  // Log returns alternating +r and -r: stddev exactly r; per sqrt(s) at 0.25 s ticks: r / 0.5.
  const r = 0.001
  const prices = [100]
  for (let i = 0; i < 44; i++) prices.push(prices[i] * Math.exp(i % 2 === 0 ? r : -r))
  close(realizedVolatility(prices, 44, 0.25), 0.002)
  // A steady trend has no dispersion.
  const trend = Array.from({ length: 20 }, (_, i) => 100 * Math.exp(0.001 * i))
  assert.ok(realizedVolatility(trend, 19, 0.25) < 1e-9)
})

test('ema smooths with 2 / (n + 1); trendDirection needs a clear gap', () => {
  // Hand-computed, k = 0.5: 1 -> 1.5 -> 2.25.
  close(ema([1, 2, 3], 3), 2.25)
  const up = Array.from({ length: 40 }, (_, i) => 100 + 0.1 * i)
  assert.equal(trendDirection(up, 8, 32, 0.0004), 1)
  assert.equal(trendDirection(up.map((p) => 200 - p), 8, 32, 0.0004), -1)
  assert.equal(trendDirection(repeat(100, 40), 8, 32, 0.0004), 0)
  assert.equal(trendDirection(up.slice(0, 10), 8, 32, 0.0004), 0, 'too short for the slow average')
})

/** A quiet range and then a push out of it with rising volume: every filter passes. */
function breakout (direction: 1 | -1): { prices: number[], volumes: number[] } {
  const prices: number[] = []
  for (let i = 0; i < 60; i++) prices.push(100 * (1 + 0.0008 * Math.sin(i * 1.3)))
  for (let i = 1; i <= 4; i++) prices.push(100 * (1 + direction * 0.0025 * i))
  return { prices, volumes: [...repeat(10, 60), 25, 30, 30, 35] }
}

test('evaluateSymbol passes every filter on a clean breakout, in either direction', () => {
  for (const direction of [1, -1] as const) {
    const { prices, volumes } = breakout(direction)
    const s = evaluateSymbol('SOLUSDT', prices, volumes, DEFAULT_FILTER_PARAMS)
    assert.deepEqual(s.passed, { volume_surge: true, range_break: true, volatility_ok: true, trend_aligned: true })
    assert.equal(s.direction, direction)
    assert.equal(s.price, prices[prices.length - 1])
  }
})

test('each filter fails on its own defect', () => {
  const { prices, volumes } = breakout(1)
  const quietVolume = evaluateSymbol('A', prices, repeat(10, 64))
  assert.equal(quietVolume.passed.volume_surge, false)
  const flat = evaluateSymbol('B', repeat(100, 64), volumes)
  assert.equal(flat.passed.range_break, false)
  assert.equal(flat.passed.volatility_ok, false, 'no movement at all')
  assert.equal(flat.passed.trend_aligned, false)
  const wild = prices.map((p, i) => p * (i % 2 === 0 ? 1.01 : 0.99))
  assert.equal(evaluateSymbol('C', wild, volumes).passed.volatility_ok, false, '1 % swings each tick')
  // A break up against a falling trend.
  const against = [...Array.from({ length: 60 }, (_, i) => 110 - 0.02 * i), 108.8, 108.8, 108.8, 109.7]
  const s = evaluateSymbol('D', against, volumes)
  assert.equal(s.direction, 1)
  assert.equal(s.passed.trend_aligned, false)
})

test('tallyScan counts passes per filter; candidates pass all', () => {
  const { prices, volumes } = breakout(1)
  const good = evaluateSymbol('GOOD', prices, volumes)
  const flat = evaluateSymbol('FLAT', repeat(100, 64), volumes)
  const quiet = evaluateSymbol('QUIET', prices, repeat(10, 64))
  const result = tallyScan([good, flat, quiet])
  assert.deepEqual(result.counts, { volume_surge: 2, range_break: 2, volatility_ok: 2, trend_aligned: 2 })
  assert.deepEqual(result.candidates.map((c) => c.symbol), ['GOOD'])
  assert.deepEqual(Object.keys(result.counts), [...FILTER_NAMES])
})
