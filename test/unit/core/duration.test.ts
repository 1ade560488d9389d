import { test } from 'node:test'
import assert from 'node:assert/strict'
import { formatDuration, parseDuration } from '../../../src/core/duration.ts'

// Reference: milliseconds written out by hand, not through the module's unit table.
const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

test('one part: each unit, whole and fractional counts', () => {
  const cases: Array<[string, number]> = [
    ['250ms', 250], ['5ms', 5], ['30s', 30 * SECOND], ['2.5s', 2500], ['15m', 15 * MINUTE],
    ['1.5h', 90 * MINUTE], ['24h', DAY], ['7d', 7 * DAY], ['2w', 14 * DAY], ['0s', 0]
  ]
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text)
})

test('compound durations add their parts, in any order, as the config file has always allowed', () => {
  assert.equal(parseDuration('1h30m'), HOUR + 30 * MINUTE)
  assert.equal(parseDuration('1m30s'), MINUTE + 30 * SECOND)
  assert.equal(parseDuration('1d12h'), DAY + 12 * HOUR)
  assert.equal(parseDuration('1s500ms'), 1500)
  assert.equal(parseDuration('30s1m'), MINUTE + 30 * SECOND)
  // `ms` is one unit: five milliseconds, not five minutes and a stray `s`.
  assert.equal(parseDuration('5m5ms'), 5 * MINUTE + 5)
})

test('results are whole milliseconds', () => {
  assert.equal(parseDuration('1.5ms'), 2)
  assert.equal(parseDuration('0.0001s'), 0)
})

test('anything else is not a duration', () => {
  for (const bad of ['', '1', '90', 'h', '1y', '-1h', '+1h', ' 1h', '1h ', '1 h', '1.h', '.5h', '1e3s', '1H', '15 minutes', 'NaN', '1h-30m', 'ms']) {
    assert.equal(parseDuration(bad), null, JSON.stringify(bad))
  }
})

test('wholeCounts refuses fractional counts and nothing else', () => {
  assert.equal(parseDuration('1.5h', { wholeCounts: true }), null)
  assert.equal(parseDuration('1h0.5m', { wholeCounts: true }), null)
  assert.equal(parseDuration('1h30m', { wholeCounts: true }), HOUR + 30 * MINUTE)
  assert.equal(parseDuration('4w', { wholeCounts: true }), 28 * DAY)
})

test('formatDuration: the largest unit up to days that divides evenly, else seconds or ms', () => {
  assert.equal(formatDuration(5 * SECOND), '5s')
  assert.equal(formatDuration(10 * MINUTE), '10m')
  assert.equal(formatDuration(90 * SECOND), '90s')
  assert.equal(formatDuration(2 * HOUR), '2h')
  assert.equal(formatDuration(7 * DAY), '7d')
  assert.equal(formatDuration(1500), '1.5s')
  assert.equal(formatDuration(250), '250ms')
  assert.equal(formatDuration(0), '0ms')
  for (const ms of [250, 5 * SECOND, 10 * MINUTE, 2 * HOUR, 7 * DAY, 1500]) assert.equal(parseDuration(formatDuration(ms)), ms)
})
