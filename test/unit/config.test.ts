import { test } from 'node:test'
import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { isLoopback, loadConfig, parseFlags } from '../../src/config.ts'
import { ConfigError } from '../../src/core/errors.ts'

test('defaults: 127.0.0.1:8000, ./data, persistence on', () => {
  const c = loadConfig({}, {})
  assert.equal(c.port, 8000)
  assert.equal(c.host, '127.0.0.1')
  assert.equal(c.dataDir, resolve('./data'))
  assert.equal(c.persist, true)
  assert.ok(Object.isFrozen(c))
})

test('flags win over the environment', () => {
  const { values } = parseFlags(['--port', '9001', '--data-dir', '/tmp/x', '--no-persist'])
  const c = loadConfig(values, { PORT: '7000', DATA_DIR: '/tmp/y', HOST: '127.0.0.2' })
  assert.equal(c.port, 9001)
  assert.equal(c.dataDir, '/tmp/x')
  assert.equal(c.host, '127.0.0.2')
  assert.equal(c.persist, false)
})

test('bad values throw ConfigError naming the field', () => {
  assert.throws(() => loadConfig({}, { PORT: 'eighty' }), (e: unknown) => e instanceof ConfigError && /config port: must be an integer from 0 to 65535/.test(e.message))
  assert.throws(() => loadConfig({}, { PORT: '70000' }), /port/)
  assert.throws(() => loadConfig({ 'log-level': 'loud' }, {}), /log-level/)
  assert.throws(() => parseFlags(['--bogus']), (e: unknown) => e instanceof ConfigError && /flags/.test(e.message))
})

test('loopback detection', () => {
  assert.ok(isLoopback('127.0.0.1'))
  assert.ok(isLoopback('localhost'))
  assert.ok(isLoopback('::1'))
  assert.ok(!isLoopback('0.0.0.0'))
  assert.ok(!isLoopback('192.168.1.5'))
})
