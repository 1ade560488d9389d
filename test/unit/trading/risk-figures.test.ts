import { test } from 'node:test'
import assert from 'node:assert/strict'
import { quantileSorted, riskFigures, rollingSharpe } from '../../../src/trading/risk-figures.ts'
import type { RiskFigures } from '../../../src/trading/risk-figures.ts'
import { computeTradingStatistics } from '../../../src/trading/trading-statistics.ts'
import { computeBreakdown } from '../../../src/trading/period-breakdown.ts'
import { rollingSharpeAt } from '../../../src/logger/rolling-sharpe-recorder.ts'
import { FIXTURE, NOW, D, T0, H, ev } from './fixture.ts'
import { close, ledgerOf } from './helpers.ts'

// Reference code: the textbook definitions written out plainly, without the
// module's single pass (numpy.percentile's linear rule by its rank formula,
// drawdowns from an explicit equity list, means by reduce).
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
function percentile (xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  const rank = p / 100 * (s.length - 1)
  const below = Math.floor(rank)
  if (below === s.length - 1) return s[below]
  return s[below] * (1 - (rank - below)) + s[below + 1] * (rank - below)
}
function reference (r: number[], periodsPerYear: number): Omit<RiskFigures, 'convention' | 'null_reasons' | 'days'> {
  const equity = [1]
  for (const x of r) equity.push(equity[equity.length - 1] * (1 + x))
  const drawdowns = equity.slice(1).map((e, i) => 1 - e / Math.max(...equity.slice(0, i + 2)))
  const maxDd = Math.max(...drawdowns)
  const var95 = percentile(r, 5)
  const tail = r.filter((x) => x <= var95)
  const ups = r.filter((x) => x > 0)
  const downs = r.filter((x) => x < 0)
  const p = ups.length / (ups.length + downs.length)
  const b = mean(ups) / -mean(downs)
  const last = r.slice(-30)
  const m = mean(last)
  const sd = Math.sqrt(last.reduce((a, x) => a + (x - m) ** 2, 0) / (last.length - 1))
  return {
    ulcer_index: Math.sqrt(mean(drawdowns.map((d) => d * d))),
    recovery_factor: (equity[equity.length - 1] - 1) / maxDd,
    var_95: var95,
    cvar_95: mean(tail),
    tail_ratio: Math.abs(percentile(r, 95)) / Math.abs(var95),
    kelly_fraction: p - (1 - p) / b,
    omega: ups.reduce((a, x) => a + x, 0) / -downs.reduce((a, x) => a + x, 0),
    rolling_sharpe_30d: m / sd * Math.sqrt(periodsPerYear)
  }
}
const daily = (xs: number[]): { returns: Float64Array, reason: null } => ({ returns: Float64Array.from(xs), reason: null })
function assertMatches (actual: RiskFigures, expected: ReturnType<typeof reference>): void {
  for (const [k, v] of Object.entries(expected)) close(actual[k as keyof typeof expected], v as number, k)
}

test('hand-checked cases', () => {
  // Sorted: -0.10 -0.08 -0.05 -0.03 -0.02 0.01 0.015 0.02 0.03 0.04. The 5th
  // percentile sits at rank 0.45: -0.10 + 0.45 × 0.02 = -0.091; only -0.10 lies below.
  const ten = riskFigures(daily([0.02, -0.05, 0.01, -0.08, 0.03, -0.02, 0.04, -0.10, 0.015, -0.03]), 365)
  close(ten.var_95, -0.091, 'var_95')
  close(ten.cvar_95, -0.10, 'cvar_95')
  // 95th percentile at rank 8.55: 0.03 + 0.55 × 0.01 = 0.0355.
  close(ten.tail_ratio, 0.0355 / 0.091, 'tail_ratio')
  // Up 0.115 over 5 days, down 0.28 over 5 days.
  close(ten.omega, 0.115 / 0.28, 'omega')
  close(ten.kelly_fraction, 0.5 - 0.5 / (0.023 / 0.056), 'kelly')
  // Equity 1, 1, 0.9, 0.9: drawdowns 0, 0.1, 0.1 over three days.
  const flat = riskFigures(daily([0, -0.1, 0]), 365)
  close(flat.ulcer_index, Math.sqrt(0.02 / 3), 'ulcer')
  close(flat.recovery_factor, -0.1 / 0.1, 'recovery')
  // Gains 0.05, losses 0.025.
  close(riskFigures(daily([0.01, -0.02, 0.015, -0.005, 0.025]), 365).omega, 2, 'omega 2')
  // (0, 0.02): mean 0.01, sample sd √(2 × 0.01² / 1) = 0.01 × √2: Sharpe √365 / √2.
  close(rollingSharpe([0, 0.02], 365), Math.sqrt(365 / 2), 'sharpe')
  close(quantileSorted([1, 2, 3, 4], 0.5), 2.5, 'median')
})

