import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { computeTradingStatistics } from '../../../src/trading/trading-statistics.ts'
import type { TradingStatistics } from '../../../src/trading/trading-statistics.ts'
import type { TradeEvent } from '../../../src/trading/trade-event.ts'
import { seededRandom as rng } from '../../../src/core/seeded-random.ts'

const T0 = Date.UTC(2026, 0, 5)
const SYMBOLS = ['BTC', 'ETH', 'SOL']

/** Opens (some with stops), partial and full closes, orphans, and late events out of closing order. */
function stream (seed: number): TradeEvent[] {
  const r = rng(seed)
  const out: TradeEvent[] = []
  const open: Array<{ id: string, symbol: string, side: string }> = []
  let t = T0
  const n = 20 + Math.floor(r() * 120)
  for (let i = 0; i < n; i++) {
    t += Math.floor(r() * 4 * 3_600_000)
    const price = Math.round((50 + r() * 100) * 100) / 100
    const base = { pnl: null, fees: r() < 0.6 ? Math.round(r() * 40) / 100 : null, metadata: null }
    // A late exit: closed before records already in (out of closing order).
    const at = r() < 0.1 ? t - Math.floor(r() * 10 * 3_600_000) : t
    const roll = r()
    if (open.length === 0 || roll < 0.4) {
      const id = `p${i}`
      const symbol = SYMBOLS[Math.floor(r() * SYMBOLS.length)]
      const side = r() < 0.5 ? 'long' : 'short'
      const stop = r() < 0.7 ? (side === 'long' ? price * 0.95 : price * 1.05) : null
      out.push({ ...base, event: 'opened', symbol, side, quantity: 1 + Math.floor(r() * 5), price, trade_id: id, timestamp: t, stop_price: stop })
      open.push({ id, symbol, side })
    } else if (roll < 0.93) {
      const k = Math.floor(r() * open.length)
      const p = open[k]
      const partial = r() < 0.4
      out.push({ ...base, event: partial ? 'reduced' : 'closed', symbol: p.symbol, side: p.side, quantity: partial ? 0.5 : 0, price, trade_id: p.id, timestamp: Math.max(at, t - 1) })
      if (!partial) open.splice(k, 1)
    } else {
      out.push({ ...base, event: 'closed', symbol: 'DOGE', side: 'long', quantity: 1, price, trade_id: null, timestamp: at, pnl: Math.round((r() - 0.5) * 1000) / 100 })
    }
  }
  return out
}

const RATIOS = new Set(['sharpe', 'sortino', 'calmar'])

const near = (a: unknown, b: unknown, what: string): void => {
  if (typeof a === 'number' && typeof b === 'number') assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`)
  else assert.deepEqual(a, b, what)
}

/** Every figure of the running answer against the scan, exactly; the daily ratios to rounding. */
function agree (fast: TradingStatistics, scan: TradingStatistics, what: string): void {
  for (const k of Object.keys(scan) as Array<keyof TradingStatistics>) {
    if (k === 'window') continue
    if (k === 'risk') {
      // Risk figures come from the same daily returns as the ratios: equal to rounding.
      for (const r of Object.keys(scan.risk) as Array<keyof TradingStatistics['risk']>) near(fast.risk[r], scan.risk[r], `${what} risk.${r}`)
      continue
    }
    const a = fast[k]
    const b = scan[k]
    if (RATIOS.has(k) && typeof a === 'number' && typeof b === 'number') {
      assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what} ${k}: ${a} vs ${b}`)
    } else {
      assert.deepEqual(a, b, `${what} ${k}`)
    }
  }
  assert.equal(fast.window.label, 'all')
  assert.deepEqual([fast.window.observed_since, fast.window.observed_hours], [scan.window.observed_since, scan.window.observed_hours])
}

test('on 200 seeded streams the running figures of window all equal the full scan', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const ledger = new TradeLedger({ startingBalance: seed % 3 === 0 ? null : 1_000 })
    const events = stream(seed)
    for (let i = 0; i < events.length; i++) {
      ledger.apply(events[i])
      // Read now and then, so the running figures are read while late records arrive.
      if (i % 17 === 0) computeTradingStatistics(ledger, { window: 'all' }, T0 + 400 * 86_400_000)
    }
    const now = T0 + 400 * 86_400_000
    for (const filter of [{}, { symbol: 'BTC' }, { side: 'short' }, { symbol: 'ETH', side: 'long' }, { symbol: 'DOGE' }, { symbol: 'NONE' }]) {
      const fast = computeTradingStatistics(ledger, { window: 'all', ...filter }, now)
      const scan = computeTradingStatistics(ledger, { sinceMs: 0, untilMs: now, ...filter }, now)
      assert.equal(scan.window.label, 'custom')
      agree(fast, scan, `seed ${seed} ${JSON.stringify(filter)}`)
    }
  }
})

test('window all with a record closed after now falls back to the scan', () => {
  const ledger = new TradeLedger()
  ledger.apply({ event: 'opened', symbol: 'X', side: 'long', quantity: 1, price: 10, pnl: null, fees: null, trade_id: null, timestamp: T0, metadata: null })
  ledger.apply({ event: 'closed', symbol: 'X', side: 'long', quantity: 0, price: 12, pnl: null, fees: null, trade_id: null, timestamp: T0 + 5_000, metadata: null })
  assert.equal(computeTradingStatistics(ledger, { window: 'all' }, T0 + 1_000).closed_trades, 0)
  assert.equal(computeTradingStatistics(ledger, { window: 'all' }, T0 + 6_000).closed_trades, 1)
})
