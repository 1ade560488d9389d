import { test } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidArgumentError } from '../../../src/core/errors.ts'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { BREAKDOWN_BY, computeGroupBreakdown } from '../../../src/trading/breakdown.ts'
import { computeTradingStatistics } from '../../../src/trading/trading-statistics.ts'
import type { TradeEvent } from '../../../src/trading/trade-event.ts'
import { ev, H, T0 } from './fixture.ts'
import { seededRandom as rng } from '../../../src/core/seeded-random.ts'

const NOW = T0 + 100 * H

/** Four round trips whose figures are worked out by hand below. */
function handLedger (): TradeLedger {
  const l = new TradeLedger()
  const events: TradeEvent[] = [
    { ...ev('opened', 'BTCUSDT', 'long', 1, 100, T0), strategy: 's1', entry_tag: 't1' },
    { ...ev('closed', 'BTCUSDT', 'long', 1, 110, T0 + H), exit_reason: 'tp' }, // +10, 3600 s
    { ...ev('opened', 'ETHUSDT', 'short', 2, 50, T0 + 2 * H), strategy: 's1', entry_tag: 't2' },
    { ...ev('closed', 'ETHUSDT', 'short', 2, 55, T0 + 4 * H), exit_reason: 'sl' }, // -10, 7200 s
    { ...ev('opened', 'BTCUSDT', 'long', 1, 100, T0 + 5 * H), strategy: 's2', entry_tag: 't1' },
    { ...ev('closed', 'BTCUSDT', 'long', 1, 130, T0 + 6 * H), exit_reason: 'tp' }, // +30, 3600 s
    { ...ev('opened', 'SOLUSDT', 'long', 1, 10, T0 + 7 * H), strategy: 's2', entry_tag: 't1' },
    { ...ev('closed', 'SOLUSDT', 'long', 1, 9, T0 + 8 * H), exit_reason: 'sl' } // -1, 3600 s
  ]
  for (const e of events) assert.notEqual(l.apply(e).status, 'rejected')
  return l
}

test('by strategy: each row\'s figures as computed by hand, highest P&L first', () => {
  const b = computeGroupBreakdown(handLedger(), { by: 'strategy' }, NOW)
  assert.deepEqual(b.by, ['strategy'])
  const row = (strategy: string, n: number, wins: number, losses: number, total: number, pf: number, dd: number,
    holding: { mean: number, median: number, max: number }): unknown => ({
    key: { strategy },
    closed_trades: n,
    wins,
    losses,
    win_rate: wins / n,
    total_pnl: total,
    avg_pnl: total / n,
    profit_factor: pf,
    expectancy: total / n,
    max_drawdown: dd,
    holding_seconds: holding
  })
  // s2: +30 then -1 (a fall of 1 from 30); s1: +10 then -10 (a fall of 10), held 3600 s and 7200 s.
  assert.deepEqual(b.rows, [
    row('s2', 2, 1, 1, 29, 30, 1, { mean: 3600, median: 3600, max: 3600 }),
    row('s1', 2, 1, 1, 0, 1, 10, { mean: 5400, median: 5400, max: 7200 })
  ])
  assert.equal(b.total.closed_trades, 4)
  assert.equal(b.total.total_pnl, 29)
  // Cumulative 10, 0, 30, 29: the deepest fall from a peak is 10.
  assert.equal(b.total.max_drawdown, 10)
})

test('by exit reason, by entry tag and exit reason, by side, with filters and windows', () => {
  const l = handLedger()
  const exits = computeGroupBreakdown(l, { by: 'exit_reason' }, NOW)
  assert.deepEqual(exits.rows.map((r) => [r.key.exit_reason, r.total_pnl, r.wins, r.losses, r.profit_factor, r.max_drawdown]), [
    ['tp', 40, 2, 0, null, 0],
    ['sl', -11, 0, 2, 0, 11]
  ])
  const mix = computeGroupBreakdown(l, { by: 'entry_tag,exit_reason' }, NOW)
  assert.deepEqual(mix.rows.map((r) => [r.key.entry_tag, r.key.exit_reason, r.total_pnl]), [
    ['t1', 'tp', 40], ['t1', 'sl', -1], ['t2', 'sl', -10]
  ])
  const sides = computeGroupBreakdown(l, { by: 'side' }, NOW)
  assert.deepEqual(sides.rows.map((r) => [r.key.side, r.closed_trades, r.total_pnl]), [['long', 3, 39], ['short', 1, -10]])
  const btc = computeGroupBreakdown(l, { by: 'strategy', symbol: 'BTCUSDT' }, NOW)
  assert.deepEqual(btc.rows.map((r) => [r.key.strategy, r.total_pnl]), [['s2', 30], ['s1', 10]])
  // The window holds the exits at 6 h and 8 h only.
  const late = computeGroupBreakdown(l, { by: 'symbol', sinceMs: T0 + 5 * H, untilMs: T0 + 9 * H }, NOW)
  assert.deepEqual(late.rows.map((r) => [r.key.symbol, r.total_pnl]), [['BTCUSDT', 30], ['SOLUSDT', -1]])
  // Records without a context value form the row whose key is null.
  const bare = new TradeLedger()
  bare.apply(ev('opened', 'A', 'long', 1, 10, T0))
  bare.apply(ev('closed', 'A', 'long', 1, 12, T0 + H))
  assert.deepEqual(computeGroupBreakdown(bare, { by: 'strategy' }, NOW).rows.map((r) => r.key), [{ strategy: null }])
  assert.throws(() => computeGroupBreakdown(l, { by: 'exit_reason,entry_tag' }, NOW), InvalidArgumentError)
  assert.throws(() => computeGroupBreakdown(l, { by: 'pnl' }, NOW), InvalidArgumentError)
})

