import { test } from 'node:test'
import assert from 'node:assert/strict'
import { checkExposure, securityOptionsOf, securityWarnings } from '../../src/server.ts'
import { DEFAULT_RATE_LIMITS } from '../../src/http/security/rate-limit-config.ts'
import { parseApiKeys } from '../../src/http/security/api-keys.ts'
import { ConfigError } from '../../src/core/errors.ts'

const keys = parseApiKeys('read:server-test-read-key-01,admin:server-test-admin-key-1', 'test')

test('checkExposure: loopback always; another address only with keys or --insecure', () => {
  for (const host of ['127.0.0.1', '::1', 'localhost']) checkExposure({ host, insecure: false, apiKeys: [] })
  for (const host of ['0.0.0.0', '192.168.1.5', '::']) {
    assert.throws(() => checkExposure({ host, insecure: false, apiKeys: [] }), (e: unknown) =>
      e instanceof ConfigError && /refusing to listen on .* without API keys/.test(e.message) && /METRICS_API_KEYS/.test(e.message) && /--insecure/.test(e.message))
    checkExposure({ host, insecure: false, apiKeys: keys })
    checkExposure({ host, insecure: true, apiKeys: [] })
  }
})

test('securityWarnings: exposure without keys, keys in clear, missing admin or read keys', () => {
  assert.deepEqual(securityWarnings({ host: '127.0.0.1', insecure: false, apiKeys: [], tlsCertFile: null }), [])
  assert.deepEqual(securityWarnings({ host: '127.0.0.1', insecure: false, apiKeys: keys, tlsCertFile: null }), [])
  assert.deepEqual(securityWarnings({ host: '0.0.0.0', insecure: false, apiKeys: keys, tlsCertFile: '/c.pem' }), [])
  assert.match(securityWarnings({ host: '0.0.0.0', insecure: true, apiKeys: [], tlsCertFile: null }).join('\n'), /without API keys \(--insecure\)/)
  assert.match(securityWarnings({ host: '0.0.0.0', insecure: false, apiKeys: keys, tlsCertFile: null }).join('\n'), /in clear/)
  const writeOnly = parseApiKeys('write:server-test-write-key-1', 'test')
  const w = securityWarnings({ host: '127.0.0.1', insecure: false, apiKeys: writeOnly, tlsCertFile: null })
  assert.equal(w.length, 2)
  assert.match(w[0], /no admin key/)
  assert.match(w[1], /no one can read/)
})

test('securityOptionsOf: loopback Host names only when running without keys on loopback', () => {
  const base = { rateLimits: DEFAULT_RATE_LIMITS, corsOrigins: [], allowedHosts: [] }
  assert.equal(securityOptionsOf({ ...base, host: '127.0.0.1', apiKeys: [] }).loopbackHostsOnly, true)
  assert.equal(securityOptionsOf({ ...base, host: '127.0.0.1', apiKeys: keys }).loopbackHostsOnly, false)
  assert.equal(securityOptionsOf({ ...base, host: '0.0.0.0', apiKeys: [] }).loopbackHostsOnly, false, '--insecure: the operator chose')
  assert.equal(securityOptionsOf({ ...base, host: '::1', apiKeys: keys }).keys, keys)
})
