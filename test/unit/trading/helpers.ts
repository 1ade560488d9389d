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
