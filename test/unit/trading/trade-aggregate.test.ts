import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TradeAggregate } from '../../../src/trading/trade-aggregate.ts'
import type { AggregatedTrade } from '../../../src/trading/trade-aggregate.ts'
import { seededRandom as mulberry32 } from '../../../src/core/seeded-random.ts'

// A small seeded generator, independent of the code under test.
function stream (seed: number): AggregatedTrade[] {
  const rnd = mulberry32(seed)
  const n = Math.floor(rnd() * 60)
  const out: AggregatedTrade[] = []
  for (let i = 0; i < n; i++) {
    const r = rnd()
    const pnl = r < 0.1 ? 0 : Math.round((rnd() - 0.45) * 2000) / 100
    out.push({
      pnl,
      fees: Math.round(rnd() * 100) / 100,
      outcome: pnl > 0 ? 'win' : pnl < 0 ? 'loss' : 'break_even',
      final: rnd() < 0.7,
      holding_seconds: rnd() < 0.1 ? null : Math.round(rnd() * 3600)
    })
  }
  return out
}

// Reference figures by a plain scan, written for the test.
function reference (ts: AggregatedTrade[]): Record<string, number> {
  let cum = 0; let peak = 0; let dd = 0; let w = 0; let l = 0; let mw = 0; let ml = 0
  for (const t of ts) {
    cum += t.pnl
    peak = Math.max(peak, cum)
    dd = Math.max(dd, peak - cum)
    if (t.pnl > 0) { w++; l = 0 } else if (t.pnl < 0) { l++; w = 0 } else { w = 0; l = 0 }
    mw = Math.max(mw, w); ml = Math.max(ml, l)
  }
  const held = ts.filter((t) => t.holding_seconds !== null).map((t) => t.holding_seconds as number)
  return {
    count: ts.length,
    wins: ts.filter((t) => t.pnl > 0).length,
    losses: ts.filter((t) => t.pnl < 0).length,
    total: ts.reduce((s, t) => s + t.pnl, 0),
    fees: ts.reduce((s, t) => s + t.fees, 0),
    closedPositions: ts.filter((t) => t.final).length,
    maxDrawdown: dd,
    maxWinStreak: mw,
    maxLossStreak: ml,
    holdingCount: held.length,
    holdingSum: held.reduce((s, h) => s + h, 0),
    largestWin: Math.max(-Infinity, ...ts.filter((t) => t.pnl > 0).map((t) => t.pnl)),
    largestLoss: Math.min(Infinity, ...ts.filter((t) => t.pnl < 0).map((t) => t.pnl))
  }
}

function check (agg: TradeAggregate, ref: Record<string, number>, what: string): void {
  for (const [k, v] of Object.entries(ref)) {
    const got = (agg as unknown as Record<string, number>)[k]
    const ok = Number.isFinite(v) ? Math.abs(got - v) <= 1e-9 * Math.max(1, Math.abs(v)) : got === v
    assert.ok(ok, `${what}: ${k} is ${got}, expected ${v}`)
  }
}

test('added one by one, or split anywhere and merged, an aggregate equals a plain scan (300 seeds)', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const ts = stream(seed)
    const whole = new TradeAggregate()
    for (const t of ts) whole.add(t)
    check(whole, reference(ts), `seed ${seed} whole`)
    // Split into three runs at seeded points and merge them in order.
    const rnd = mulberry32(seed * 7919)
    const i = Math.floor(rnd() * (ts.length + 1))
    const j = i + Math.floor(rnd() * (ts.length - i + 1))
    const parts = [ts.slice(0, i), ts.slice(i, j), ts.slice(j)].map((p) => {
      const a = new TradeAggregate()
      for (const t of p) a.add(t)
      return a
    })
    parts[0].merge(parts[1])
    parts[0].merge(parts[2])
    check(parts[0], reference(ts), `seed ${seed} split at ${i},${j}`)
  }
})

test('streaks join across a merge; a drawdown from a high in one run to a low in the next counts', () => {
  const t = (pnl: number): AggregatedTrade => ({ pnl, fees: 0, outcome: pnl > 0 ? 'win' : pnl < 0 ? 'loss' : 'break_even', final: true, holding_seconds: 1 })
  const a = new TradeAggregate(); [5, -1, 3, 3].forEach((p) => a.add(t(p)))
  const b = new TradeAggregate(); [2, -4, -4, 1].forEach((p) => b.add(t(p)))
  a.merge(b)
  assert.equal(a.maxWinStreak, 3)
  assert.equal(a.maxLossStreak, 2)
  assert.equal(a.maxDrawdown, 8) // high 12 after the 2, low 4 after the two -4
})
