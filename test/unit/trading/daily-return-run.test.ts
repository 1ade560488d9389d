import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { computeTradingStatistics } from '../../../src/trading/trading-statistics.ts'
import type { TradingStatistics } from '../../../src/trading/trading-statistics.ts'
import type { TradeEvent } from '../../../src/trading/trade-event.ts'
import type { TradingOptions } from '../../../src/trading/trading-options.ts'
import { seededRandom as rng } from '../../../src/core/seeded-random.ts'
import { close } from './helpers.ts'
import { D, H, T0, ev } from './fixture.ts'

const SYMBOLS = ['BTC', 'ETH']
const FILTERS = [{}, { symbol: 'BTC' }, { side: 'short' }, { symbol: 'ETH', side: 'long' }, { symbol: 'NONE' }]

/** Opens, partial and full exits, reported-P&L orphans and late exits, spread over days with quiet days between. */
function stream (seed: number): TradeEvent[] {
  const r = rng(seed)
  const out: TradeEvent[] = []
  const open: Array<{ id: string, symbol: string, side: string }> = []
  let t = T0 + Math.floor(r() * 6 * H)
  const n = 30 + Math.floor(r() * 90)
  for (let i = 0; i < n; i++) {
    t += Math.floor(r() * (r() < 0.1 ? 3 * D : 9 * H))
    const price = Math.round((50 + r() * 100) * 100) / 100
    // A late exit: it closes before records already in (out of closing order).
    const at = r() < 0.1 ? t - Math.floor(r() * 2 * D) : t
    const roll = r()
    if (open.length === 0 || roll < 0.4) {
      const id = `p${i}`
      const symbol = SYMBOLS[Math.floor(r() * SYMBOLS.length)]
      const side = r() < 0.5 ? 'long' : 'short'
      out.push(ev('opened', symbol, side, 1 + Math.floor(r() * 5), price, t, { trade_id: id, fees: Math.round(r() * 30) / 100 }))
      open.push({ id, symbol, side })
    } else if (roll < 0.92) {
      const k = Math.floor(r() * open.length)
      const p = open[k]
      const partial = r() < 0.3
      out.push(ev(partial ? 'reduced' : 'closed', p.symbol, p.side, partial ? 0.5 : 0, price, Math.max(at, t - 1), { trade_id: p.id }))
      if (!partial) open.splice(k, 1)
    } else {
      out.push(ev('closed', 'BTC', 'long', 1, price, at, { pnl: Math.round((r() - 0.5) * 4000) / 100 }))
    }
  }
  return out
}

function ledgerOf (events: readonly TradeEvent[], options: Partial<TradingOptions>): TradeLedger {
  const ledger = new TradeLedger(options)
  for (const e of events) ledger.apply(e)
  return ledger
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
function percentile (xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  const rank = p * (s.length - 1)
  const below = Math.floor(rank)
  return below === s.length - 1 ? s[below] : s[below] + (rank - below) * (s[below + 1] - s[below])
}
const sampleSd = (xs: number[]): number => { const m = mean(xs); return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1)) }

/**
 * Reference: the daily returns of window `all` written out from every record
 * (docs/TRADING_METRICS.md, "Daily returns and the ratios"), and the
 * figures read from them; null where the figure is undefined.
 */
