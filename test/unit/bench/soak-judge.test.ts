import assert from 'node:assert/strict'
import { test } from 'node:test'
import { keptMemorySlope, leastSquaresSlope, lowerEnvelope, theilSenSlope } from '../../../bench/soak-judge.ts'
import type { RssReading } from '../../../bench/soak-judge.ts'
import { seededRandom } from '../../../src/core/seeded-random.ts'

/**
 * Readings once a second for `seconds` s: `base` MB plus `leakPerMin` MB a
 * minute, jitter of ±0.3 MB, and on a fifth of the seconds an upward
 * excursion of up to 35 MB (what a reading under full load looked like).
 */
function readings (seed: number, seconds: number, leakPerMin: number, base = 127): RssReading[] {
  const random = seededRandom(seed)
  const out: RssReading[] = []
  for (let t = 0; t < seconds; t++) {
    const spike = random() < 0.2 ? random() * 35 : 0
    out.push({ t, rssMB: base + leakPerMin * t / 60 + (random() - 0.5) * 0.6 + spike })
  }
  return out
}

test('Theil-Sen is the median of the pairwise slopes', () => {
  // Pairs: (0,1) 1, (0,2) 1, (0,3) 10/3, (1,2) 1, (1,3) 4.5, (2,3) 8 -> median of six = (1 + 10/3) / 2.
  assert.equal(theilSenSlope([0, 1, 2, 3], [0, 1, 2, 10]), (1 + 10 / 3) / 2)
  assert.equal(theilSenSlope([0, 1, 2], [5, 7, 9]), 2)
  assert.equal(theilSenSlope([1], [1]), 0)
})

test('least squares fits a line exactly when the points are on one', () => {
  assert.equal(leastSquaresSlope([0, 1, 2, 3], [1, 3, 5, 7]), 2)
  assert.equal(leastSquaresSlope([0, 1, 2, 3], [0, 1, 2, 10]), 3.1)
})

test('the lower envelope keeps the least reading of each window from the start on', () => {
  const r: RssReading[] = [
    { t: 5, rssMB: 1 }, // before `from`
    { t: 10, rssMB: 130 }, { t: 12, rssMB: 128 }, { t: 19.9, rssMB: 140 },
    { t: 20, rssMB: 129 }, { t: 25, rssMB: Number.NaN },
    { t: 41, rssMB: 131 } // the 30-40 window has no reading
  ]
  assert.deepEqual(lowerEnvelope(r, 10, 10), [{ t: 12, rssMB: 128 }, { t: 20, rssMB: 129 }, { t: 41, rssMB: 131 }])
})

test('flat kept memory under upward scatter is judged flat, on every seed', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const r = readings(seed, 120, 0)
    const { slopeMBPerMin } = keptMemorySlope(r, 60)
    assert.ok(Math.abs(slopeMBPerMin) < 0.7, `seed ${seed}: ${slopeMBPerMin} MB/min`)
    // The same readings judged one by one look like anything: the envelope is what makes it stable.
  }
})

test('a leak of 2 MB/min under the same scatter is judged a leak, on every seed', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const { slopeMBPerMin } = keptMemorySlope(readings(seed, 120, 2), 60)
    assert.ok(slopeMBPerMin > 1 && slopeMBPerMin < 3, `seed ${seed}: ${slopeMBPerMin} MB/min`)
  }
})

test('growth confined to the warm-up does not count', () => {
  const r = readings(7, 120, 0).map((x) => ({ t: x.t, rssMB: x.rssMB + Math.min(x.t, 45) * 0.5 }))
  assert.ok(Math.abs(keptMemorySlope(r, 60).slopeMBPerMin) < 0.7)
  assert.ok(keptMemorySlope(r, 0).slopeMBPerMin > 1, 'the same growth inside the judged span is seen')
})
