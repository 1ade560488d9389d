import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { computeTradingStatistics } from '../../../src/trading/trading-statistics.ts'
import { computeBreakdown } from '../../../src/trading/period-breakdown.ts'
import type { TradeEvent } from '../../../src/trading/trade-event.ts'
import { ev, H, T0 } from './fixture.ts'
import { seededRandom as rng } from '../../../src/core/seeded-random.ts'

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT']

/**
 * A random but plausible event stream over ~10 days: opens, scale-ins,
 * partial and full closes, some with trade ids, fees, reported P&L, rebates,
 * plus a few events the ledger must reject.
 */
function generate (seed: number, count: number): TradeEvent[] {
  const r = rng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]
  const open: Array<{ symbol: string, side: string, id: string | null, qty: number }> = []
  const out: TradeEvent[] = []
  let t = T0
  let ids = 0
  for (let i = 0; i < count; i++) {
    t += Math.floor(r() * 2 * H)
    const price = Math.round((50 + r() * 100) * 100) / 100
    const fees = r() < 0.7 ? Math.round(r() * 50) / 100 - 0.05 : undefined
    const roll = r()
    if (open.length === 0 || roll < 0.35) {
      const side = pick(['long', 'short', 'buy', 'sell'])
      const id = r() < 0.4 ? `t${++ids}` : null
      const qty = Math.round((0.1 + r() * 5) * 1000) / 1000
      out.push(ev('opened', pick(SYMBOLS), side, qty, price, t, { fees, trade_id: id ?? undefined }))
      const e = out[out.length - 1]
      const same = open.find((p) => id === null && p.id === null && p.symbol === e.symbol && (p.side === side || sideOf(p.side) === sideOf(side)))
      if (same !== undefined) same.qty += qty
      else open.push({ symbol: e.symbol, side, id, qty })
    } else if (roll < 0.93) {
      const k = Math.floor(r() * open.length)
      const p = open[k]
      const pnl = r() < 0.2 ? Math.round((r() - 0.5) * 2000) / 100 : undefined
      if (r() < 0.5 && p.qty > 0.01) {
        const qty = Math.round(p.qty * r() * 0.9 * 1000) / 1000 || 0.001
        out.push(ev('reduced', p.symbol, p.side, qty, price, t, { fees, pnl, trade_id: p.id ?? undefined }))
        p.qty -= qty
      } else {
        out.push(ev('closed', p.symbol, p.side, 0, price, t, { fees, pnl, trade_id: p.id ?? undefined }))
        open.splice(k, 1)
      }
    } else {
      // Not allowed: a close with no open position, or a reduce too large.
      out.push(roll < 0.97
        ? ev('closed', 'NOPE', 'long', 1, price, t)
        : ev('reduced', open[0].symbol, open[0].side, 1e9, price, t, { trade_id: open[0].id ?? undefined }))
    }
  }
  return out
}

function sideOf (s: string): string {
  return s === 'buy' ? 'long' : s === 'sell' ? 'short' : s
}

const SEEDS = Array.from({ length: 40 }, (_, i) => 1000 + i * 7919)

function build (events: readonly TradeEvent[]): TradeLedger {
  const ledger = new TradeLedger({ startingBalance: 100_000 })
  for (const e of events) ledger.apply(e)
  return ledger
}

const near = (a: number, b: number, scale = 1): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, scale)

test('wins + losses + break_even = closed_trades, for every window, symbol and side', () => {
  for (const seed of SEEDS) {
    const events = generate(seed, 300)
    const ledger = build(events)
    const now = events[events.length - 1].timestamp
    for (const query of [{}, { window: '24h' }, { window: '7d' }, { window: '1h' }, { symbol: 'BTCUSDT' }, { side: 'short' },
      { symbol: 'ETHUSDT', side: 'long', window: '7d' }]) {
      const s = computeTradingStatistics(ledger, query, now)
      assert.equal(s.wins + s.losses + s.break_even, s.closed_trades, `seed ${seed} ${JSON.stringify(query)}`)
      if (s.win_rate !== null) assert.ok(s.win_rate >= 0 && s.win_rate <= 1)
      assert.ok(s.max_drawdown >= 0)
      assert.ok(s.max_win_streak <= s.wins && s.max_loss_streak <= s.losses)
      assert.ok(s.closed_positions <= s.closed_trades)
    }
  }
})

