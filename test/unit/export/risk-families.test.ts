import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Exposition } from '../../../src/export/exposition.ts'
import { RISK_GAUGES, riskFamilies } from '../../../src/export/risk-families.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import type { ExtraFamily } from '../../../src/export/extra-family.ts'

const DAY = 86_400_000
const T0 = Date.UTC(2024, 0, 1)
const PNL = [50, -30, 20, -10, 40]

/** One trade a day (P&L reported), opened at 09:00 and closed at 10:00 UTC. */
function ledger (startingBalance: number | null, days = PNL.length): TradeLedger {
  const l = new TradeLedger({ startingBalance })
  for (let d = 0; d < days; d++) {
    const at = T0 + d * DAY + 9 * 3_600_000
    l.apply({ event: 'opened', symbol: 'BTCUSDT', side: 'long', quantity: 1, price: 100, pnl: null, fees: null, trade_id: null, timestamp: at, metadata: null })
    l.apply({ event: 'closed', symbol: 'BTCUSDT', side: 'long', quantity: 1, price: 100, pnl: PNL[d], fees: null, trade_id: null, timestamp: at + 3_600_000, metadata: null })
  }
  return l
}

const valueOf = (families: readonly ExtraFamily[], name: string): number | undefined => {
  const f = families.find((x) => x.name === name)
  assert.ok(f !== undefined, name)
  assert.ok(f.samples.length <= 1)
  return f.samples[0]?.value
}

/** The figures of docs/TRADING_METRICS.md, computed here from the daily returns. */
function expected (returns: number[], maxDrawdownFraction: number): Record<string, number> {
  const n = returns.length
  const mean = returns.reduce((a, b) => a + b, 0) / n
  const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1))
  const dd = Math.sqrt(returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / n)
  let v = 1
  let peak = 1
  let sq = 0
  let worst = 0
  for (const r of returns) {
    v *= 1 + r
    peak = Math.max(peak, v)
    sq += ((peak - v) / peak) ** 2
    worst = Math.max(worst, (peak - v) / peak)
  }
  const sorted = [...returns].sort((a, b) => a - b)
  const q = (p: number): number => {
    const h = (n - 1) * p
    const lo = Math.floor(h)
    return sorted[lo] + (h - lo) * ((sorted[lo + 1] ?? sorted[lo]) - sorted[lo])
  }
  const tail = sorted.filter((r) => r <= q(0.05))
  const ups = returns.filter((r) => r > 0)
  const downs = returns.filter((r) => r < 0)
  const p = ups.length / (ups.length + downs.length)
  const b = (ups.reduce((a, r) => a + r, 0) / ups.length) / Math.abs(downs.reduce((a, r) => a + r, 0) / downs.length)
  return {
    breakout_trading_daily_returns: n,
    breakout_trading_sharpe: mean / sd * Math.sqrt(365),
    breakout_trading_sortino: mean / dd * Math.sqrt(365),
    breakout_trading_calmar: mean * 365 / maxDrawdownFraction,
    breakout_trading_ulcer_index: Math.sqrt(sq / n),
    breakout_trading_recovery_factor: (v - 1) / worst,
    breakout_trading_var_95: q(0.05),
    breakout_trading_cvar_95: tail.reduce((a, r) => a + r, 0) / tail.length,
    breakout_trading_tail_ratio: Math.abs(q(0.95)) / Math.abs(q(0.05)),
    breakout_trading_kelly_fraction: p - (1 - p) / b,
    breakout_trading_omega: ups.reduce((a, r) => a + r, 0) / -downs.reduce((a, r) => a + r, 0)
  }
}

