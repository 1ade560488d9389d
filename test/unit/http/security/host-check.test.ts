import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isLoopbackHost } from '../../../../src/http/security/host-check.ts'
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
