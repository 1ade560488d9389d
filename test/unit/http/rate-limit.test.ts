import { test } from 'node:test'
import assert from 'node:assert/strict'
import { KEYS, NO_LIMITS, bearer, makeKeyedApp } from './security-helpers.ts'
import { makeApp } from './helpers.ts'

const WINDOW_MS = 1000

test('429 after the burst, with Retry-After and RateLimit-* headers; allowed again after the window', async (t) => {
  const { app } = await makeKeyedApp({ security: { rateLimits: { ...NO_LIMITS, read: { max: 3, windowMs: WINDOW_MS } } } })
  await app.ready()
  await app.inject({ url: '/api/metrics', headers: bearer(KEYS.read) })
  // The limiter's clock (Date) stands still during the burst, however slow a busy machine runs
  // it, and is moved past the window below: the real limiter, on a clock the test controls.
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() })
  for (let i = 0; i < 3; i++) {
    const res = await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.read) })
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['ratelimit-limit'], '3')
    assert.equal(res.headers['ratelimit-remaining'], String(2 - i))
  }
  const limited = await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.read) })
  assert.equal(limited.statusCode, 429)
  assert.equal(limited.json().error, 'BM_ERR_RATE_LIMITED')
  assert.match(limited.json().message, /rate limit of 3 read requests per 1 s exceeded/)
  assert.equal(limited.headers['retry-after'], '1')
  assert.equal(limited.headers['ratelimit-remaining'], '0')
  assert.equal(limited.headers['ratelimit-reset'], '1')
  // Other routes of the same class share the budget.
  assert.equal((await app.inject({ url: '/api/metrics/health', headers: bearer(KEYS.read) })).statusCode, 429)
  // The window is 1 s from the first request: one millisecond short of it, still limited.
  t.mock.timers.tick(WINDOW_MS - 1)
  assert.equal((await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.read) })).statusCode, 429)
  t.mock.timers.tick(1)
  const again = await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.read) })
  assert.equal(again.statusCode, 200)
  assert.equal(again.headers['ratelimit-remaining'], '2')
  await app.close()
})

test('budgets are per key and per class: a flood of reads never starves a keyed scraper', async () => {
  const { app } = await makeKeyedApp({
    security: { rateLimits: { read: { max: 5, windowMs: 60_000 }, scrape: { max: 5, windowMs: 60_000 }, ingest: { max: 2, windowMs: 60_000 }, admin: { max: 1, windowMs: 60_000 } } }
  })
  // Anonymous and wrong-key clients exhaust their own buckets, on every class...
  for (let i = 0; i < 10; i++) {
    await app.inject({ url: '/api/metrics/summary' })
    await app.inject({ url: '/api/metrics', headers: bearer(KEYS.wrong) })
  }
  assert.equal((await app.inject({ url: '/api/metrics' })).statusCode, 429)
  // ...and the admin key exhausts its read bucket.
  for (let i = 0; i < 10; i++) await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.admin) })
  assert.equal((await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.admin) })).statusCode, 429)
  // The read-key scraper still gets its 5 scrapes, and the reads of its own key are counted apart.
  for (let i = 0; i < 5; i++) {
    const res = await app.inject({ url: '/api/metrics', headers: bearer(KEYS.read) })
    assert.equal(res.statusCode, 200, `scrape ${i}`)
    assert.match(String(res.headers['content-type']), /^text\/plain/)
  }
  assert.equal((await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.read) })).statusCode, 200)
  // Ingest and admin classes have their own budgets too.
  const post = { method: 'POST' as const, url: '/api/metrics/events', headers: { ...bearer(KEYS.write), 'content-type': 'application/json' }, payload: '[]' }
  assert.equal((await app.inject(post)).statusCode, 200)
  assert.equal((await app.inject(post)).statusCode, 200)
  assert.equal((await app.inject(post)).statusCode, 429)
  assert.equal((await app.inject({ method: 'POST', url: '/api/metrics/clear', headers: bearer(KEYS.admin) })).statusCode, 200)
  assert.equal((await app.inject({ method: 'POST', url: '/api/metrics/clear', headers: bearer(KEYS.admin) })).statusCode, 429)
  await app.close()
})

test('anonymous clients are counted per address', async () => {
  const { app } = await makeApp({}, { security: { rateLimits: { ...NO_LIMITS, read: { max: 2, windowMs: 60_000 } } } })
  const from = (remoteAddress: string): Promise<number> => app.inject({ url: '/api/metrics/summary', remoteAddress }).then((r) => r.statusCode)
  assert.deepEqual([await from('10.0.0.1'), await from('10.0.0.1'), await from('10.0.0.1')], [200, 200, 429])
  assert.equal(await from('10.0.0.2'), 200)
  // IPv6 clients are counted per /64: rotating the interface id does not buy a new budget.
  assert.deepEqual([await from('2001:db8::1'), await from('2001:db8::2'), await from('2001:db8::3')], [200, 200, 429])
  await app.close()
})

test('a class set to off is not limited and sends no rate headers', async () => {
  const { app } = await makeKeyedApp({ security: { rateLimits: NO_LIMITS } })
  for (let i = 0; i < 50; i++) assert.equal((await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.read) })).statusCode, 200)
  assert.equal((await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.read) })).headers['ratelimit-limit'], undefined)
  await app.close()
})
