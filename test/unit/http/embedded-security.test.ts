import { test } from 'node:test'
import assert from 'node:assert/strict'
import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import { metricsApi } from '../../../src/http/plugin.ts'
import type { MetricsApiOptions } from '../../../src/http/plugin.ts'
import { parseApiKeys } from '../../../src/http/security/api-keys.ts'
import { security } from '../../../src/http/security/security-plugin.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { KEYS, auditLines, bearer, makeKeyedApp } from './security-helpers.ts'

const ALL_KEYS = `read:${KEYS.read},write:${KEYS.write},admin:${KEYS.admin}`

/** The API mounted as a user mounts it in a Fastify app of their own (Fastify's defaults: 1 MiB body limit, no hooks). */
async function embedded (options: Omit<MetricsApiOptions, 'logger'> = {}): Promise<{ app: FastifyInstance, logger: MetricsLogger, lines: string[] }> {
  const lines: string[] = []
  const logger = new MetricsLogger({ sampler: false })
  const app = Fastify({ logger: { level: 'info', stream: { write: (line: string) => { lines.push(line) } } } })
  app.get('/own', async () => ({ mine: true }))
  await app.register(metricsApi, { prefix: '/api/metrics', logger, ...options })
  app.addHook('onClose', async () => { logger.close() })
  await app.ready()
  logger.logMetric('x', 1)
  return { app, logger, lines }
}

const post = (app: FastifyInstance, url: string, headers: Record<string, string> = {}, payload = '[]') =>
  app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload })

test('embedded with keys: reads need a key, /clear needs the admin key, refusals are audited', async () => {
  const { app, logger, lines } = await embedded({ security: { keys: parseApiKeys(ALL_KEYS, 'test') } })
  for (const url of ['/api/metrics/summary', '/api/metrics', '/api/metrics/metric/x', '/api/metrics/trades']) {
    const res = await app.inject(url)
    assert.equal(res.statusCode, 401, url)
    assert.equal(res.json().error, 'BM_ERR_UNAUTHORIZED')
    assert.equal((await app.inject({ url, headers: bearer(KEYS.write) })).statusCode, 403, url)
    assert.equal((await app.inject({ url, headers: bearer(KEYS.read) })).statusCode, 200, url)
  }
  assert.equal((await post(app, '/api/metrics/clear')).statusCode, 401)
  assert.equal((await post(app, '/api/metrics/clear', bearer(KEYS.read))).statusCode, 403)
  assert.equal((await post(app, '/api/metrics/clear', bearer(KEYS.write))).statusCode, 403)
  assert.equal(logger.store.size, 1, 'nothing cleared')
  assert.equal((await post(app, '/api/metrics/events', {}, '[{"type":"metric","name":"y","value":1}]')).statusCode, 401)
  assert.equal((await post(app, '/api/metrics/events', bearer(KEYS.write), '[{"type":"metric","name":"y","value":1}]')).statusCode, 200)
  const cleared = await post(app, '/api/metrics/clear', bearer(KEYS.admin))
  assert.equal(cleared.statusCode, 200)
  assert.equal(cleared.json().cleared.metrics, 2)
  const audit = auditLines(lines)
  assert.equal(audit.filter((a) => a.event === 'auth_failure' && a.route === '/api/metrics/clear').length, 3)
  assert.equal(audit.filter((a) => a.event === 'admin_action').length, 1)
  assert.ok(!lines.some((l) => l.includes(KEYS.admin) || l.includes(KEYS.read)), 'no key in the log')
  // The security headers travel too; the app's own route is left alone.
  assert.equal((await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.read) })).headers['x-content-type-options'], 'nosniff')
  const own = await app.inject('/own')
  assert.equal(own.statusCode, 200)
  assert.equal(own.headers['x-content-type-options'], undefined)
  await app.close()
})

