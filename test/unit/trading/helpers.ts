import assert from 'node:assert/strict'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import type { TradingOptions } from '../../../src/trading/trading-options.ts'
import type { TradeEvent } from '../../../src/trading/trade-event.ts'

/** Asserts |actual - expected| <= 1e-9 relative (or absolute near 0). */
export function close (actual: number | null | undefined, expected: number, what = ''): void {
  assert.equal(typeof actual, 'number', `${what}: expected a number, got ${String(actual)}`)
  const tol = 1e-9 * Math.max(1, Math.abs(expected))
  assert.ok(Math.abs((actual as number) - expected) <= tol, `${what}: ${String(actual)} is not ${expected}`)
}

/** A ledger fed with `events`; fails the test on any rejected event. */
export function ledgerOf (events: readonly TradeEvent[], options: Partial<TradingOptions> = {}): TradeLedger {
  const ledger = new TradeLedger(options)
  for (const e of events) {
    const r = ledger.apply(e)
    if (r.status === 'rejected') assert.fail(`rejected ${JSON.stringify(e)}: ${r.error.message}`)
  }
  return ledger
}

/**
 * A seeded stream of positions opened 10 min apart from `t0` over `symbols` symbols, 3 strategies,
 * entry tags and exit reasons, each with a partial exit; odd seeds deliver a share `lateRate` of
 * the exits late (after later positions' events).
 */
export function seededPositions (seed: number, positions: number, t0: number, symbols: number, lateRate: number): TradeEvent[] {
  let x = seed
  const rnd = (): number => { x = (x * 1_103_515_245 + 12_345) % 2_147_483_648; return x / 2_147_483_648 }
  const out: TradeEvent[] = []
  const late: TradeEvent[] = []
  for (let i = 0; i < positions; i++) {
    const symbol = `S${Math.floor(rnd() * symbols)}`
    const side = rnd() < 0.4 ? 'short' : 'long'
    const at = t0 + i * 600_000
    const price = 100 * (0.9 + rnd() * 0.2)
    const base = { symbol, side, pnl: null, fees: 0.1, trade_id: `t${i}`, metadata: null }
    out.push({ ...base, event: 'opened', quantity: 2, price, timestamp: at, strategy: `st${i % 3}`, entry_tag: rnd() < 0.5 ? 'a' : 'b' })
    const exits: TradeEvent[] = [
      { ...base, event: 'reduced', quantity: 1, price: price * (0.97 + rnd() * 0.06), timestamp: at + 60_000, exit_reason: 'partial' },
      { ...base, event: 'closed', quantity: 0, price: price * (0.95 + rnd() * 0.1), timestamp: at + 60_000 + Math.floor(rnd() * 3_000_000), exit_reason: rnd() < 0.5 ? 'tp' : 'sl' }
    ]
    if (seed % 2 === 1 && rnd() < lateRate) late.push(...exits)
    else out.push(...exits)
    if (late.length > 0 && rnd() < 0.2) out.push(...late.splice(0))
  }
  out.push(...late)
  return out
}
