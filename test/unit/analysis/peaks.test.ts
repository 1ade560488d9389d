import { test } from 'node:test'
import assert from 'node:assert/strict'
import { peaks } from '../../../src/analysis/peaks.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'

const H = 3_600_000
const D = 86_400_000
const DAY0 = 19_700 * D // a UTC midnight

function at (entries: Array<[day: number, hour: number, value: number]>): { timesMs: Float64Array, values: Float64Array } {
  const sorted = [...entries].sort((a, b) => (a[0] * 24 + a[1]) - (b[0] * 24 + b[1]))
  return {
    timesMs: Float64Array.from(sorted, ([d, h]) => DAY0 + d * D + h * H + 60_000),
    values: Float64Array.from(sorted, ([, , v]) => v)
  }
}

test('counts per hour of day, per day, with means and maxima', () => {
  // Two days; hour 14 busy both days, hour 3 busy once, hour 9 has a high value.
  const p = at([[0, 14, 1], [0, 14, 2], [0, 14, 3], [1, 14, 1], [1, 14, 1], [1, 14, 1], [0, 3, 5], [0, 3, 5], [1, 9, 40]])
  const r = peaks(p)
  assert.equal(r.hours.length, 24)
  assert.deepEqual(r.hours[14], { hour: 14, count: 6, days: 2, count_per_day: 3, mean: 1.5, max: 3 })
  assert.deepEqual(r.hours[3], { hour: 3, count: 2, days: 1, count_per_day: 2, mean: 5, max: 5 })
  assert.deepEqual(r.hours[0], { hour: 0, count: 0, days: 0, count_per_day: 0, mean: null, max: null })
  assert.deepEqual(r.busiest, [{ hour: 14, value: 3 }, { hour: 3, value: 2 }, { hour: 9, value: 1 }])
  assert.deepEqual(peaks(p, { by: 'max', top: 1 }).busiest, [{ hour: 9, value: 40 }])
  assert.deepEqual(peaks(p, { by: 'mean', top: 2 }).busiest, [{ hour: 9, value: 40 }, { hour: 3, value: 5 }])
})

test('a UTC offset shifts the hours, across midnight too', () => {
  const p = at([[0, 23, 1], [1, 0, 1]])
  const r = peaks(p, { utcOffsetMinutes: 120 })
  assert.equal(r.hours[1].count, 1)
  assert.equal(r.hours[2].count, 1)
  assert.equal(peaks(p, { utcOffsetMinutes: -60 }).hours[22].count, 1)
})

test('bad options are 400-class errors', () => {
  const p = at([[0, 1, 1]])
  assert.throws(() => peaks(p, { utcOffsetMinutes: 1000 }), InvalidArgumentError)
  assert.throws(() => peaks(p, { by: 'sum' as 'count' }), InvalidArgumentError)
  assert.throws(() => peaks(p, { top: 0 }), InvalidArgumentError)
})
