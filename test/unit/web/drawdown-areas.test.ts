import { test } from 'node:test'
import assert from 'node:assert/strict'
import { drawdownAreas } from '../../../web/src/drawdown-areas.ts'

test('drawdownAreas: one polygon per fall below the running peak, closed where the curve gets back', () => {
  // Peak 12 at t=1; falls to 9 and 10; back above 12 between t=3 (10) and t=4 (14): 3 + 2/4 = 3.5.
  // Then a new peak 14, a fall to 13 still open at the window's end.
  const out = drawdownAreas({ t: [0, 1, 2, 3, 4, 5], v: [10, 12, 9, 10, 14, 13] }, 0, 5)
  assert.deepEqual(out.areas, [
    { peak: 12, t: [1, 2, 3, 3.5], v: [12, 9, 10, 12], depth: 3 },
    { peak: 14, t: [4, 5, 5], v: [14, 13, 14], depth: 1 }
  ])
  // Deepest fall as a share of its peak: 3 / 12 = 25 %.
  assert.equal(out.maxPct, 25)
})

test('drawdownAreas: only points in the window, the peak starts at its first point', () => {
  const out = drawdownAreas({ t: [0, 1, 2, 3], v: [20, 10, 8, 9] }, 1, 3)
  assert.deepEqual(out.areas, [{ peak: 10, t: [1, 2, 3, 3], v: [10, 8, 9, 10], depth: 2 }])
  assert.equal(out.maxPct, 20)
})

test('drawdownAreas: a rising or flat curve has no area; no points, no percentage', () => {
  assert.deepEqual(drawdownAreas({ t: [0, 1, 2], v: [1, 1, 2] }, 0, 2), { areas: [], maxPct: 0 })
  assert.deepEqual(drawdownAreas({ t: [], v: [] }, 0, 2), { areas: [], maxPct: null })
  // Touching the peak again exactly closes the area at that point.
  assert.deepEqual(drawdownAreas({ t: [0, 1, 2], v: [5, 4, 5] }, 0, 2).areas, [{ peak: 5, t: [0, 1, 2], v: [5, 4, 5], depth: 1 }])
})
