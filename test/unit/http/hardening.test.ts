import { test } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import assert from 'node:assert/strict'
import { KEYS, bearer, makeKeyedApp } from './security-helpers.ts'
import { makeApp } from './helpers.ts'
import { BODY_LIMIT_BYTES } from '../../../src/http/app.ts'
import { securityHeaders } from '../../../src/http/security/response-headers.ts'
import { buildApp } from '../../../src/http/app.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const json = { 'content-type': 'application/json' }

test('security headers on every answer: 200, 401, 404, 429 and the exposition', async () => {
  const { app } = await makeKeyedApp()
  const answers = [
    await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.read) }),
    await app.inject({ url: '/api/metrics/summary' }),
    await app.inject({ url: '/nope' }),
    await app.inject({ url: '/api/metrics', headers: bearer(KEYS.read) })
  ]
  assert.deepEqual(answers.map((r) => r.statusCode), [200, 401, 404, 200])
  for (const res of answers) {
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
    assert.equal(res.headers['x-frame-options'], 'DENY')
    assert.equal(res.headers['referrer-policy'], 'no-referrer')
    assert.equal(res.headers['x-powered-by'], undefined)
    assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP')
    const csp = String(res.headers['content-security-policy'])
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "object-src 'none'"]) {
      assert.ok(csp.includes(directive), `${directive} in ${csp}`)
    }
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('upgrade-insecure-requests'), csp)
  }
  await app.close()
})

test('CORS is off by default: no Access-Control headers, preflight is not served', async () => {
  const { app } = await makeApp()
  const res = await app.inject({ url: '/api/metrics/summary', headers: { origin: 'https://evil.example' } })
  assert.equal(res.statusCode, 200)
  assert.equal(res.headers['access-control-allow-origin'], undefined)
  const preflight = await app.inject({ method: 'OPTIONS', url: '/api/metrics/summary', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } })
  assert.equal(preflight.statusCode, 404)
  await app.close()
})

test('CORS allowlist: listed origins may call with a key, others get no CORS headers', async () => {
  const { app } = await makeKeyedApp({ security: { corsOrigins: ['https://dash.example'] } })
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/api/metrics/summary',
    headers: { origin: 'https://dash.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' }
  })
  assert.equal(preflight.statusCode, 204, 'preflight needs no key')
  assert.equal(preflight.headers['access-control-allow-origin'], 'https://dash.example')
  assert.match(String(preflight.headers['access-control-allow-headers']), /Authorization/)
  const allowed = await app.inject({ url: '/api/metrics/summary', headers: { origin: 'https://dash.example', ...bearer(KEYS.read) } })
  assert.equal(allowed.statusCode, 200)
  assert.equal(allowed.headers['access-control-allow-origin'], 'https://dash.example')
  assert.equal(allowed.headers['access-control-allow-credentials'], undefined)
  const other = await app.inject({ url: '/api/metrics/summary', headers: { origin: 'https://evil.example', ...bearer(KEYS.read) } })
  assert.equal(other.headers['access-control-allow-origin'], undefined)
  await app.close()
})

test('a body over the limit is a 413, before any of it is parsed', async () => {
  const { app, logger } = await makeApp()
  const payload = '[' + '{"type":"metric","name":"m","value":1},'.repeat(Math.ceil(BODY_LIMIT_BYTES / 38)) + '{}]'
  assert.ok(payload.length > BODY_LIMIT_BYTES)
  const res = await app.inject({ method: 'POST', url: '/api/metrics/events', headers: json, payload })
  assert.equal(res.statusCode, 413)
  assert.equal(res.json().error, 'FST_ERR_CTP_BODY_TOO_LARGE')
  assert.equal(logger.store.size, 0)
  await app.close()
})

test('JSON deeper than 32 levels is a 400; prototype pollution keys are a 400', async () => {
  const { app, logger } = await makeApp()
  const post = async (payload: string): Promise<LightMyRequestResponse> => await app.inject({ method: 'POST', url: '/api/metrics/events', headers: json, payload })
  let res = await post('['.repeat(33) + ']'.repeat(33))
  assert.equal(res.statusCode, 400)
  assert.equal(res.json().error, 'BM_ERR_JSON_TOO_DEEP')
  res = await post('['.repeat(1_000_000))
  assert.equal(res.json().error, 'BM_ERR_JSON_TOO_DEEP')
  res = await post(`[{"type":"metric","name":"m","value":1,"tags":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}]`)
  assert.equal(res.json().error, 'BM_ERR_JSON_TOO_DEEP')
  res = await post('[{"type":"metric","name":"m","value":1,"tags":{"__proto__":{"polluted":"yes"}}}]')
  assert.equal(res.statusCode, 400)
  res = await post('[{"type":"metric","name":"m","value":1,"constructor":{"prototype":{"polluted":"yes"}}}]')
  assert.equal(res.statusCode, 400)
  assert.equal(({} as Record<string, unknown>).polluted, undefined)
  res = await post('[{"type":"metric","name":"m","value":1,"tags":{"a":"b"}}]')
  assert.equal(res.statusCode, 200, 'a normal batch (depth 3) passes')
  assert.equal(logger.store.size, 1)
  await app.close()
})

