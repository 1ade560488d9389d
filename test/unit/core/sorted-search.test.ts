import { test } from 'node:test'
import assert from 'node:assert/strict'
import { lowerBound, upperBound } from '../../../src/core/sorted-search.ts'
import { seededRandom } from '../../../src/core/seeded-random.ts'

test('lowerBound and upperBound agree with a linear scan, with runs of equal values and a used length', () => {
  const r = seededRandom(7)
  for (let round = 0; round < 300; round++) {
    const n = Math.floor(r() * 20)
    const values = Array.from({ length: n }, () => Math.floor(r() * 8)).sort((a, b) => a - b)
    const room = new Float64Array(n + 5)
    room.set(values)
    room.fill(-1, n) // spare room past the used length holds anything
    for (let x = -1; x <= 9; x += 0.5) {
      const lo = values.findIndex((v) => v >= x)
      const hi = values.findIndex((v) => v > x)
      assert.equal(lowerBound(values, x), lo === -1 ? n : lo)
      assert.equal(upperBound(values, x), hi === -1 ? n : hi)
      assert.equal(lowerBound(room, x, n), lo === -1 ? n : lo)
      assert.equal(upperBound(room, x, n), hi === -1 ? n : hi)
    }
  }
})
