import { test } from 'node:test'
import assert from 'node:assert/strict'
import { computeBreakdown } from '../../../src/trading/period-breakdown.ts'
import { periodStart, nextPeriodStart, previousPeriodStart } from '../../../src/trading/calendar.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'
import { D, FIXTURE, NOW, T0 } from './fixture.ts'
import { close, ledgerOf } from './helpers.ts'

test('daily breakdown of the fixture against the reference values, newest day first', () => {
  const b = computeBreakdown(ledgerOf(FIXTURE, { startingBalance: 10_000 }), 'day', { count: 5 }, NOW)
  assert.equal(b.unit, 'day')
  assert.deepEqual(b.periods.map((p) => p.date), ['2024-01-05', '2024-01-04', '2024-01-03', '2024-01-02', '2024-01-01'])
  assert.deepEqual(b.periods.map((p) => p.trade_count), [1, 1, 1, 2, 2])
  // reference-values.py: pnl, equity at the day's start, pnl / equity.
  const expected = [
    [9.9, 9992.6, 0.0009907331425254688],
    [5, 9987.6, 0.0005006207697544955],
    [-21, 10008.6, -0.00209819555182543],
    [9.6, 9999, 0.0009600960096009602],
    [-1, 10000, -0.0001]
  ]
  b.periods.forEach((p, i) => {
    close(p.pnl, expected[i][0], `${p.date} pnl`)
    close(p.starting_equity, expected[i][1], `${p.date} equity`)
    close(p.relative_return, expected[i][2], `${p.date} relative return`)
    assert.equal(p.end - p.start, D)
  })
})

test('weekly and monthly breakdowns list empty periods with zeros', () => {
  const ledger = ledgerOf(FIXTURE, { startingBalance: 10_000 })
  const w = computeBreakdown(ledger, 'week', { count: 2 }, NOW)
  assert.deepEqual(w.periods.map((p) => [p.date, p.trade_count]), [['2024-01-01', 7], ['2023-12-25', 0]])
  close(w.periods[0].pnl, 2.5)
  assert.equal(w.periods[1].pnl, 0)
  assert.equal(w.periods[1].relative_return, 0)
  const m = computeBreakdown(ledger, 'month', { count: 2 }, NOW)
  assert.deepEqual(m.periods.map((p) => p.date), ['2024-01-01', '2023-12-01'])
  assert.equal(m.periods[0].end, Date.UTC(2024, 1, 1))
})

test('a symbol filter narrows P&L and counts; equity stays the account\'s', () => {
  const b = computeBreakdown(ledgerOf(FIXTURE, { startingBalance: 10_000 }), 'day', { count: 5, symbol: 'BTCUSDT' }, NOW)
  assert.deepEqual(b.periods.map((p) => p.trade_count), [0, 0, 1, 0, 2])
  close(b.periods[2].pnl, -21)
  close(b.periods[2].starting_equity, 10008.6)
})

test('without a starting balance, equity and relative return are null', () => {
  const b = computeBreakdown(ledgerOf(FIXTURE), 'day', {}, NOW)
  assert.equal(b.periods.length, 7)
  assert.ok(b.periods.every((p) => p.starting_equity === null && p.relative_return === null))
})

test('bad unit or count throws InvalidArgumentError', () => {
  const ledger = ledgerOf([])
  assert.throws(() => computeBreakdown(ledger, 'year', {}, NOW), InvalidArgumentError)
  for (const count of [0, 1001, 1.5, NaN]) assert.throws(() => computeBreakdown(ledger, 'day', { count }, NOW), InvalidArgumentError)
})

test('UTC calendar: ISO weeks start on Monday, months roll over years', () => {
  const sunday = Date.UTC(2024, 0, 7, 23, 59)
  assert.equal(periodStart(sunday, 'week'), T0)
  assert.equal(periodStart(Date.UTC(2024, 0, 8), 'week'), Date.UTC(2024, 0, 8))
  assert.equal(periodStart(Date.UTC(2024, 1, 29, 12), 'month'), Date.UTC(2024, 1, 1))
  assert.equal(nextPeriodStart(Date.UTC(2024, 11, 1), 'month'), Date.UTC(2025, 0, 1))
  assert.equal(previousPeriodStart(Date.UTC(2024, 0, 1), 'month'), Date.UTC(2023, 11, 1))
  assert.equal(periodStart(T0 + 5, 'day'), T0)
})
