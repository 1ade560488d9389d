import { test } from 'node:test'
import assert from 'node:assert/strict'
import { formatAgo, formatMoney, formatNumber, formatPercent, formatRange, formatRatio, formatSeconds, formatWhen } from '../../../web/src/format.ts'

test('formatNumber gives significant digits, grouping, a true minus sign and a dash for no value', () => {
  assert.equal(formatNumber(1234.5), '1,235')
  assert.equal(formatNumber(12.345), '12.3')
  assert.equal(formatNumber(0.012345), '0.0123')
  assert.equal(formatNumber(-2.5), '\u22122.5')
  assert.equal(formatNumber(0), '0')
  assert.equal(formatNumber(null), '–')
  assert.equal(formatNumber(Number.NaN), '–')
})

test('formatSeconds picks µs, ms, s or min by magnitude', () => {
  assert.equal(formatSeconds(0.000412), '412 µs')
  assert.equal(formatSeconds(0.0123), '12.3 ms')
  assert.equal(formatSeconds(1.5), '1.5 s')
  assert.equal(formatSeconds(600), '10 min')
  assert.equal(formatSeconds(0), '0 s')
  assert.equal(formatSeconds(undefined), '–')
})

test('formatPercent, formatRatio, formatMoney, formatAgo, formatRange', () => {
  assert.equal(formatPercent(12.345), '12.3 %')
  assert.equal(formatRatio(0.5714), '57.1 %')
  assert.equal(formatRatio(null), '–')
  assert.equal(formatMoney(12), '+12.00')
  assert.equal(formatMoney(-3.1), '\u22123.10')
  assert.equal(formatMoney(-0.001), '0.00')
  assert.equal(formatMoney(1234.567, false), '1,234.57')
  assert.equal(formatAgo(1000, 1500), 'just now')
  assert.equal(formatAgo(0, 42_000), '42 s ago')
  assert.equal(formatAgo(0, 180_000), '3 min ago')
  assert.equal(formatRange(300_000), '5 min')
  assert.equal(formatRange(86_400_000), '24 h')
})

test('formatWhen gives the time of day for today and the date before it for other days', () => {
  const now = new Date(2026, 10, 28, 15, 30, 0).getTime() // local time, as the browser shows it
  assert.equal(formatWhen(new Date(2026, 10, 28, 9, 5, 7).getTime(), now), '09:05:07')
  assert.equal(formatWhen(new Date(2026, 10, 27, 23, 59, 59).getTime(), now), '2026-11-27 23:59:59')
  assert.equal(formatWhen(new Date(2025, 0, 3, 0, 0, 1).getTime(), now), '2025-01-03 00:00:01')
})