/** Random opens, partial and full closes, orphans, with random (sometimes absent) context. */
function stream (seed: number, count: number): TradeEvent[] {
  const r = rng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]
  const maybe = (xs: readonly string[]): string | undefined => r() < 0.2 ? undefined : pick(xs)
  const out: TradeEvent[] = []
  const open: Array<{ symbol: string, side: string, qty: number }> = []
  let t = T0
  for (let i = 0; i < count; i++) {
    t += Math.floor(r() * H)
    const price = 50 + Math.round(r() * 10_000) / 100
    const fees = r() < 0.5 ? Math.round(r() * 100) / 100 : undefined
    if (open.length === 0 || r() < 0.4) {
      const p = { symbol: pick(['BTC', 'ETH', 'SOL', 'XRP']), side: pick(['long', 'short']), qty: 1 + Math.floor(r() * 4) }
      if (!open.some((o) => o.symbol === p.symbol && o.side === p.side)) open.push(p)
      out.push({ ...ev('opened', p.symbol, p.side, p.qty, price, t, { fees }), strategy: maybe(['a', 'b', 'c']), entry_tag: maybe(['x', 'y']) })
    } else if (r() < 0.05) {
      out.push({ ...ev('closed', 'ORPHAN', 'long', 1, price, t, { pnl: Math.round((r() - 0.5) * 1000) / 100 }), exit_reason: maybe(['tp', 'sl']) })
    } else {
      const k = Math.floor(r() * open.length)
      const p = open[k]
      const partial = p.qty > 1 && r() < 0.4
      if (partial) p.qty -= 1
      else open.splice(k, 1)
      out.push({ ...ev(partial ? 'reduced' : 'closed', p.symbol, p.side, partial ? 1 : p.qty, price, t, { fees }), exit_reason: maybe(['tp', 'sl', 'trail', 'timeout']) })
    }
  }
  return out
}

test('property: per-row counts and P&L add up to the total, for every grouping, on seeded streams', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const l = new TradeLedger()
    for (const e of stream(seed, 300)) l.apply(e)
    const end = l.trades.at(-1)?.closed_at ?? T0
    const windows = [{}, { sinceMs: T0 + 20 * H, untilMs: end - 10 * H }, { side: 'short' }, { symbol: 'ETH' }]
    for (const by of BREAKDOWN_BY) {
      for (const w of windows) {
        const b = computeGroupBreakdown(l, { by, ...w }, end)
        const stats = computeTradingStatistics(l, w, end)
        const sum = (f: (r: typeof b.rows[number]) => number): number => b.rows.reduce((s, r) => s + f(r), 0)
        const at = `seed ${seed}, by ${by}, ${JSON.stringify(w)}`
        assert.equal(sum((r) => r.closed_trades), b.total.closed_trades, at)
        assert.equal(sum((r) => r.wins), b.total.wins, at)
        assert.equal(sum((r) => r.losses), b.total.losses, at)
        assert.ok(Math.abs(sum((r) => r.total_pnl) - b.total.total_pnl) <= 1e-9 * Math.max(1, Math.abs(b.total.total_pnl)), at)
        // The total agrees with /trading over the same window and filter.
        assert.equal(b.total.closed_trades, stats.closed_trades, at)
        assert.ok(Math.abs(b.total.total_pnl - stats.total_pnl) <= 1e-9, at)
        assert.equal(b.total.max_drawdown, stats.max_drawdown, at)
        for (let i = 1; i < b.rows.length; i++) assert.ok(b.rows[i - 1].total_pnl >= b.rows[i].total_pnl, at)
        const keys = new Set(b.rows.map((r) => JSON.stringify(r.key)))
        assert.equal(keys.size, b.rows.length, at)
      }
    }
  }
})
