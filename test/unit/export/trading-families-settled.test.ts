import { test } from 'node:test'
import assert from 'node:assert/strict'
import { seededRandom as rng } from '../../../src/core/seeded-random.ts'
import { tradingFamilies } from '../../../src/export/trading-families.ts'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import type { ExtraFamily } from '../../../src/export/extra-family.ts'

interface Exit { symbol: string, side: string, pnl: number, at: number, seq: number }

const value = (families: readonly ExtraFamily[], name: string): number => families.find((f) => f.name === name)!.samples[0]?.value ?? NaN

test('the trading families count every record, those that left memory too', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const r = rng(seed)
    const ledger = new TradeLedger({ tradesInMemory: 16 })
    const provider = tradingFamilies(ledger)
    const exits: Exit[] = []
    let at = Date.UTC(2024, 2, 1)
    for (let i = 0; i < 150; i++) {
      const symbol = ['AUSDT', 'BUSDT', 'CUSDT'][Math.floor(r() * 3)]
      const side = r() < 0.5 ? 'long' : 'short'
      at += Math.floor(r() * 600_000)
      const pnl = Math.round((r() - 0.55) * 2000) / 100
      // Reported P&L, so the reference needs no pricing; a few late exits (out of closing order).
      const when = r() < 0.1 ? at - 1_000_000 : at
      const open = ledger.apply({ event: 'opened', symbol, side, quantity: 1, price: 100, pnl: null, fees: 0, trade_id: `t${i}`, timestamp: when - 1000, metadata: null })
      assert.equal(open.status, 'opened')
      const close = ledger.apply({ event: 'closed', symbol, side, quantity: 0, price: 100, pnl, fees: 0, trade_id: `t${i}`, timestamp: when, metadata: null })
      assert.equal(close.status, 'closed')
      exits.push({ symbol, side, pnl, at: when, seq: i })
      if (i % 37 === 0) provider()
    }
    assert.ok(ledger.settledCount > 100, 'most records left memory')
    const families = provider()
    // Reference: per symbol and side, P&L and outcome counts over every exit.
    const pnl = new Map<string, number>()
    const wins = new Map<string, number>()
    for (const e of exits) {
      const k = e.symbol + '/' + e.side
      pnl.set(k, (pnl.get(k) ?? 0) + e.pnl)
      if (e.pnl > 1e-9) wins.set(k, (wins.get(k) ?? 0) + 1)
    }
    const symbolPnl = families.find((f) => f.name === 'breakout_trading_symbol_pnl')!.samples
    assert.equal(symbolPnl.length, pnl.size)
    for (const s of symbolPnl) {
      const want = pnl.get(`${String(s.labels?.symbol)}/${String(s.labels?.side)}`)!
      assert.ok(Math.abs(s.value - want) <= 1e-9 * Math.max(1, Math.abs(want)), `seed ${seed}: ${s.value} vs ${want}`)
    }
    const closed = families.find((f) => f.name === 'breakout_trades_closed')!.samples
    assert.equal(closed.reduce((n, s) => n + s.value, 0), exits.length)
    for (const s of closed.filter((x) => x.labels?.outcome === 'win')) {
      assert.equal(s.value, wins.get(`${String(s.labels?.symbol)}/${String(s.labels?.side)}`))
    }
    // Drawdown now and the losing run up to the newest, in closing order (ties: arrival),
    // where no record arrived so late that it closes before every record still in memory.
    const ordered = [...exits].sort((a, b) => a.at - b.at || a.seq - b.seq)
    let cum = 0; let peak = 0; let streak = 0
    for (const e of ordered) {
      cum += e.pnl
      if (cum > peak) peak = cum
      streak = e.pnl < -1e-9 ? streak + 1 : 0
    }
    assert.equal(value(families, 'breakout_trading_loss_streak'), streak, `seed ${seed}`)
    const tol = 1e-9 * Math.max(1, Math.abs(peak - cum))
    if (ledger.trades.length > 0 && exits.every((e) => e.at >= ledger.trades[0].closed_at || ordered.indexOf(e) < ledger.settledCount)) {
      assert.ok(Math.abs(value(families, 'breakout_trading_drawdown') - (peak - cum)) <= tol, `seed ${seed}`)
    }
    assert.ok(Math.abs(value(families, 'breakout_trading_total_pnl') - cum) <= 1e-9 * Math.max(1, Math.abs(cum)))
  }
})
