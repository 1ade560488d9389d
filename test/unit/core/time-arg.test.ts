import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseDurationArg, parseTimeArg } from '../../../src/core/time-arg.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'

test('durations in every unit', () => {
  assert.equal(parseDurationArg('w', '250ms'), 250)
  assert.equal(parseDurationArg('w', '30s'), 30_000)
  assert.equal(parseDurationArg('w', '15m'), 900_000)
  assert.equal(parseDurationArg('w', '1.5h'), 5_400_000)
  assert.equal(parseDurationArg('w', '7d'), 604_800_000)
  assert.equal(parseDurationArg('w', '2w'), 1_209_600_000)
  assert.throws(() => parseDurationArg('window', '15 minutes'), (e: unknown) => e instanceof InvalidArgumentError && /window: expected a duration/.test(e.message))
})

test('time arguments: epoch ms, ISO time, or a duration back from now', () => {
  const now = 1_800_000_000_000
  assert.equal(parseTimeArg('since', '1735689600000', now), 1735689600000)
  assert.equal(parseTimeArg('since', '2026-11-25T10:00:00Z', now), Date.UTC(2026, 10, 25, 10))
  assert.equal(parseTimeArg('since', '15m', now), now - 900_000)
  for (const bad of ['yesterday', '', '2026-13-45', '-5', 'NaN']) {
    assert.throws(() => parseTimeArg('since', bad, now), InvalidArgumentError, bad)
  }
})

test('duration arguments and times back from now take compound durations', () => {
  const now = 1_800_000_000_000
  assert.equal(parseDurationArg('step', '1m30s'), 90_000)
  assert.equal(parseTimeArg('since', '1h30m', now), now - 5_400_000)
  assert.equal(parseTimeArg('since', ' 2w ', now), now - 14 * 86_400_000)
})
