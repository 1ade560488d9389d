import { test } from 'node:test'
import assert from 'node:assert/strict'
import { excursionPoints, niceTicks } from '../../../web/src/excursion-points.ts'

test('niceTicks: 0 to past the maximum in steps of 1, 2 or 5 times a power of ten', () => {
  assert.deepEqual(niceTicks(2.7, 5), [0, 1, 2, 3])
  assert.deepEqual(niceTicks(1.2, 5), [0, 0.5, 1, 1.5])
  assert.deepEqual(niceTicks(0.3, 4), [0, 0.1, 0.2, 0.3])
  assert.deepEqual(niceTicks(45, 4), [0, 20, 40, 60])
  assert.deepEqual(niceTicks(0, 5), [0, 1])
})

test('excursionPoints: records with both excursions, by outcome of their P&L', () => {
  const base = { timeMs: 0, symbol: 'X', side: 'long', event: 'closed' }
  const points = excursionPoints([
    { ...base, pnl: 5, maePct: 0.2, mfePct: 1.4 },
    { ...base, pnl: -3, maePct: 1.1, mfePct: 0 },
    { ...base, pnl: 0, maePct: 0, mfePct: 0 },
    { ...base, pnl: 7 }
  ])
  assert.deepEqual(points, [{ mae: 0.2, mfe: 1.4, outcome: 'win' }, { mae: 1.1, mfe: 0, outcome: 'loss' }, { mae: 0, mfe: 0, outcome: 'even' }])
})
