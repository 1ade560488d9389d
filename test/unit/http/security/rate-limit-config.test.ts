import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_RATE_LIMITS, parseRateLimits } from '../../../../src/http/security/rate-limit-config.ts'
import { ConfigError } from '../../../../src/core/errors.ts'

test('parseRateLimits overrides the named classes and keeps the rest', () => {
  const l = parseRateLimits('read=600/1m, scrape=off,admin=10/30s,ingest=5/250ms', 'RATE_LIMITS')
  assert.deepEqual(l.read, { max: 600, windowMs: 60_000 })
  assert.equal(l.scrape, null)
  assert.deepEqual(l.admin, { max: 10, windowMs: 30_000 })
  assert.deepEqual(l.ingest, { max: 5, windowMs: 250 })
  assert.deepEqual(parseRateLimits('', 'x'), DEFAULT_RATE_LIMITS)
  assert.deepEqual(parseRateLimits('read=1/1h', 'x').read, { max: 1, windowMs: 3_600_000 })
})

test('parseRateLimits refuses unknown classes and out-of-range budgets', () => {
  for (const bad of ['reads=1/1m', 'read=1', 'read=0/1m', 'read=1/10ms', 'read=1/2d', 'read=-1/1m', 'read']) {
    assert.throws(() => parseRateLimits(bad, 'RATE_LIMITS'), (e: unknown) => e instanceof ConfigError && /RATE_LIMITS/.test(e.message), bad)
  }
})

test('parseRateLimits reads windows with the product\'s duration grammar', () => {
  assert.deepEqual(parseRateLimits('read=100/1m30s', 'x').read, { max: 100, windowMs: 90_000 })
  assert.deepEqual(parseRateLimits('read=100/1.5s', 'x').read, { max: 100, windowMs: 1500 })
  assert.deepEqual(parseRateLimits('read=100/1d', 'x').read, { max: 100, windowMs: 86_400_000 })
  for (const bad of ['read=1/1 m', 'read=1/m', 'read=1/1y', 'read=1/60']) {
    assert.throws(() => parseRateLimits(bad, 'RATE_LIMITS'), ConfigError, bad)
  }
})
