import { test } from 'node:test'
import assert from 'node:assert/strict'
import { KEYS, auditLines, bearer, makeKeyedApp } from './security-helpers.ts'
import { keyFingerprint } from '../../../src/http/security/api-keys.ts'

test('every auth failure and every admin action leaves one audit line: who, what, when, from where', async () => {
  const { app, logger, lines } = await makeKeyedApp()
  logger.logMetric('m', 1)
  const before = Date.now()
  await app.inject({ url: '/api/metrics/summary', remoteAddress: '10.1.2.3', headers: { 'user-agent': 'probe/1' } })
  await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.wrong) })
  await app.inject({ method: 'POST', url: '/api/metrics/clear', headers: bearer(KEYS.read) })
  await app.inject({ url: '/api/metrics/summary', headers: bearer(KEYS.read) })
  await app.inject({ method: 'POST', url: '/api/metrics/clear', headers: { 'x-api-key': KEYS.admin }, remoteAddress: '10.9.9.9' })
  const audit = auditLines(lines)
  assert.equal(audit.length, 4, 'the successful read is not audited')
  assert.deepEqual(audit.map((a) => [a.event, a.status, a.key_id, a.key_known]), [
    ['auth_failure', 401, null, false],
    ['auth_failure', 401, keyFingerprint(KEYS.wrong), false],
    ['auth_failure', 403, keyFingerprint(KEYS.read), true],
    ['admin_action', 200, keyFingerprint(KEYS.admin), true]
  ])
  assert.equal(audit[0].ip, '10.1.2.3')
  assert.equal(audit[0].user_agent, 'probe/1')
  assert.equal(audit[0].route, '/api/metrics/summary')
  assert.equal(audit[2].method, 'POST')
  assert.match(String(audit[2].reason), /needs a key with the admin scope/)
  assert.equal(audit[3].ip, '10.9.9.9')
  assert.deepEqual(audit[3].detail, { cleared: { metrics: 1, series: 1, points: 1, samples: 0, positions: 0, trades: 0, trade_events: 0 } })
  for (const line of lines.filter((l) => l.includes('"audit"'))) {
    const parsed = JSON.parse(line) as { time: number, level: number }
    assert.ok(parsed.time >= before && parsed.time <= Date.now(), 'when')
    assert.equal(parsed.level, 40)
  }
  await app.close()
})

test('audit lines are written at log level error too; not with silent', async () => {
  const { app, lines } = await makeKeyedApp({ logLevel: 'error' })
  await app.inject({ url: '/api/metrics/summary' })
  assert.equal(auditLines(lines).length, 1)
  await app.close()
  const quiet = await makeKeyedApp({ logLevel: 'silent' })
  await quiet.app.inject({ url: '/api/metrics/summary' })
  assert.equal(quiet.lines.length, 0)
  await quiet.app.close()
})

test('keys never reach the log: not from audit lines, not from logged requests', async () => {
  const { app, lines } = await makeKeyedApp({ logLevel: 'trace' })
  app.get('/test/log-request', { config: { scope: 'public' } }, async (request) => {
    // What a route that logs its request or its headers would write.
    request.log.info({ req: request }, 'request seen')
    request.log.info({ headers: request.headers }, 'headers seen')
    request.log.info({ request: { headers: request.headers } }, 'nested headers seen')
    return { ok: true }
  })
  for (const key of Object.values(KEYS)) {
    await app.inject({ url: '/api/metrics/summary', headers: bearer(key) })
    await app.inject({ method: 'POST', url: '/api/metrics/clear', headers: { 'x-api-key': key } })
    await app.inject({ url: '/test/log-request', headers: { authorization: `Bearer ${key}`, 'x-api-key': key } })
    await app.inject({ url: '/api/metrics/summary', headers: { authorization: `Basic ${key}` } })
  }
  const log = lines.join('')
  assert.ok(lines.length >= 20, `${lines.length} lines`)
  assert.match(log, /"msg":"request seen"/)
  assert.match(log, /"authorization":"\[Redacted\]"/)
  assert.match(log, /"x-api-key":"\[Redacted\]"/)
  for (const key of Object.values(KEYS)) assert.ok(!log.includes(key), 'a key appears in the log')
  await app.close()
})
