import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bucketQuantiles, bucketRatePerMinute, equityAndDrawdown, tradeFigures } from '../../../web/src/stats.ts'

const close = (a: number, b: number, eps = 1e-12): void => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`)

test('bucketQuantiles: p50 and p99 per time bucket, null for empty buckets', () => {
  const v = [0.012, 0.003, 0.020, 0.0045, 0.007, 0.150, 0.009]
  const t = v.map((_, i) => 100 + i)
  const out = bucketQuantiles({ t, v }, 0, 300, 3, [0.5, 0.99])
  assert.deepEqual(out.t, [0, 100, 200])
  assert.deepEqual(out.q[0], [null, 0.009, null])
  // numpy.percentile([0.012, 0.003, 0.020, 0.0045, 0.007, 0.150, 0.009], 99) -> 0.14219999999999994
  close(out.q[1][1]!, 0.14219999999999994)
})

test('bucketRatePerMinute sums each bucket and scales to a minute', () => {
  const out = bucketRatePerMinute({ t: [0, 10_000, 20_000, 35_000], v: [10, 20, 30, 40] }, 0, 60_000, 30_000)
  assert.deepEqual(out, { t: [0, 30_000], v: [120, 80] })
})

test('tradeFigures: win rate, profit factor and drawdown as the trading statistics define them', () => {
  // Reference (numpy): p = [12.5, -4.25, 0, 7.75, -10.0, 3.0, -1e-10, 5.5]; wins p > 1e-9 -> 4, losses p < -1e-9 -> 2,
  // gross profit 28.75, gross loss -14.25, profit factor 28.75 / 14.25 = 2.017543859649123,
  // total 14.4999999999, max drawdown max(running peak from 0 - cumsum) = 10.0
  const f = tradeFigures([12.5, -4.25, 0, 7.75, -10.0, 3.0, -1e-10, 5.5])
  assert.equal(f.closed_trades, 8)
  assert.equal(f.wins, 4)
  assert.equal(f.losses, 2)
  assert.equal(f.break_even, 2)
  assert.equal(f.win_rate, 0.5)
  close(f.gross_profit, 28.75)
  close(f.gross_loss, -14.25)
  close(f.profit_factor!, 2.017543859649123)
  close(f.total_pnl, 14.4999999999)
  close(f.max_drawdown, 10)
})

test('tradeFigures: no trades and no losses give null, not Infinity; a first loss is a drawdown', () => {
  assert.equal(tradeFigures([]).win_rate, null)
  assert.equal(tradeFigures([5, 3]).profit_factor, null)
  assert.equal(tradeFigures([-2, 1]).max_drawdown, 2)
})

test('equityAndDrawdown: running sum and its distance below the running peak (which starts at 0)', () => {
  const { equity, drawdown } = equityAndDrawdown({ t: [1, 2, 3, 4, 5], v: [12.5, -4.25, 7.75, -10, 3] })
  assert.deepEqual(equity.v, [12.5, 8.25, 16, 6, 9])
  assert.deepEqual(drawdown.v, [0, -4.25, 0, -10, -7])
  assert.deepEqual(equity.t, [1, 2, 3, 4, 5])
})

test('bucketRatePerMinute leaves out the buckets before the first point', () => {
  const out = bucketRatePerMinute({ t: [65_000, 70_000], v: [10, 20] }, 0, 120_000, 30_000)
  assert.deepEqual(out, { t: [60_000, 90_000], v: [60, 0] })
  assert.deepEqual(bucketRatePerMinute({ t: [], v: [] }, 0, 60_000, 30_000), { t: [], v: [] })
})
