import { test } from 'node:test'
import type { TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { FastifyInstance } from 'fastify'
import { hostileRequests } from './hostile-requests.ts'
import { makeKeyedApp, NO_LIMITS } from './security-helpers.ts'
import { makeApp } from './helpers.ts'
import type { MetricsLogger } from '../../../src/logger/metrics-logger.ts'

// Small limits, so that the suite reaches them: the bounds below are what it checks.
const STORE = { capacity: 200, maxSeries: 400, maxLabelSetsPerMetric: 50 }
// The sampler takes one sample at start, so /performance has one to answer with (no 503).
const LOGGER = { ...STORE, sampler: { intervalMs: 3_600_000 } }
const REQUESTS_PER_APP = 600

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

function retainedBytes (): number {
  gc()
  gc()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

/** The witness metric's points, straight from the store: HTTP reads may be rate limited by then. */
function witness (logger: MetricsLogger): string {
  const points = logger.query('reference_metric', { lastN: 1000 })
  return JSON.stringify([[...points.timesMs], [...points.values]])
}

async function runSuite (t: TestContext, app: FastifyInstance, logger: MetricsLogger, lines: string[], seed: number, keyed: boolean): Promise<void> {
  for (let i = 0; i < 100; i++) logger.logMetric('reference_metric', i * 1.5, { symbol: 'REF' }, 1_700_000_000_000 + i * 1000)
  const before = witness(logger)
  assert.equal(JSON.parse(before)[0].length, 100)
  // Warm up (route compilation, caches) on another stream, then measure.
  for (const r of hostileRequests(seed + 1_000_000, 50, keyed)) await app.inject(r.options)
  const heapBefore = retainedBytes()
  const statuses = new Map<number, number>()
  let i = 0
  for (const r of hostileRequests(seed, REQUESTS_PER_APP, keyed)) {
    i++
    const res = await app.inject(r.options)
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    const what = `request ${i} (${r.kind}) ${r.options.method} ${String(r.options.url).slice(0, 200)} -> ${res.statusCode} ${res.body.slice(0, 300)}`
    assert.ok(res.statusCode < 500, what)
    if (res.statusCode >= 400 && r.options.method !== 'HEAD') {
      const body = res.json()
      if (res.statusCode === 422) {
        // A batch with no good item: the ingest answer, every item named.
        assert.equal(body.accepted, 0, what)
        assert.ok(body.rejected.length > 0, what)
      } else {
        assert.equal(typeof body.error, 'string', what)
        assert.equal(typeof body.message, 'string', what)
      }
    }
  }
  const heapAfter = retainedBytes()
  const grownMiB = (heapAfter - heapBefore) / 2 ** 20
  // The store may hold at most 800 series of 200 points (2.5 MiB of rings)
  // plus their labels (measured: about 1 MiB in all). 16 MiB leaves room for
  // V8 and still catches keeping any part of what the suite sent (over
  // 100 MiB of bodies); before new names were refused past the series limit,
  // this grew by about 22 MiB (and held 13,564 names).
  assert.ok(grownMiB < 16, `retained memory grew by ${grownMiB.toFixed(1)} MiB`)
  assert.ok(logger.store.metricCount <= STORE.maxSeries, `${logger.store.metricCount} metric names`)
  assert.ok(logger.store.size <= 2 * STORE.maxSeries, `${logger.store.size} series (at most one overflow series per name)`)
  for (const family of logger.store.allFamilies()) assert.ok(family.series.length <= STORE.maxLabelSetsPerMetric + 1, family.name)
  assert.equal(witness(logger), before, 'stored data changed')
  assert.ok(!lines.some((l) => (JSON.parse(l) as { level: number }).level >= 50), 'an error was logged')
  t.diagnostic(`statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}; retained memory ${grownMiB.toFixed(1)} MiB; ` +
    `${logger.store.metricCount} names, ${logger.store.size} series, ${logger.droppedPoints} points dropped`)
  // Every family of answer is represented, not just refusals.
  for (const status of [200, 400, 404]) assert.ok((statuses.get(status) ?? 0) > 0, `no ${status} in ${JSON.stringify([...statuses])}`)
}

test(`hostile input without keys: ${REQUESTS_PER_APP} generated requests, no 5xx, bounded memory and series, data intact`, { timeout: 300_000 }, async (t) => {
  const lines: string[] = []
  const { app, logger } = await makeApp(LOGGER, { logLevel: 'warn', logStream: { write: (l: string) => { lines.push(l) } }, security: { rateLimits: NO_LIMITS } })
  await runSuite(t, app, logger, lines, 20_260_001, false)
  await app.close()
})

test(`hostile input with keys and rate limits: ${REQUESTS_PER_APP} more generated requests`, { timeout: 300_000 }, async (t) => {
  const { app, logger, lines } = await makeKeyedApp({
    logLevel: 'warn',
    security: { rateLimits: { read: { max: 300, windowMs: 60_000 }, scrape: { max: 100, windowMs: 60_000 }, ingest: { max: 300, windowMs: 60_000 }, admin: { max: 30, windowMs: 60_000 } } }
  }, LOGGER)
  await runSuite(t, app, logger, lines, 20_260_002, true)
  await app.close()
})