test('random daily returns against the reference code', () => {
  let seed = 7
  const rand = (): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31 }
  for (const n of [2, 3, 7, 29, 30, 31, 90, 365]) {
    const r = Array.from({ length: n }, () => (rand() - 0.48) * 0.06)
    if (!r.some((x) => x > 0)) r[0] = 0.01
    if (!r.some((x) => x < 0)) r[1] = -0.01
    const got = riskFigures(daily(r), 252)
    assert.equal(got.days, n)
    assert.deepEqual(got.convention, { risk_free_rate: 0, periods_per_year: 252, returns: 'daily', confidence: 0.95 })
    assertMatches(got, reference(r, 252))
  }
})

test('undefined figures are null with a reason', () => {
  const none = riskFigures({ returns: null, reason: 'no starting_balance configured: returns need a base' }, 365)
  assert.equal(none.var_95, null)
  assert.match(none.null_reasons.ulcer_index, /starting_balance/)
  const one = riskFigures(daily([0.01]), 365)
  assert.equal(one.omega, null)
  assert.match(one.null_reasons.omega, /fewer than 2 days/)
  const rising = riskFigures(daily([0.01, 0.02, 0.01]), 365)
  assert.equal(rising.ulcer_index, 0)
  assert.equal(rising.recovery_factor, null)
  assert.equal(rising.omega, null)
  assert.equal(rising.kelly_fraction, null)
  assert.ok(rising.null_reasons.omega.length > 0 && rising.null_reasons.kelly_fraction.length > 0)
  const still = riskFigures(daily([0, 0, 0]), 365)
  assert.equal(still.tail_ratio, null)
  assert.equal(still.rolling_sharpe_30d, null)
  assert.deepEqual(Object.keys(still.null_reasons).sort(), ['kelly_fraction', 'omega', 'recovery_factor', 'rolling_sharpe_30d', 'tail_ratio'])
})

test('/trading risk figures are those of the daily returns the day breakdown reports', () => {
  const ledger = ledgerOf(FIXTURE, { startingBalance: 10_000 })
  const s = computeTradingStatistics(ledger, { window: 'all' }, NOW)
  // The day breakdown computes each day's relative return on its own path.
  const days = computeBreakdown(ledger, 'day', { count: s.return_days, untilMs: NOW }, NOW).periods
    .map((p) => p.relative_return as number).reverse()
  assert.equal(s.risk.days, s.return_days)
  assertMatches(s.risk, reference(days, 365))
  const noBase = computeTradingStatistics(ledgerOf(FIXTURE), { window: 'all' }, NOW)
  assert.equal(noBase.risk.var_95, null)
  assert.match(noBase.risk.null_reasons.var_95, /starting_balance/)
})

test('the rolling Sharpe ratio covers at most the last 30 days', () => {
  const events = []
  // One trade a day for 40 days, P&L alternating +30 / −10 with a drift.
  for (let d = 0; d < 40; d++) {
    const win = d % 2 === 0
    events.push(ev('opened', 'BTCUSDT', 'long', 1, 100, T0 + d * D + H))
    events.push(ev('closed', 'BTCUSDT', 'long', 1, win ? 130 + d : 90 - d, T0 + d * D + 2 * H))
  }
  const ledger = ledgerOf(events, { startingBalance: 10_000 })
  const at = T0 + 39 * D + 3 * H
  const days = computeBreakdown(ledger, 'day', { count: 30, untilMs: at }, at).periods.map((p) => p.relative_return as number).reverse()
  close(rollingSharpeAt(ledger, at), reference(days, 365).rolling_sharpe_30d as number, 'rolling 30d')
  assert.equal(rollingSharpeAt(ledgerOf(events.slice(0, 2), { startingBalance: 10_000 }), T0 + 3 * H), null)
})
