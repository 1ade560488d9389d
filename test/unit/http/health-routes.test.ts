import { test } from 'node:test'
import assert from 'node:assert/strict'
import { healthConfigFrom } from '../../../src/health/health-config.ts'
import { FakeClock } from '../health/helpers.ts'
import { makeApp } from './helpers.ts'

/** An app whose logger samples fixed figures and whose health engine runs on a hand-moved clock. */
async function healthApp (rules: unknown[] = []) {
  const clock = new FakeClock()
  let memoryPercent = 50
  const { app, logger } = await makeApp({
    clock,
    sampler: {
      intervalMs: 60_000,
      clock,
      readers: { cpuMicros: () => null, rssBytes: () => memoryPercent * 1e6, totalMemoryBytes: () => 100e6 }
    },
    health: healthConfigFrom({ rules })
  })
  const get = async (path: string) => {
    clock.advance(1000) // past the report cache
    return await app.inject(path)
  }
  return { app, logger, clock, get, setMemory: (p: number) => { memoryPercent = p } }
}

test('GET /health: the original checks are rules: no metrics is a warning, memory over 95 % too', async () => {
  const { app, logger, get, setMemory } = await healthApp([{ id: 'memory_high', for: 0 }])
  let body = (await get('/api/metrics/health')).json()
  assert.equal(body.status, 'warning')
  assert.deepEqual(body.issues.map((i: { check: string }) => i.check), ['no_metrics'])
  assert.equal(body.issues[0].message, 'No metrics recorded: metrics_count = 0, below the warning threshold 1')
  assert.equal(body.metrics_count, 0)
  assert.equal(body.performance.memory_percent, 50)
  logger.logMetric('x', 1)
  body = (await get('/api/metrics/health')).json()
  assert.equal(body.status, 'healthy')
  assert.deepEqual(body.issues, [])
  setMemory(96)
  logger.sampler!.sampleNow()
  body = (await get('/api/metrics/health')).json()
  assert.equal(body.status, 'warning')
  const [issue] = body.issues
  assert.deepEqual([issue.check, issue.severity, issue.value, issue.threshold], ['memory_high', 'warning', 96, 95])
  assert.equal(typeof issue.since, 'number')
  assert.ok('predicted_breach_at' in issue)
  assert.ok(body.predictions.some((p: { check: string }) => p.check === 'memory_high'))
  await app.close()
})

test('GET /health serves a report under a second old without evaluating again', async () => {
  const { app, logger, clock } = await healthApp()
  const first = (await app.inject('/api/metrics/health')).json()
  logger.logMetric('x', 1)
  clock.advance(500)
  assert.deepEqual((await app.inject('/api/metrics/health')).json(), first)
  clock.advance(600)
  assert.equal((await app.inject('/api/metrics/health')).json().status, 'healthy')
  await app.close()
})

test('GET /alerts: active alerts, history newest first, remediation runs; limit is checked', async () => {
  const { app, logger, get } = await healthApp([{ id: 'slow', metric: 'engine_cycle_time', statistic: 'max', warning: 1, critical: 2, actions: ['fix_it'] }])
  logger.onRemediate('fix_it', () => { throw new Error('cannot fix') })
  logger.logMetric('engine_cycle_time', 3)
  await get('/api/metrics/health')
  for (let i = 0; i < 50 && logger.health!.auditLog().length === 0; i++) await new Promise((resolve) => setImmediate(resolve))
  const body = (await get('/api/metrics/alerts')).json()
  assert.deepEqual(body.active.map((a: { check: string }) => a.check), ['slow'])
  assert.deepEqual(body.history.map((e: { check: string, change: string }) => `${e.check}:${e.change}`), ['slow:firing'])
  assert.deepEqual(body.remediations.map((r: { action: string, outcome: string, detail: string }) => [r.action, r.outcome, r.detail]), [['fix_it', 'failed', 'cannot fix']])
  assert.deepEqual(body.notifications, {})
  const bad = await app.inject('/api/metrics/alerts?limit=0')
  assert.equal(bad.statusCode, 400)
  assert.equal(bad.json().error, 'BM_ERR_VALIDATION')
  await app.close()
})

test('GET /api/health/live and /ready answer 200 or 503', async () => {
  const { app, logger, get } = await healthApp([{ id: 'feed_dead', metric: 'feed', statistic: 'latest', critical: 1, readiness: true }])
  // Not evaluated yet: not ready.
  let ready = await app.inject('/api/health/ready')
  assert.equal(ready.statusCode, 503)
  assert.equal(ready.json().checks.find((c: { name: string }) => c.name === 'evaluated').ok, false)
  await get('/api/metrics/health')
  assert.equal((await app.inject('/api/health/ready')).statusCode, 200)
  logger.logMetric('feed', 5)
  await get('/api/metrics/health')
  ready = await app.inject('/api/health/ready')
  assert.equal(ready.statusCode, 503)
  assert.match(ready.json().checks.find((c: { name: string }) => c.name === 'rules').detail, /critical: feed_dead/)
  const live = await app.inject('/api/health/live')
  assert.equal(live.statusCode, 200)
  assert.equal(live.json().status, 'ok')
  await app.close()
})

test('a logger with health: false still answers /health; onAlert then says why it cannot', async () => {
  const { app, logger } = await makeApp({ health: false })
  assert.equal((await app.inject('/api/metrics/health')).json().status, 'warning')
  assert.equal((await app.inject('/api/health/live')).statusCode, 404)
  assert.throws(() => logger.onAlert(() => {}), /no health engine/)
  await app.close()
})
