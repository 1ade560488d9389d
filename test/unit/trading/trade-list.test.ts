import { test } from 'node:test'
import assert from 'node:assert/strict'
import { listTrades } from '../../../src/trading/trade-list.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'
import { FIXTURE, NOW } from './fixture.ts'
import { ledgerOf } from './helpers.ts'

test('pages run newest first with a total', () => {
  const ledger = ledgerOf(FIXTURE)
  const p1 = listTrades(ledger, { limit: 3 }, NOW)
  assert.equal(p1.total, 7)
  assert.deepEqual(p1.trades.map((t) => t.id), [7, 6, 5])
  const p3 = listTrades(ledger, { limit: 3, offset: 6 }, NOW)
  assert.deepEqual(p3.trades.map((t) => t.id), [1])
  assert.equal(listTrades(ledger, { offset: 50 }, NOW).trades.length, 0)
  const eth = listTrades(ledger, { symbol: 'ETHUSDT' }, NOW)
  assert.deepEqual(eth.trades.map((t) => t.symbol), ['ETHUSDT', 'ETHUSDT'])
  assert.equal(listTrades(ledger, { window: '24h' }, NOW).total, 1)
})

test('paging arguments are checked', () => {
  const ledger = ledgerOf(FIXTURE)
  for (const q of [{ limit: 0 }, { limit: 1001 }, { limit: 2.5 }, { offset: -1 }, { offset: 0.5 }]) {
    assert.throws(() => listTrades(ledger, q, NOW), InvalidArgumentError, JSON.stringify(q))
  }
})