function reference (ledger: TradeLedger, filter: { symbol?: string, side?: string }, balance: number, nowMs: number): Record<string, number | null> | string {
  const records = ledger.trades
  const firstDay = Math.floor(ledger.firstEventMs! / D)
  const lastDay = Math.floor(nowMs / D)
  const r: number[] = []
  for (let d = firstDay; d <= lastDay; d++) {
    const equity = balance + records.filter((t) => t.closed_at < d * D).reduce((a, t) => a + t.pnl, 0)
    if (equity <= 0) return 'blown'
    const pnl = records.filter((t) => Math.floor(t.closed_at / D) === d && (filter.symbol === undefined || t.symbol === filter.symbol) &&
      (filter.side === undefined || t.side === filter.side)).reduce((a, t) => a + t.pnl, 0)
    r.push(pnl / equity)
  }
  if (r.length < 2) return 'short'
  const sd = sampleSd(r)
  const downside = Math.sqrt(r.reduce((a, x) => a + Math.min(x, 0) ** 2, 0) / r.length)
  const curve = [1]
  for (const x of r) curve.push(curve[curve.length - 1] * (1 + x))
  const drawdowns = curve.slice(1).map((v, i) => 1 - v / Math.max(...curve.slice(0, i + 2)))
  const maxDd = Math.max(...drawdowns)
  const var95 = percentile(r, 0.05)
  const ups = r.filter((x) => x > 0)
  const downs = r.filter((x) => x < 0)
  const recent = r.slice(-30)
  const recentSd = sampleSd(recent)
  return {
    days: r.length,
    sharpe: sd > 0 ? mean(r) / sd * Math.sqrt(365) : null,
    sortino: downside > 0 ? mean(r) / downside * Math.sqrt(365) : null,
    ulcer_index: Math.sqrt(mean(drawdowns.map((x) => x * x))),
    recovery_factor: maxDd > 0 ? (curve[curve.length - 1] - 1) / maxDd : null,
    var_95: var95,
    cvar_95: mean(r.filter((x) => x <= var95)),
    tail_ratio: var95 !== 0 ? Math.abs(percentile(r, 0.95) / var95) : null,
    omega: downs.length > 0 ? ups.reduce((a, x) => a + x, 0) / -downs.reduce((a, x) => a + x, 0) : null,
    kelly_fraction: ups.length > 0 && downs.length > 0
      ? ups.length / (ups.length + downs.length) - downs.length / (ups.length + downs.length) / (mean(ups) / -mean(downs))
      : null,
    rolling_sharpe_30d: recentSd > 1e-15 ? mean(recent) / recentSd * Math.sqrt(365) : null
  }
}

/** How often each kind of reference answer was checked: the streams must reach each. */
const seen = { blown: 0, short: 0, figures: 0 }

function matchesReference (s: TradingStatistics, ref: ReturnType<typeof reference>, what: string): void {
  seen[typeof ref === 'string' ? ref as 'blown' | 'short' : 'figures']++
  if (ref === 'blown') {
    assert.match(s.null_reasons.sharpe, /equity at the start of a day is not positive/, what)
    assert.equal(s.risk.var_95, null, what)
    return
  }
  if (ref === 'short') {
    assert.equal(s.sharpe, null, what)
    return
  }
  const { convention, null_reasons: reasons, ...risk } = s.risk
  assert.equal(convention.periods_per_year, 365, what)
  assert.equal(s.return_days, s.risk.days, what)
  assert.deepEqual(Object.keys(reasons).filter((k) => risk[k as keyof typeof risk] !== null), [], `${what}: a reason for a figure`)
  const got: Record<string, number | null> = { sharpe: s.sharpe, sortino: s.sortino, ...risk }
  for (const [k, v] of Object.entries(ref)) {
    if (v === null) assert.equal(got[k], null, `${what} ${k}`)
    else close(got[k], v, `${what} ${k}`)
  }
}

/** Reads every filter of `ledger` and checks each against a ledger built afresh from `events` (no kept run) and the reference. */
function check (ledger: TradeLedger, events: readonly TradeEvent[], options: Partial<TradingOptions>, nowMs: number, what: string): void {
  const fresh = ledgerOf(events, options)
  const all = ledgerOf(events, { ...options, tradesInMemory: 0 })
  for (const filter of FILTERS) {
    const kept = computeTradingStatistics(ledger, { window: 'all', ...filter }, nowMs)
    // The same bits: a run kept across reads folds each day once, as a new run does.
    assert.deepEqual(kept, computeTradingStatistics(fresh, { window: 'all', ...filter }, nowMs), `${what} ${JSON.stringify(filter)}`)
    if (options.startingBalance != null) matchesReference(kept, reference(all, filter, options.startingBalance, nowMs), `${what} ${JSON.stringify(filter)}`)
  }
}

