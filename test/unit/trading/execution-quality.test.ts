import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fillQuality, orderDirection } from '../../../src/trading/fill-quality.ts'
import type { FillContext } from '../../../src/trading/fill-quality.ts'
import { exitExcursion, observePrice, rBin, startExcursion } from '../../../src/trading/excursions.ts'
import { ExecutionAggregate } from '../../../src/trading/execution-aggregate.ts'
import { close } from './helpers.ts'

const ctx = (decision: number | null, requestedAt: number | null = null): FillContext =>
  ({ decision_price: decision, order_type: null, liquidity: null, requested_at: requestedAt, exchange: null })

test('the order behind an event: opening a long or closing a short buys', () => {
  assert.equal(orderDirection('long', true), 1)
  assert.equal(orderDirection('long', false), -1)
  assert.equal(orderDirection('short', true), -1)
  assert.equal(orderDirection('short', false), 1)
})

test('slippage is adverse-positive in bps for all four fills, with its cost', () => {
  // Long entry: bought at 100.1 against a decision at 100: paid 0.1 more = 10 bps adverse.
  let q = fillQuality('long', true, 0.5, 100.1, 1_000, ctx(100, 800))
  close(q.slippage_bps as number, 10)
  close(q.slippage_cost as number, 0.05)
  close(q.fill_latency_seconds as number, 0.2)
  // Long exit: sold at 99.9 against 100: received 0.1 less = 10 bps adverse.
  q = fillQuality('long', false, 2, 99.9, 0, ctx(100))
  close(q.slippage_bps as number, 10)
  close(q.slippage_cost as number, 0.2)
  assert.equal(q.fill_latency_seconds, null)
  // Short entry: sold at 50.05 against 50: received more = 10 bps favourable (negative).
  q = fillQuality('short', true, 1, 50.05, 0, ctx(50))
  close(q.slippage_bps as number, -10)
  close(q.slippage_cost as number, -0.05)
  // Short exit: bought back at 50.025 against 50: paid more = 5 bps adverse.
  q = fillQuality('short', false, 4, 50.025, 0, ctx(50))
  close(q.slippage_bps as number, 5)
  close(q.slippage_cost as number, 0.1)
})

test('no decision price: no slippage; a zero decision price is not divided by', () => {
  assert.equal(fillQuality('long', true, 1, 10, 0, ctx(null)).slippage_bps, null)
  assert.equal(fillQuality('long', true, 1, 10, 0, ctx(0)).slippage_cost, null)
})

test('excursions of a long with a stop: MAE, MFE, their percentages, R and efficiency', () => {
  const s = startExcursion(100, 95)
  for (const p of [98, 93, 104, 110, 107]) observePrice(s, p)
  const x = exitExcursion(s, 'long', 100, 2, 16)
  close(x.mae, 14) // (100 - 93) * 2
  close(x.mfe, 20) // (110 - 100) * 2
  close(x.mae_pct, 7)
  close(x.mfe_pct, 10)
  close(x.r_multiple as number, 1.6) // 16 / (|100 - 95| * 2)
  close(x.efficiency as number, 0.8) // 16 / 20
})

test('excursions of a short mirror the long; partial exits scale with the quantity closed', () => {
  const s = startExcursion(200, 210)
  for (const p of [204, 190, 196]) observePrice(s, p)
  const part = exitExcursion(s, 'short', 200, 1, 4)
  close(part.mae, 4) // 204 - 200
  close(part.mfe, 10) // 200 - 190
  close(part.r_multiple as number, 0.4) // 4 / (10 * 1)
  const rest = exitExcursion(s, 'short', 200, 3, -6)
  close(rest.mae, 12)
  close(rest.mfe, 30)
  close(rest.efficiency as number, -0.2)
})

test('without a stop no R; a trade that never went its way has no efficiency', () => {
  const s = startExcursion(10, null)
  observePrice(s, 9)
  const x = exitExcursion(s, 'long', 10, 1, -1)
  assert.equal(x.r_multiple, null)
  assert.equal(x.mfe, 0)
  assert.equal(x.efficiency, null)
  close(x.mae, 1)
})

test('R bins are half an R wide, lower edge inclusive', () => {
  assert.deepEqual([1.2, 1.5, 0, -0.2, -0.5, -0.51].map(rBin), [1, 1.5, 0, -0.5, -0.5, -1])
})

test('execution aggregate: means, cost, fee drag and maker ratio exact; quantiles within 1 %', () => {
  const a = new ExecutionAggregate()
  const b = new ExecutionAggregate()
  const slips = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]
  slips.forEach((bps, i) => {
    const target = i < 5 ? a : b
    // decision 100, long entry: fill = 100 * (1 + bps / 1e4); quantity 1; latency i * 0.1 s.
    const q = fillQuality('long', true, 1, 100 * (1 + bps / 1e4), i * 100, ctx(100, 0))
    target.add(q, 0.5, i % 2 === 0 ? true : (i === 9 ? null : false), i === 9 ? 20 : 0)
  })
  a.merge(b)
  const f = a.figures()
  assert.equal(f.fills, 10)
  assert.equal(f.fills_with_decision, 10)
  close(f.slippage_bps?.mean as number, 11)
  close(f.slippage_cost, slips.reduce((s, x) => s + x / 100, 0)) // 1.1
  close(f.fees, 5)
  close(f.fee_drag as number, 5 / 20)
  close(f.maker_ratio as number, 5 / 9)
  const p50 = f.slippage_bps?.p50 as number // rank 4.5 -> lower: 10
  assert.ok(Math.abs(p50 - 10) <= 0.1 + 1e-9, `p50 ${p50}`)
  assert.ok(Math.abs((f.slippage_bps?.max as number) - 20) < 1e-9)
  const lat = f.fill_latency_seconds
  assert.ok(lat !== null && Math.abs(lat.max - 0.9) < 1e-9)
})

test('an empty aggregate answers nulls, not NaN', () => {
  const f = new ExecutionAggregate().figures()
  assert.equal(f.slippage_bps, null)
  assert.equal(f.fee_drag, null)
  assert.equal(f.maker_ratio, null)
  assert.equal(f.fill_latency_seconds, null)
})
