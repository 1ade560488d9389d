import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { computeTradingStatistics } from '../../../src/trading/trading-statistics.ts'
import type { TradeEvent } from '../../../src/trading/trade-event.ts'
import { seededRandom as rng } from '../../../src/core/seeded-random.ts'
import { H, T0, ev } from './fixture.ts'

const OPTIONS = { startingBalance: 5_000, tradesInMemory: 40 }

/** Positions a few minutes to an hour apart over two symbols, some exits late (out of closing order). */
function stream (seed: number): TradeEvent[] {
  const r = rng(seed)
  const out: TradeEvent[] = []
  const open: Array<{ id: string, symbol: string, side: string }> = []
  let t = T0
  for (let i = 0; i < 250; i++) {
    t += Math.floor(r() * r() * 2 * H)
    const price = Math.round((80 + r() * 40) * 100) / 100
    if (open.length === 0 || r() < 0.45) {
      const p = { id: `p${i}`, symbol: r() < 0.5 ? 'BTC' : 'ETH', side: r() < 0.5 ? 'long' : 'short' }
      out.push(ev('opened', p.symbol, p.side, 2, price, t, { trade_id: p.id, fees: 0.1 }))
      open.push(p)
    } else {
      const k = Math.floor(r() * open.length)
      const p = open[k]
      const partial = r() < 0.3
      const at = r() < 0.05 ? t - Math.floor(r() * 3 * H) : t
      out.push(ev(partial ? 'reduced' : 'closed', p.symbol, p.side, partial ? 1 : 0, price, at, { trade_id: p.id, fees: 0.1 }))
      if (!partial) open.splice(k, 1)
    }
  }
  return out
}

test('windows past memory read between trades equal a ledger built afresh (kept memory cells)', () => {
  let merged = 0
  for (let seed = 1; seed <= 12; seed++) {
    const events = stream(seed)
    const ledger = new TradeLedger(OPTIONS)
    const r = rng(seed * 31)
    for (let i = 0; i < events.length; i++) {
      ledger.apply(events[i])
      if (ledger.settledCount === 0 || r() > 0.2) continue
      const now = Math.max(...events.slice(0, i + 1).map((e) => e.timestamp)) + Math.floor(r() * H)
      const fresh = new TradeLedger(OPTIONS)
      for (const e of events.slice(0, i + 1)) fresh.apply(e)
      const since = ledger.trades[0].closed_at - Math.floor(r() * 6 * H)
      for (const q of [{ window: '24h' }, { window: '7d', symbol: 'ETH' }, { sinceMs: since, untilMs: now - Math.floor(r() * 2 * H) }, { window: '24h', side: 'short' }]) {
        const kept = computeTradingStatistics(ledger, q, now)
        // The same bits: cells kept across reads hold what cells built in one pass hold.
        assert.deepEqual(kept, computeTradingStatistics(fresh, q, now), `seed ${seed} event ${i} ${JSON.stringify(q)}`)
        if (kept.closed_trades >= 32) merged++
      }
    }
  }
  assert.ok(merged > 100, `only ${merged} reads merged memory cells`)
})
