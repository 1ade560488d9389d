import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { cachedDrawdownPct, currentDrawdownPct, dailyRealizedPnl } from '../../../src/trading/ledger-health.ts'
import { D, ev, H, T0 } from './fixture.ts'
import { close } from './helpers.ts'

/** Closes a long of 1 unit from 100 at `exit`, at `t`: P&L exit - 100. */
function roundTrip (ledger: TradeLedger, exit: number, t: number): void {
  ledger.apply(ev('opened', 'X', 'long', 1, 100, t - 1))
  ledger.apply(ev('closed', 'X', 'long', 1, exit, t))
}

test('current drawdown: from the peak of realized equity to its latest value, percent', () => {
  const ledger = new TradeLedger({ startingBalance: 10_000 })
  assert.equal(currentDrawdownPct(ledger), 0)
  roundTrip(ledger, 500, T0 + H) // computed +400: equity 10,400, the peak
  assert.equal(currentDrawdownPct(ledger), 0)
  ledger.apply(ev('closed', 'Y', 'long', 1, 10, T0 + 2 * H, { pnl: -1300 })) // an orphan counts too: 9,100
  // Worked by hand: (10,400 - 9,100) / 10,400 = 12.5 %.
  close(currentDrawdownPct(ledger), 12.5)
  ledger.apply(ev('closed', 'Y', 'long', 1, 10, T0 + 3 * H, { pnl: 650 })) // 9,750
  close(currentDrawdownPct(ledger), 6.25)
  // A late record is placed in closing order: 10,000 -> 11,600 -> 12,000 -> 10,700 -> 11,350.
  ledger.apply(ev('closed', 'Y', 'long', 1, 10, T0 + H / 2, { pnl: 1600 }))
  close(currentDrawdownPct(ledger), (12_000 - 11_350) / 12_000 * 100)
})

test('current drawdown is null without a starting balance, and cached per ledger change', () => {
  const none = new TradeLedger()
  roundTrip(none, 90, T0)
  assert.equal(currentDrawdownPct(none), null)
  const ledger = new TradeLedger({ startingBalance: 1000 })
  const cached = cachedDrawdownPct(ledger)
  assert.equal(cached(), 0)
  roundTrip(ledger, 50, T0) // -50
  close(cached(), 5)
})

test('daily P&L: the records closed in the UTC day of now', () => {
  const ledger = new TradeLedger()
  const day = T0 + 3 * D
  ledger.apply(ev('closed', 'A', 'long', 1, 10, day - 1, { pnl: 100 })) // yesterday
  ledger.apply(ev('closed', 'A', 'long', 1, 10, day, { pnl: -30 }))
  ledger.apply(ev('closed', 'B', 'short', 1, 10, day + 20 * H, { pnl: -12.5 }))
  ledger.apply(ev('closed', 'A', 'long', 1, 10, day + D, { pnl: 7 })) // tomorrow
  close(dailyRealizedPnl(ledger, day + 12 * H), -42.5)
  close(dailyRealizedPnl(ledger, day - 5), 100)
  assert.equal(dailyRealizedPnl(ledger, day + 5 * D), 0)
})
