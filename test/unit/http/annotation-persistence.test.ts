import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { parseApiKeys } from '../../../src/http/security/api-keys.ts'
import { KEYS, NO_LIMITS, bearer } from './security-helpers.ts'
import { buildApp } from '../../../src/http/app.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { Persistence } from '../../../src/persist/persistence.ts'

test('with persistence: POST /annotations answers once stored, POST /clear keeps them, a closed database is a 503', async (t) => {
  const dir = mkdtempSync(join(os.tmpdir(), 'bm-http-'))
  t.after(() => { rmSync(dir, { recursive: true, force: true }) })
  const logger = new MetricsLogger({ sampler: false, clock: 'system', health: false })
  const persistence = Persistence.open(dir, { synchronous: 'normal' })
  persistence.restore({ ledger: logger.trades, store: logger.store, annotations: logger.annotations })
  const app = await buildApp({ logger, logLevel: 'silent', persistence, security: { keys: parseApiKeys(`admin:${KEYS.admin}`, 'test'), rateLimits: NO_LIMITS } })
  t.after(async () => { await app.close(); logger.close(); persistence.close() })
  const post = async (text: string): Promise<{ statusCode: number, body: { id?: number, error?: string } }> => {
    const res = await app.inject({ method: 'POST', url: '/api/metrics/annotations', headers: bearer(KEYS.admin), payload: { text, tags: ['deploy'] } })
    return { statusCode: res.statusCode, body: res.json() }
  }
  const list = async (): Promise<string[]> =>
    (await app.inject({ url: '/api/metrics/annotations', headers: bearer(KEYS.admin) })).json().annotations.map((a: { text: string }) => a.text)

  assert.equal((await post('deployed v2.3')).statusCode, 201)
  assert.equal(persistence.annotationJournal.count(), 1)
  const cleared = await app.inject({ method: 'POST', url: '/api/metrics/clear', headers: bearer(KEYS.admin) })
  assert.equal(cleared.statusCode, 200)
  assert.equal(persistence.annotationJournal.count(), 1)
  assert.deepEqual(await list(), ['deployed v2.3'])

  persistence.close()
  const refused = await post('not stored')
  assert.equal(refused.statusCode, 503)
  assert.equal(refused.body.error, 'BM_ERR_PERSIST')
  assert.deepEqual(await list(), ['deployed v2.3'])
})