test('embedded with keys: rate limits and the 4 MiB body limit are the service\'s', async () => {
  const { app } = await embedded({
    security: { keys: parseApiKeys(ALL_KEYS, 'test'), rateLimits: { read: { max: 3, windowMs: 60_000 }, scrape: null, ingest: null, admin: null } }
  })
  const codes = []
  for (let i = 0; i < 4; i++) codes.push((await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.read) })).statusCode)
  assert.deepEqual(codes, [200, 200, 200, 429])
  // 2 MiB: over Fastify's default limit (1 MiB), under the service's (4 MiB).
  const item = '{"type":"metric","name":"big","value":1},'
  const twoMiB = '[' + item.repeat(Math.ceil(2 * 1024 * 1024 / item.length)) + '{"type":"metric","name":"big","value":2}]'
  const accepted = await post(app, '/api/metrics/events', bearer(KEYS.write), twoMiB)
  assert.equal(accepted.statusCode, 400, 'past 10,000 items: refused by the batch limit, not the body limit')
  assert.match(accepted.json().message, /10000|10,000/)
  const fiveMiB = '[' + item.repeat(Math.ceil(5 * 1024 * 1024 / item.length)) + '{}]'
  const tooLarge = await post(app, '/api/metrics/events', bearer(KEYS.write), fiveMiB)
  assert.equal(tooLarge.statusCode, 413)
  // JSON only, nested at most 32 deep.
  assert.equal((await app.inject({ method: 'POST', url: '/api/metrics/events', headers: { ...bearer(KEYS.write), 'content-type': 'text/plain' }, payload: '[]' })).statusCode, 415)
  const deep = await post(app, '/api/metrics/events', bearer(KEYS.write), '['.repeat(40) + ']'.repeat(40))
  assert.equal(deep.json().error, 'BM_ERR_JSON_TOO_DEEP')
  await app.close()
})

test('embedded without keys: reads open on loopback names, /clear refused, a foreign Host refused', async () => {
  const { app, logger } = await embedded()
  assert.equal((await app.inject('/api/metrics/summary')).statusCode, 200)
  const clear = await post(app, '/api/metrics/clear')
  assert.equal(clear.statusCode, 403)
  assert.equal(clear.json().error, 'BM_ERR_NO_ADMIN_KEY')
  assert.equal(logger.store.size, 1)
  const rebound = await app.inject({ url: '/api/metrics/summary', headers: { host: 'attacker.example' } })
  assert.equal(rebound.statusCode, 403)
  assert.equal(rebound.json().error, 'BM_ERR_HOST_NOT_ALLOWED')
  await app.close()
})

test('security: false is logged as a warning, and /clear stays refused unless allowUnauthenticatedClear', async () => {
  const bare = await embedded({ security: false })
  const warning = bare.lines.map((l) => JSON.parse(l) as { level: number, msg: string }).find((l) => l.msg.includes('security: false'))
  assert.ok(warning !== undefined, bare.lines.join('\n'))
  assert.equal(warning.level, 40)
  assert.match(warning.msg, /POST \/clear is refused to everyone/)
  assert.equal((await bare.app.inject('/api/metrics/summary')).statusCode, 200)
  for (const headers of [{}, bearer(KEYS.admin)]) {
    const res = await post(bare.app, '/api/metrics/clear', headers)
    assert.equal(res.statusCode, 403)
    assert.equal(res.json().error, 'BM_ERR_NO_ADMIN_KEY')
  }
  assert.equal(bare.logger.store.size, 1)
  await bare.app.close()

  const open = await embedded({ security: false, allowUnauthenticatedClear: true })
  assert.ok(open.lines.some((l) => l.includes('open to anyone who can reach the app')))
  const res = await post(open.app, '/api/metrics/clear')
  assert.equal(res.statusCode, 200)
  assert.equal(open.logger.store.size, 0)
  await open.app.close()
})

test('allowUnauthenticatedClear does not open /clear while the security layer is on', async () => {
  const { app, logger } = await embedded({ allowUnauthenticatedClear: true })
  assert.equal((await post(app, '/api/metrics/clear')).statusCode, 403)
  assert.equal(logger.store.size, 1)
  await app.close()
})

test('buildApp applies the layer once: one rate-limit count and one audit line per request', async () => {
  const { app, lines } = await makeKeyedApp({ security: { rateLimits: { read: { max: 10, windowMs: 60_000 }, scrape: null, ingest: null, admin: null } } })
  const remaining = []
  for (let i = 0; i < 3; i++) remaining.push(Number((await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.read) })).headers['ratelimit-remaining']))
  assert.deepEqual(remaining, [9, 8, 7])
  await app.inject('/api/metrics/summary')
  assert.equal(auditLines(lines).filter((a) => a.event === 'auth_failure').length, 1)
  await app.close()
})

test('security options given both to an enclosing layer and to metricsApi are refused at start', async () => {
  const logger = new MetricsLogger({ sampler: false })
  const app = Fastify()
  await app.register(security, { keys: parseApiKeys(ALL_KEYS, 'test') })
  await assert.rejects(async () => { await app.register(metricsApi, { prefix: '/api/metrics', logger, security: { keys: [] } }) }, /enclosing app already registers the security layer/)
  await app.close()
  logger.close()
})