test('each risk gauge is the figure computed here from the daily returns', () => {
  const families = riskFamilies(ledger(1000), () => T0 + 4 * DAY + 12 * 3_600_000)()
  assert.deepEqual(families.map((f) => f.name), RISK_GAUGES.map((g) => g.name))
  // Equity at each day's start: 1000, 1050, 1020, 1040, 1030; the realized curve's deepest fall is 30 from 1050.
  const returns = [50 / 1000, -30 / 1050, 20 / 1020, -10 / 1040, 40 / 1030]
  for (const [name, want] of Object.entries(expected(returns, 30 / 1050))) {
    const got = valueOf(families, name)
    assert.ok(got !== undefined && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${name}: ${String(got)} vs ${want}`)
  }
  for (const f of families) assert.equal(f.type, 'gauge')
})

test('an undefined figure is absent, not 0; a new UTC day recomputes the figures', () => {
  const none = riskFamilies(ledger(null), () => T0 + 5 * DAY)()
  for (const f of none) assert.deepEqual(f.samples, [], f.name)
  // One day of returns: the days are known, no figure is.
  const one = riskFamilies(ledger(1000, 1), () => T0 + 12 * 3_600_000)()
  assert.equal(valueOf(one, 'breakout_trading_daily_returns'), 1)
  for (const f of one) if (f.name !== 'breakout_trading_daily_returns') assert.deepEqual(f.samples, [], f.name)
  // Two winning days: no down day, so Sortino, Omega and Kelly stay absent while VaR is defined.
  let now = T0 + DAY + 12 * 3_600_000
  const l = new TradeLedger({ startingBalance: 1000 })
  for (let d = 0; d < 2; d++) {
    const at = T0 + d * DAY + 9 * 3_600_000
    l.apply({ event: 'opened', symbol: 'A', side: 'long', quantity: 1, price: 10, pnl: null, fees: null, trade_id: null, timestamp: at, metadata: null })
    l.apply({ event: 'closed', symbol: 'A', side: 'long', quantity: 1, price: 11, pnl: null, fees: null, trade_id: null, timestamp: at + 60_000, metadata: null })
  }
  const provider = riskFamilies(l, () => now)
  const two = provider()
  assert.equal(valueOf(two, 'breakout_trading_daily_returns'), 2)
  for (const name of ['breakout_trading_sortino', 'breakout_trading_omega', 'breakout_trading_kelly_fraction', 'breakout_trading_recovery_factor']) {
    assert.equal(valueOf(two, name), undefined, name)
  }
  assert.ok(valueOf(two, 'breakout_trading_var_95')! > 0)
  assert.equal(provider(), two, 'the same day and ledger: the same families')
  now += DAY
  const three = provider()
  assert.equal(valueOf(three, 'breakout_trading_daily_returns'), 3, 'a day without trades counts as a return of 0')
  // Returns 0.001, 1/1001, 0: q(5 %) lies a tenth of the way from 0 to 1/1001.
  assert.ok(Math.abs(valueOf(three, 'breakout_trading_var_95')! - 0.1 / 1001) < 1e-15)
})

test('the exposition renders the gauges with their HELP text, and none for an absent figure', async () => {
  const logger = new MetricsLogger({ sampler: false, onError: () => {}, trading: { startingBalance: null } })
  try {
    const exposition = new Exposition(logger, { defaultMetrics: false, onWarning: (m) => assert.fail(m) })
    exposition.addProvider(riskFamilies(ledger(1000), () => T0 + 4 * DAY))
    const text = await exposition.render('prometheus')
    assert.match(text, /^# HELP breakout_trading_var_95 Historical one-day value at risk at 95 %/m)
    assert.match(text, /^# TYPE breakout_trading_omega gauge$/m)
    assert.match(text, /^breakout_trading_daily_returns 5$/m)
    assert.match(text, /^breakout_trading_omega [0-9.]+$/m)
    const empty = new Exposition(logger, { defaultMetrics: false, onWarning: (m) => assert.fail(m) })
    empty.addProvider(riskFamilies(ledger(null), () => T0 + 4 * DAY))
    assert.doesNotMatch(await empty.render('prometheus'), /^breakout_trading_(omega|sharpe|var_95|return_days) /m)
  } finally {
    logger.close()
  }
})
