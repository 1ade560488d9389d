import { test } from 'node:test'
import assert from 'node:assert/strict'
import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import { KEYS, NO_LIMITS, bearer, knownRoutes, makeKeyedApp } from './security-helpers.ts'
import { makeApp } from './helpers.ts'
import { security } from '../../../src/http/security/security-plugin.ts'
import { parseApiKeys } from '../../../src/http/security/api-keys.ts'
import type { Scope } from '../../../src/http/security/route-security.ts'

type Caller = 'none' | 'wrong' | 'read' | 'write' | 'admin'
const CALLERS: readonly Caller[] = ['none', 'wrong', 'read', 'write', 'admin']

/** What each caller gets from a route of each scope, once keys are configured. */
const EXPECTED: Readonly<Record<Scope, Readonly<Record<Caller, 'ok' | 401 | 403>>>> = {
  public: { none: 'ok', wrong: 'ok', read: 'ok', write: 'ok', admin: 'ok' },
  read: { none: 401, wrong: 401, read: 'ok', write: 403, admin: 'ok' },
  write: { none: 401, wrong: 401, read: 403, write: 'ok', admin: 'ok' },
  admin: { none: 401, wrong: 401, read: 403, write: 403, admin: 'ok' }
}

/** Scopes of the routes this product has today; routes added later are covered by their declaration. */
const DECLARED: Readonly<Record<string, Scope>> = {
  'GET /api/metrics': 'read',
  'GET /api/metrics/summary': 'read',
  'GET /api/metrics/metric/:name': 'read',
  'POST /api/metrics/events': 'write',
  'POST /api/metrics/clear': 'admin',
  'POST /api/metrics/annotations': 'write',
  'GET /api/docs': 'read'
}

/** The route's scope as declared, or admin for a route the security layer never saw (fail closed). */
function scopeOf (app: FastifyInstance, method: string, path: string): Scope {
  const entry = app.routeSecurity.find((r) => r.method === method && (r.url === path || r.url === path.replace(/\/$/, '')))
  return entry?.scope ?? 'admin'
}

/** Routes that answer with a stream that ends only when the client leaves (GET /stream). */
const STREAMING = new Set(['/api/metrics/stream'])

/**
 * True when a GET was let through and is streaming: its response has not
 * ended after 300 ms (a refusal answers at once). The call is then aborted.
 */
async function streams (app: FastifyInstance, url: string, headers: Record<string, string>): Promise<boolean> {
  const signal = AbortSignal.timeout(300)
  try {
    const res = await app.inject({ method: 'GET', url, headers, signal })
    return res.statusCode === 200 && res.body.startsWith('retry:')
  } catch (error) {
    return (error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError'
  }
}

function headersFor (caller: Caller): Record<string, string> {
  return caller === 'none' ? {} : caller === 'wrong' ? { 'x-api-key': KEYS.wrong } : bearer(KEYS[caller])
}

async function addTestRoutes (app: FastifyInstance): Promise<void> {
  app.get('/test/live', { config: { scope: 'public' } }, async () => ({ status: 'alive' }))
  // Undeclared, state-changing: must need admin.
  app.post('/test/undeclared', async () => ({ done: true }))
  app.get('/test/undeclared-read', async () => ({ read: true }))
}

test('every route Fastify knows, for every caller, with keys configured', async () => {
  const { app, logger } = await makeKeyedApp()
  await addTestRoutes(app)
  await app.ready()
  logger.logMetric('x', 1)
  const routes = knownRoutes(app)
  assert.ok(routes.length >= 20, `found ${routes.length} routes`)
  for (const [route, scope] of Object.entries(DECLARED)) {
    const [method, path] = route.split(' ')
    assert.equal(scopeOf(app, method, path), scope, route)
  }
  assert.equal(scopeOf(app, 'POST', '/test/undeclared'), 'admin')
  assert.equal(scopeOf(app, 'GET', '/test/live'), 'public')
  let checked = 0
  for (const { method, path } of routes) {
    const url = path.replace(/:[^/]+/g, 'x').replace(/\*/g, 'x')
    const scope = scopeOf(app, method, path)
    for (const caller of CALLERS) {
      const expected = EXPECTED[scope][caller]
      if (STREAMING.has(path) && expected === 'ok') {
        assert.equal(await streams(app, url, headersFor(caller)), true, `${caller} ${method} ${url} (${scope}) streams`)
        checked++
        continue
      }
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: { ...headersFor(caller), ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        ...(method === 'POST' ? { payload: '[]' } : {})
      })
      const what = `${caller} ${method} ${url} (${scope}) -> ${res.statusCode} ${res.body.slice(0, 120)}`
      if (expected === 'ok') {
        // 503: /performance has no system sample in tests; any answer but an auth refusal or a crash is the route's own.
        assert.ok((res.statusCode !== 401 && res.statusCode !== 403 && res.statusCode < 500) || res.statusCode === 503, what)
      } else {
        assert.equal(res.statusCode, expected, what)
        if (method !== 'HEAD') assert.equal(res.json().error, expected === 401 ? 'BM_ERR_UNAUTHORIZED' : 'BM_ERR_FORBIDDEN', what)
        if (expected === 401) {
          const challenge = caller === 'none' ? 'Bearer realm="breakout-metrics"' : 'Bearer realm="breakout-metrics", error="invalid_token"'
          assert.equal(res.headers['www-authenticate'], challenge, what)
        }
        if (expected === 403 && method !== 'HEAD') assert.match(res.json().message, new RegExp(`needs a key with the ${scope} scope`), what)
      }
      checked++
    }
  }
  assert.equal(checked, routes.length * CALLERS.length)
  await app.close()
})

