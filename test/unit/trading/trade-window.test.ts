import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseWindow, resolveWindow } from '../../../src/trading/trade-window.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'

test('named windows end at until (default now) and are inclusive', () => {
  assert.equal(parseWindow('1h'), 3_600_000)
  assert.equal(parseWindow('24h'), 86_400_000)
  assert.equal(parseWindow('7d'), 604_800_000)
  assert.equal(parseWindow('30m'), 1_800_000)
  assert.equal(parseWindow('2w'), 1_209_600_000)
  assert.equal(parseWindow('all'), null)
  assert.deepEqual(resolveWindow({ window: '1h' }, 10_000_000), { sinceMs: 6_400_000, untilMs: 10_000_000, label: '1h' })
  assert.deepEqual(resolveWindow({ window: '1h', untilMs: 5_000_000 }, 10_000_000), { sinceMs: 1_400_000, untilMs: 5_000_000, label: '1h' })
  assert.deepEqual(resolveWindow({}, 5), { sinceMs: -Infinity, untilMs: 5, label: 'all' })
  assert.deepEqual(resolveWindow({ sinceMs: 1, untilMs: 3 }, 5), { sinceMs: 1, untilMs: 3, label: 'custom' })
})

test('malformed windows throw InvalidArgumentError', () => {
  for (const w of ['', '1', 'h', '1y', '-1h', '0d', '1.5h', ' 1h', '3661d', 'ALL']) {
    assert.throws(() => parseWindow(w), InvalidArgumentError, w)
  }
  assert.throws(() => resolveWindow({ sinceMs: -1 }, 5), InvalidArgumentError)
  assert.throws(() => resolveWindow({ untilMs: Infinity }, 5), InvalidArgumentError)
})

test('windows use the product\'s duration grammar, in whole counts', () => {
  assert.equal(parseWindow('1h30m'), 90 * 60_000)
  assert.equal(parseWindow('90s'), 90_000)
  assert.equal(parseWindow('3660d'), 3660 * 86_400_000)
  for (const w of ['0s', '1h0.5m', '1h 30m']) assert.throws(() => parseWindow(w), InvalidArgumentError, w)
})
