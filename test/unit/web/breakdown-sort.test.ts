import { test } from 'node:test'
import assert from 'node:assert/strict'
import { formatSort, nextSort, parseSort, sortRows } from '../../../web/src/breakdown-sort.ts'
import type { BreakdownRow } from '../../../web/src/breakdown-sort.ts'

const row = (symbol: string | null, trades: number, winRate: number | null, pnl: number, pf: number | null, hold: number | null): BreakdownRow =>
  ({ key: { symbol }, closed_trades: trades, win_rate: winRate, total_pnl: pnl, profit_factor: pf, holding_seconds: { mean: hold } })

// In the API's order: P&L descending.
const ROWS = [
  row('ETHUSDT', 3, 1, 40, null, 30),
  row('BTCUSDT', 2, 0.5, 12.5, 1.8, 60),
  row(null, 1, 1, 3, null, null),
  row('SOLUSDT', 2, 0.5, -7, 0.4, 15),
  row('ADAUSDT', 4, 0, -20, 0, 15)
]
const names = (rows: BreakdownRow[]): Array<string | null> => rows.map((r) => r.key.symbol)

test('sortRows: numbers either way, ties in the API order, nulls last both ways', () => {
  assert.deepEqual(names(sortRows(ROWS, { column: 'total_pnl', descending: true }, 'symbol')), ['ETHUSDT', 'BTCUSDT', null, 'SOLUSDT', 'ADAUSDT'])
  assert.deepEqual(names(sortRows(ROWS, { column: 'total_pnl', descending: false }, 'symbol')), ['ADAUSDT', 'SOLUSDT', null, 'BTCUSDT', 'ETHUSDT'])
  // Win rate 1, 1 (API order kept), 0.5, 0.5, 0.
  assert.deepEqual(names(sortRows(ROWS, { column: 'win_rate', descending: true }, 'symbol')), ['ETHUSDT', null, 'BTCUSDT', 'SOLUSDT', 'ADAUSDT'])
  // Profit factor: null (no losing trade) after every number, in both directions.
  assert.deepEqual(names(sortRows(ROWS, { column: 'profit_factor', descending: true }, 'symbol')), ['BTCUSDT', 'SOLUSDT', 'ADAUSDT', 'ETHUSDT', null])
  assert.deepEqual(names(sortRows(ROWS, { column: 'profit_factor', descending: false }, 'symbol')), ['ADAUSDT', 'SOLUSDT', 'BTCUSDT', 'ETHUSDT', null])
  assert.deepEqual(names(sortRows(ROWS, { column: 'holding', descending: false }, 'symbol')), ['SOLUSDT', 'ADAUSDT', 'ETHUSDT', 'BTCUSDT', null])
})

test('sortRows: the value column sorts the shown text, "(none)" for a record without the key', () => {
  assert.deepEqual(names(sortRows(ROWS, { column: 'value', descending: false }, 'symbol')), [null, 'ADAUSDT', 'BTCUSDT', 'ETHUSDT', 'SOLUSDT'])
  assert.deepEqual(names(sortRows(ROWS, { column: 'value', descending: true }, 'symbol')), ['SOLUSDT', 'ETHUSDT', 'BTCUSDT', 'ADAUSDT', null])
  assert.deepEqual(ROWS.map((r) => r.key.symbol)[0], 'ETHUSDT', 'the input is not reordered')
})

test('a click flips the sorted column, a new column starts highest first (the value column A to Z)', () => {
  assert.deepEqual(nextSort({ column: 'total_pnl', descending: true }, 'total_pnl'), { column: 'total_pnl', descending: false })
  assert.deepEqual(nextSort({ column: 'total_pnl', descending: false }, 'win_rate'), { column: 'win_rate', descending: true })
  assert.deepEqual(nextSort({ column: 'total_pnl', descending: true }, 'value'), { column: 'value', descending: false })
})

test('the URL form round-trips; anything else is the API order', () => {
  for (const order of [{ column: 'win_rate', descending: true }, { column: 'value', descending: false }] as const) {
    assert.deepEqual(parseSort(formatSort(order)), order)
  }
  assert.equal(formatSort({ column: 'holding', descending: true }), '-holding')
  for (const bad of [null, '', '-', 'pnl', '--win_rate', 'key']) assert.deepEqual(parseSort(bad), { column: 'total_pnl', descending: true })
})