test('metric names over HTTP: 200 characters are readable, longer is a 400 or 414, odd characters a 404', async () => {
  const { app, logger } = await makeApp()
  const name = 'm'.repeat(200)
  logger.logMetric(name, 7)
  let res = await app.inject(`/api/metrics/metric/${name}`)
  assert.equal(res.statusCode, 200)
  assert.equal(res.json().statistics.latest, 7)
  res = await app.inject(`/api/metrics/metric/${'m'.repeat(201)}`)
  assert.equal(res.statusCode, 400)
  res = await app.inject(`/api/metrics/metric/${'m'.repeat(300)}`)
  assert.equal(res.statusCode, 414, 'past the router limit (256) the URI is too long')
  assert.equal(res.json().error, 'FST_ERR_MAX_PARAM_LENGTH')
  assert.equal(res.headers['x-content-type-options'], 'nosniff')
  res = await app.inject('/api/metrics/metric/%E0%A4%A')
  assert.equal(res.statusCode, 400)
  assert.equal(res.json().error, 'FST_ERR_BAD_URL')
  assert.equal(res.headers['x-content-type-options'], 'nosniff')
  res = await app.inject('/api/metrics/metric/%3Cscript%3E')
  assert.equal(res.statusCode, 404)
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8')
  res = await app.inject(`/api/metrics/metric/m?symbol=${'v'.repeat(257)}`)
  assert.equal(res.statusCode, 400)
  await app.close()
})

test('request and connection timeouts are set', async () => {
  const { app } = await makeApp({}, { requestTimeoutMs: 5000 })
  assert.equal(app.initialConfig.connectionTimeout, 10_000)
  assert.equal(app.server.requestTimeout, 5000)
  assert.equal(app.server.headersTimeout, 5000)
  await app.close()
  const { app: defaults } = await makeApp()
  assert.equal(defaults.server.requestTimeout, 30_000)
  await defaults.close()
})

// Ajv coerces "Infinity" and "1e309" to Infinity and then skips the range
// check: last_n=1e309 used to return every point of the metric.
test('numeric parameters must be finite: Infinity does not slip past last_n 1..1000', async () => {
  const { app, logger } = await makeApp()
  for (let i = 0; i < 1500; i++) logger.logMetric('m', i, { shard: String(i % 3) }, 1000 + i)
  for (const bad of ['Infinity', '1e309', '-Infinity', '-1e309']) {
    for (const url of [`/api/metrics/metric/m?last_n=${bad}`, `/api/metrics/all?last_n=${bad}`, `/api/metrics/system?last_n=${bad}`]) {
      const res = await app.inject(url)
      assert.equal(res.statusCode, 400, `${url} -> ${res.statusCode}`)
      assert.match(res.json().message, /last_n: must be a finite number|last_n must be an integer from 1 to 1000/, url)
    }
  }
  const ok = await app.inject('/api/metrics/metric/m?last_n=1e3')
  assert.equal(ok.statusCode, 200)
  assert.equal(ok.json().points.length, 1000)
  await app.close()
})

/** The security headers every response carries, written out here as a browser receives them. */
const EXPECTED_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';" +
    "connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0'
}
/** Headers that carry no security policy: what a response may hold beside the table. */
const PLAIN_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'cache-control', 'etag', 'last-modified',
  'accept-ranges', 'vary', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'x-ratelimit-limit',
  'x-ratelimit-remaining', 'x-ratelimit-reset', 'www-authenticate', 'content-encoding', 'transfer-encoding', 'keep-alive'])

test('API and dashboard responses carry exactly the security header table; HSTS only with TLS', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bm-headers-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Breakout Metrics</title>')
  writeFileSync(join(dir, 'app.js'), 'export {}')
  const logger = new MetricsLogger({ sampler: false })
  const app = await buildApp({ logger, logLevel: 'silent', dashboard: dir })
  try {
    for (const url of ['/', '/app.js', '/api/metrics/summary', '/api/metrics', '/api/metrics/health', '/nope']) {
      const res = await app.inject(url)
      const security: Record<string, string> = {}
      for (const [name, value] of Object.entries(res.headers)) if (!PLAIN_HEADERS.has(name)) security[name] = String(value)
      assert.deepEqual(security, EXPECTED_SECURITY_HEADERS, url)
    }
  } finally {
    await app.close()
    logger.close()
    rmSync(dir, { recursive: true, force: true })
  }
  assert.deepEqual({ ...securityHeaders(false) }, EXPECTED_SECURITY_HEADERS)
  assert.deepEqual({ ...securityHeaders(true) }, { ...EXPECTED_SECURITY_HEADERS, 'strict-transport-security': 'max-age=15552000' })
  assert.ok(Object.isFrozen(securityHeaders(false)) && Object.isFrozen(securityHeaders(true)), 'shared by every response: must not be changed by one')
})
