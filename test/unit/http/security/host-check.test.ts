import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isAllowedHost, isLoopbackHost, normalizeAllowedHosts, parseAllowedHosts } from '../../../../src/http/security/host-check.ts'
import { makeApp } from '../helpers.ts'

test('isLoopbackHost: localhost, 127/8 and [::1], any port', () => {
  for (const h of ['localhost', 'LOCALHOST:8000', '127.0.0.1', '127.0.0.1:8000', '127.1.2.3:1', '[::1]', '[::1]:8000', undefined]) assert.equal(isLoopbackHost(h), true, String(h))
  for (const h of ['evil.example', 'evil.example:8000', '127.0.0.1.evil.example', 'localhost.evil.example', '10.0.0.1', '[::2]:80', '', '0.0.0.0', 'localhost:80@evil']) {
    assert.equal(isLoopbackHost(h), false, h)
  }
})

test('without keys on loopback, a request for another Host is refused (DNS rebinding)', async () => {
  const { app, logger } = await makeApp({}, { security: { loopbackHostsOnly: true } })
  const rebound = await app.inject({ url: '/api/metrics/summary', headers: { host: 'attacker.example:8000' } })
  assert.equal(rebound.statusCode, 403)
  assert.equal(rebound.json().error, 'BM_ERR_HOST_NOT_ALLOWED')
  const write = await app.inject({ method: 'POST', url: '/api/metrics/events', headers: { host: 'attacker.example', 'content-type': 'application/json' }, payload: '[{"type":"metric","name":"m","value":1}]' })
  assert.equal(write.statusCode, 403)
  assert.equal(logger.store.has('m'), false)
  for (const host of ['127.0.0.1:8000', 'localhost:8000', '[::1]:8000']) {
    assert.equal((await app.inject({ url: '/api/metrics/summary', headers: { host } })).statusCode, 200, host)
  }
  await app.close()
})

test('isAllowedHost: loopback names, then the allowed names with any port, case and trailing dot ignored', () => {
  const allowed = new Set(normalizeAllowedHosts(['Metrics.Example.com', '10.0.0.5', '[fd00::1]'], 'test'))
  for (const h of ['localhost:8000', 'metrics.example.com', 'METRICS.example.com:443', 'metrics.example.com.', '10.0.0.5:8000', '[fd00::1]:80', undefined]) {
    assert.equal(isAllowedHost(h, allowed), true, String(h))
  }
  for (const h of ['evil.example', 'metrics.example.com.evil.example', 'sub.metrics.example.com', '10.0.0.6', '[fd00::2]', 'metrics.example.co']) {
    assert.equal(isAllowedHost(h, allowed), false, h)
  }
  assert.equal(isAllowedHost('metrics.example.com', new Set()), false)
})

test('parseAllowedHosts: DNS names and addresses, anything else refused naming the entry', () => {
  assert.deepEqual(parseAllowedHosts(' metrics.example.com, bot-1 ,10.0.0.5,[::ffff:10.0.0.5],BOT-1,', 'allowed-hosts'),
    ['metrics.example.com', 'bot-1', '10.0.0.5', '[::ffff:10.0.0.5]'])
  for (const bad of ['https://metrics.example.com', 'metrics.example.com:8443', '*.example.com', 'a b', '-bot', 'bot_1', '256.1.1.1', '::1', 'x/y', 'a'.repeat(64) + '.example']) {
    assert.throws(() => parseAllowedHosts(bad, 'allowed-hosts'), /config allowed-hosts: .* is not a host name/, bad)
  }
})

test('without keys, a Host listed in allowedHosts is answered and another still refused', async () => {
  const { app } = await makeApp({}, { security: { loopbackHostsOnly: true, allowedHosts: ['metrics.internal'] } })
  assert.equal((await app.inject({ url: '/api/metrics/summary', headers: { host: 'metrics.internal:8000' } })).statusCode, 200)
  const refused = await app.inject({ url: '/api/metrics/summary', headers: { host: 'other.internal' } })
  assert.equal(refused.statusCode, 403)
  assert.match(refused.json().message, /ALLOWED_HOSTS/)
  await app.close()
  await assert.rejects(async () => await makeApp({}, { security: { allowedHosts: ['http://x'] } }), /security\.allowedHosts/)
})