test('per-symbol and per-side P&L and counts add up to the total', () => {
  for (const seed of SEEDS) {
    const events = generate(seed, 300)
    const ledger = build(events)
    const now = events[events.length - 1].timestamp
    for (const window of ['all', '24h', '7d']) {
      const all = computeTradingStatistics(ledger, { window }, now)
      let pnl = 0; let n = 0; let gp = 0
      for (const symbol of SYMBOLS) {
        const s = computeTradingStatistics(ledger, { window, symbol }, now)
        pnl += s.total_pnl; n += s.closed_trades; gp += s.gross_profit
      }
      const scale = Math.abs(all.gross_profit) + Math.abs(all.gross_loss)
      assert.ok(near(pnl, all.total_pnl, scale), `seed ${seed} ${window}: ${pnl} vs ${all.total_pnl}`)
      assert.ok(near(gp, all.gross_profit, scale))
      assert.equal(n, all.closed_trades)
      const long = computeTradingStatistics(ledger, { window, side: 'long' }, now)
      const short = computeTradingStatistics(ledger, { window, side: 'short' }, now)
      assert.ok(near(long.total_pnl + short.total_pnl, all.total_pnl, scale))
      assert.equal(long.open_positions + short.open_positions, all.open_positions)
    }
  }
})

test('total P&L = gross profit + gross loss, up to the break-even tolerance', () => {
  for (const seed of SEEDS) {
    const events = generate(seed, 300)
    const s = computeTradingStatistics(build(events), {}, events[events.length - 1].timestamp)
    const scale = Math.abs(s.gross_profit) + Math.abs(s.gross_loss)
    assert.ok(Math.abs(s.total_pnl - s.gross_profit - s.gross_loss) <= s.break_even * 1e-9 + 1e-9 * Math.max(1, scale))
  }
})

test('adjacent windows partition the trades: their P&L and counts add up', () => {
  for (const seed of SEEDS) {
    const events = generate(seed, 300)
    const ledger = build(events)
    const end = events[events.length - 1].timestamp
    const mid = Math.floor((T0 + end) / 2)
    const a = computeTradingStatistics(ledger, { sinceMs: T0, untilMs: mid }, end)
    const b = computeTradingStatistics(ledger, { sinceMs: mid + 1, untilMs: end }, end)
    const all = computeTradingStatistics(ledger, { sinceMs: T0, untilMs: end }, end)
    assert.equal(a.closed_trades + b.closed_trades, all.closed_trades)
    assert.ok(near(a.total_pnl + b.total_pnl, all.total_pnl, Math.abs(all.gross_profit) + Math.abs(all.gross_loss)))
  }
})

test('daily periods covering the whole history add up to the total', () => {
  for (const seed of SEEDS.slice(0, 10)) {
    const events = generate(seed, 300)
    const ledger = build(events)
    const now = events[events.length - 1].timestamp
    const b = computeBreakdown(ledger, 'day', { count: 1000 }, now)
    const all = computeTradingStatistics(ledger, {}, now)
    assert.equal(b.periods.reduce((n, p) => n + p.trade_count, 0), all.closed_trades)
    const sum = b.periods.reduce((x, p) => x + p.pnl, 0)
    assert.ok(near(sum, all.total_pnl, Math.abs(all.gross_profit) + Math.abs(all.gross_loss)))
  }
})

test('each closed position closes exactly the quantity it opened and carries every fee paid on it', () => {
  for (const seed of SEEDS) {
    const events = generate(seed, 300)
    const ledger = new TradeLedger({ startingBalance: 100_000 })
    const opened = new Map<number, number>()
    const feesPaid = new Map<number, number>()
    let rejected = 0
    for (const e of events) {
      const r = ledger.apply(e)
      if (r.status === 'rejected') { rejected++; continue }
      if (r.status === 'ignored') continue
      let pid: number
      if ('trade' in r) {
        pid = r.trade.position_id
      } else {
        pid = r.position.position_id
        opened.set(pid, (opened.get(pid) ?? 0) + e.quantity)
      }
      feesPaid.set(pid, (feesPaid.get(pid) ?? 0) + (e.fees ?? 0))
    }
    assert.ok(rejected > 0 && rejected < events.length / 5, `seed ${seed}: ${rejected} rejected`)
    const closedQty = new Map<number, number>()
    const recordFees = new Map<number, number>()
    for (const t of ledger.trades) {
      closedQty.set(t.position_id, (closedQty.get(t.position_id) ?? 0) + t.quantity)
      recordFees.set(t.position_id, (recordFees.get(t.position_id) ?? 0) + t.fees)
    }
    let closedPositions = 0
    for (const t of ledger.trades) {
      if (!t.final) continue
      closedPositions++
      const pid = t.position_id
      assert.ok(near(closedQty.get(pid)!, opened.get(pid)!, opened.get(pid)), `seed ${seed} position ${pid} quantity`)
      assert.ok(near(recordFees.get(pid)!, feesPaid.get(pid)!, 10), `seed ${seed} position ${pid} fees`)
    }
    assert.ok(closedPositions > 10)
    for (const p of ledger.openPositions()) {
      assert.ok(near(closedQty.get(p.position_id) ?? 0, p.closed_quantity, p.closed_quantity))
      assert.ok(near(p.quantity + p.closed_quantity, opened.get(p.position_id)!, p.quantity))
    }
    // Determinism: the same events rebuild the same records, as a journal replay relies on.
    const replay = build(events)
    assert.deepEqual(replay.trades, ledger.trades)
    assert.deepEqual(replay.openPositions(), ledger.openPositions())
  }
})
