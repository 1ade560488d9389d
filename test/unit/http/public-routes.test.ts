import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { KEYS, bearer, knownRoutes, makeKeyedApp } from './security-helpers.ts'
import { makeApp } from './helpers.ts'
import { DASHBOARD_DIR } from '../../../src/http/dashboard.ts'

const PROBES = ['/api/health/live', '/api/health/ready']

/** The dashboard's files as the test reads them from disk: `/` for index.html, `/<name>` for the rest. */
function dashboardPaths (): string[] {
  // Not built: `/` alone says how to build it.
  if (!existsSync(join(DASHBOARD_DIR, 'index.html'))) return ['/']
  return readdirSync(DASHBOARD_DIR)
    .filter((name) => statSync(join(DASHBOARD_DIR, name)).isFile() && /\.(html|js|css|svg|map|txt)$/.test(name))
    .map((name) => name === 'index.html' ? '/' : `/${name}`)
}

test('with keys set, exactly the probes and the dashboard files answer without a key', async () => {
  const { app, logger } = await makeKeyedApp()
  await app.ready()
  logger.logMetric('x', 1)
  const open = new Set<string>()
  for (const { method, path } of knownRoutes(app)) {
    const url = path.replace(/:[^/]+/g, 'x').replace(/\*/g, 'x')
    const res = await app.inject({ method: method as 'GET', url, ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, payload: '[]' } : {}) })
    if (res.statusCode !== 401) {
      assert.notEqual(res.statusCode, 403, `${method} ${url}`)
      open.add(`${method} ${path}`)
    }
  }
  const expected = new Set<string>()
  for (const path of [...PROBES, ...dashboardPaths()]) for (const method of ['GET', 'HEAD']) expected.add(`${method} ${path}`)
  assert.deepEqual([...open].sort(), [...expected].sort())
  // The walk met every route that routeSecurity lists as public, and no other.
  const declaredPublic = new Set(app.routeSecurity.filter((r) => r.scope === 'public').map((r) => `${r.method} ${r.url}`))
  assert.deepEqual([...declaredPublic].sort(), [...expected].sort())
  await app.close()
})

test('the probes: no key, a wrong key or any key; never rate limited; only their documented fields', async () => {
  const { app } = await makeKeyedApp({ security: { rateLimits: { read: { max: 2, windowMs: 60_000 }, scrape: { max: 2, windowMs: 60_000 }, ingest: null, admin: null } } })
  for (const url of PROBES) {
    for (let i = 0; i < 30; i++) {
      const headers = [{}, bearer(KEYS.wrong), bearer(KEYS.read), { authorization: 'Basic eA==' }][i % 4]
      const res = await app.inject({ url, headers })
      // The engine's timer does not run in tests: readiness may fail (503), never refuse.
      assert.ok(res.statusCode === 200 || res.statusCode === 503, `${url} -> ${res.statusCode} ${res.body}`)
      assert.equal(res.headers['ratelimit-limit'], undefined, 'not rate limited')
      assert.equal(res.headers['www-authenticate'], undefined)
      const body = res.json()
      assert.deepEqual(Object.keys(body).sort(), ['checks', 'status', 'timestamp'])
      for (const check of body.checks) assert.deepEqual(Object.keys(check).sort(), ['detail', 'name', 'ok'])
    }
  }
  // The read budget is still whole: 2 reads pass, the third is refused.
  const codes = []
  for (let i = 0; i < 3; i++) codes.push((await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.read) })).statusCode)
  assert.deepEqual(codes, [200, 200, 429])
  await app.close()
})

test('the probes answer whatever Host is sent, while the API still refuses a foreign Host without keys', async () => {
  const { app } = await makeApp({}, { security: { loopbackHostsOnly: true } })
  for (const url of PROBES) {
    const res = await app.inject({ url, headers: { host: '10.1.2.3:8000' } })
    assert.ok(res.statusCode === 200 || res.statusCode === 503, `${url} -> ${res.statusCode}`)
  }
  assert.equal((await app.inject({ url: '/api/metrics/summary', headers: { host: '10.1.2.3:8000' } })).statusCode, 403)
  await app.close()
})