test('kept daily returns equal a fresh computation as trades arrive, across days, late records and records leaving memory', () => {
  for (let seed = 1; seed <= 60; seed++) {
    const options = { startingBalance: seed % 5 === 0 ? 150 : 1_000, tradesInMemory: seed % 2 === 0 ? 8 : 10_000 }
    const events = stream(seed)
    const ledger = new TradeLedger(options)
    const r = rng(seed * 7919)
    let newest = 0
    for (let i = 0; i < events.length; i++) {
      ledger.apply(events[i])
      newest = Math.max(newest, events[i].timestamp)
      // Reads at random moments, now on the newest record's day or days after it.
      if (r() < 0.25) check(ledger, events.slice(0, i + 1), options, newest + Math.floor(r() * (r() < 0.5 ? 3 * H : 4 * D)), `seed ${seed} event ${i}`)
    }
    check(ledger, events, options, newest + 40 * D, `seed ${seed} end`)
  }
  assert.ok(seen.blown > 0 && seen.short > 0 && seen.figures > 1000, JSON.stringify(seen))
})

test('after a clear the kept daily returns are those of the new trades only', () => {
  for (let seed = 100; seed < 130; seed++) {
    const options = { startingBalance: 1_000 }
    const before = stream(seed)
    const ledger = ledgerOf(before, options)
    const last = Math.max(...before.map((e) => e.timestamp))
    computeTradingStatistics(ledger, { window: 'all' }, last + D)
    const count = ledger.recordCount
    ledger.clear()
    // As many records as before the clear, from another stream on the same first day.
    const after: TradeEvent[] = []
    for (const e of stream(seed + 1000)) {
      if (ledger.recordCount === count) break
      ledger.apply(e)
      after.push(e)
    }
    const newest = Math.max(...after.map((e) => e.timestamp))
    check(ledger, after, options, newest + D, `seed ${seed} after clear`)
    ledger.clear()
    assert.equal(computeTradingStatistics(ledger, { window: 'all' }, newest).return_days, 0)
  }
})

test('a day closes at the UTC day boundary; a late record reopens it', () => {
  const options = { startingBalance: 10_000 }
  const events = [
    ev('opened', 'BTC', 'long', 1, 100, T0 + 20 * H),
    ev('closed', 'BTC', 'long', 1, 120, T0 + 23 * H)
  ]
  const ledger = ledgerOf(events, options)
  // Day 0 +20 on 10,000 (the newest record's day, still open); day 1 quiet.
  let s = computeTradingStatistics(ledger, { window: 'all' }, T0 + D + H)
  assert.equal(s.return_days, 2)
  // q(5 %) of [0, 0.002]: 0 + 0.05 × 0.002.
  close(s.risk.var_95, 0.05 * 0.002, 'var_95 of [0.002, 0]')
  // A trade on day 1: day 0 closes (folded), day 1 is the newest.
  events.push(ev('opened', 'ETH', 'short', 1, 50, T0 + D + 2 * H), ev('closed', 'ETH', 'short', 1, 60, T0 + D + 3 * H))
  ledger.apply(events[2])
  ledger.apply(events[3])
  s = computeTradingStatistics(ledger, { window: 'all' }, T0 + D + 4 * H)
  // Day 1: −10 on 10,020.
  const day1 = -10 / 10_020
  close(s.risk.var_95, day1 + 0.05 * (0.002 - day1), 'var_95 after the boundary')
  check(ledger, events, options, T0 + D + 4 * H, 'after the boundary')
  // A late exit on day 0, after day 0 was folded: the run notices and starts over.
  events.push(ev('closed', 'SOL', 'long', 1, 10, T0 + 22 * H, { pnl: -30 }))
  ledger.apply(events[4])
  s = computeTradingStatistics(ledger, { window: 'all' }, T0 + D + 4 * H)
  // Day 0: 20 − 30 on 10,000; day 1: −10 on 9,990.
  close(s.risk.var_95, -10 / 9_990 + 0.05 * (-0.001 + 10 / 9_990), 'day 0 reopened')
  check(ledger, events, options, T0 + D + 4 * H, 'late record')
  check(ledger, events, options, T0 + 9 * D, 'quiet days after')
})
