import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../../src/http/app.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'

test('the dashboard is served at / with a strict content security policy; unknown paths stay JSON 404s', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bm-dashboard-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Breakout Metrics</title>')
  writeFileSync(join(dir, 'app.js'), 'export {}')
  const logger = new MetricsLogger({ sampler: false })
  const app = await buildApp({ logger, logLevel: 'silent', dashboard: dir })
  try {
    let res = await app.inject('/')
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /^text\/html/)
    assert.match(res.body, /Breakout Metrics/)
    assert.match(res.headers['content-security-policy'] as string, /default-src 'self'/)
    assert.doesNotMatch(res.headers['content-security-policy'] as string, /unsafe-inline/)
    res = await app.inject('/app.js')
    assert.equal(res.statusCode, 200)
    assert.match(res.headers['content-type'] as string, /javascript/)
    res = await app.inject('/nope.js')
    assert.equal(res.statusCode, 404)
    assert.equal(res.json().error, 'BM_ERR_NOT_FOUND')
    assert.equal((await app.inject('/api/metrics/health')).statusCode, 200)
  } finally {
    await app.close()
    logger.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

test('an unbuilt dashboard answers / with 503 and how to build it', async () => {
  const logger = new MetricsLogger({ sampler: false })
  const app = await buildApp({ logger, logLevel: 'silent', dashboard: join(tmpdir(), 'bm-no-such-dashboard') })
  const res = await app.inject('/')
  assert.equal(res.statusCode, 503)
  assert.match(res.body, /npm run build:web/)
  await app.close()
  logger.close()
})