test('without keys: reads and writes open, admin routes refused with how to configure a key', async () => {
  const { app, logger } = await makeApp({}, { security: { rateLimits: NO_LIMITS } })
  await addTestRoutes(app)
  await app.ready()
  logger.logMetric('x', 1)
  for (const { method, path } of knownRoutes(app)) {
    const url = path.replace(/:[^/]+/g, 'x')
    const scope = scopeOf(app, method, path)
    // A key sent to a service without keys is ignored, not an error.
    for (const headers of [{}, bearer(KEYS.wrong)]) {
      if (STREAMING.has(path)) {
        assert.equal(await streams(app, url, headers), true, `${method} ${url} streams`)
        continue
      }
      const res = await app.inject({ method: method as 'GET', url, headers: { ...headers, 'content-type': 'application/json' }, ...(method === 'POST' ? { payload: '[]' } : {}) })
      if (scope === 'admin') {
        assert.equal(res.statusCode, 403, `${method} ${url}`)
        assert.equal(res.json().error, 'BM_ERR_NO_ADMIN_KEY')
        assert.match(res.json().message, /METRICS_API_KEYS=admin:<key>/)
      } else {
        assert.ok(res.statusCode !== 401 && res.statusCode !== 403, `${method} ${url} -> ${res.statusCode}`)
      }
    }
  }
  assert.equal(logger.store.size, 1, 'clear was refused, the data is still there')
  await app.close()
})

test('a route with an unknown scope fails at registration', async () => {
  const { app } = await makeApp()
  assert.throws(() => app.get('/typo', { config: { scope: 'pubic' as Scope } }, async () => 'x'), /scope must be one of public, read, write, admin/)
  await app.close()
})

test('a route registered before the security layer fails closed: admin only', async () => {
  const app = Fastify({ logger: false })
  app.get('/early', async () => ({ early: true }))
  await app.register(security, { keys: parseApiKeys(`read:${KEYS.read},admin:${KEYS.admin}`, 'test'), rateLimits: NO_LIMITS })
  await app.ready()
  assert.equal((await app.inject({ url: '/early', headers: bearer(KEYS.read) })).statusCode, 403)
  assert.equal((await app.inject({ url: '/early' })).statusCode, 401)
  assert.equal((await app.inject({ url: '/early', headers: bearer(KEYS.admin) })).statusCode, 200)
  await app.close()
})

test('an unknown route answers 404 whoever asks, without an auth challenge', async () => {
  const { app } = await makeKeyedApp()
  for (const headers of [{}, bearer(KEYS.wrong), bearer(KEYS.read)]) {
    const res = await app.inject({ url: '/api/metrics/nope', headers })
    assert.equal(res.statusCode, 404)
    assert.equal(res.json().error, 'BM_ERR_NOT_FOUND')
  }
  await app.close()
})

test('malformed credentials are a 401 that says what is wrong', async () => {
  const { app } = await makeKeyedApp()
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ authorization: 'Basic dXNlcjpwYXNz' }, /Bearer <key>/],
    [{ authorization: `Bearer ${KEYS.read}`, 'x-api-key': KEYS.admin }, /different keys/],
    [{ authorization: `Bearer ${'k'.repeat(600)}` }, /longer than 512/]
  ]
  for (const [headers, message] of cases) {
    const res = await app.inject({ url: '/api/metrics/summary', headers })
    assert.equal(res.statusCode, 401)
    assert.match(res.json().message, message)
    assert.match(String(res.headers['www-authenticate']), /error="invalid_token"/)
  }
  const ok = await app.inject({ url: '/api/metrics/summary', headers: { 'x-api-key': KEYS.read } })
  assert.equal(ok.statusCode, 200)
  await app.close()
})
