import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyBaseLogger } from 'fastify'
import { makeApp } from './helpers.ts'
import { LazyRequestLogger } from '../../../src/http/request-logger.ts'

async function loggingApp (logLevel: string): Promise<{ app: Awaited<ReturnType<typeof makeApp>>['app'], lines: string[], seen: Array<{ id: string, log: FastifyBaseLogger }> }> {
  const lines: string[] = []
  const { app } = await makeApp({}, { logLevel, logStream: { write: (line: string) => { lines.push(line) } } })
  const seen: Array<{ id: string, log: FastifyBaseLogger }> = []
  app.addHook('onResponse', (request, _reply, done) => {
    seen.push({ id: request.id, log: request.log })
    done()
  })
  app.get('/test/log', { config: { scope: 'public' } }, async (request) => {
    request.log.debug('below the level')
    request.log.info({ step: 1 }, 'route ran %s', 'once')
    return { level: request.log.level }
  })
  return { app, lines, seen }
}

test('a request that logs nothing never makes its child logger', async () => {
  const { app, lines, seen } = await loggingApp('info')
  for (const url of ['/api/metrics/summary', '/api/metrics/metric/engine_cycle_time?last_n=10', '/api/metrics/health']) {
    const res = await app.inject({ url })
    assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`)
  }
  assert.equal(seen.length, 3)
  for (const { log } of seen) {
    assert.ok(log instanceof LazyRequestLogger)
    assert.equal(log.materialized, false)
    assert.equal(log.level, 'info', 'the level is read without making the child')
  }
  assert.deepEqual(lines, [])
  await app.close()
})

test('a request that logs writes through a child bound to its request id, at the app level', async () => {
  const { app, lines, seen } = await loggingApp('info')
  const res = await app.inject({ url: '/test/log' })
  assert.equal(res.statusCode, 200)
  assert.deepEqual(res.json(), { level: 'info' })
  assert.equal(lines.length, 1, 'the debug line is below the level')
  const line = JSON.parse(lines[0]) as Record<string, unknown>
  assert.equal(line.msg, 'route ran once')
  assert.equal(line.step, 1)
  assert.equal(line.level, 30)
  assert.equal(line.reqId, seen[0].id)
  assert.equal((seen[0].log as LazyRequestLogger).materialized, true)
  await app.close()
})

test('at debug level the debug line is written too; a child of the request logger keeps its bindings', async () => {
  const { app, lines } = await loggingApp('debug')
  app.get('/test/child', { config: { scope: 'public' } }, async (request) => {
    request.log.child({ part: 'inner' }).warn('from a child')
    return { ok: true }
  })
  await app.inject({ url: '/test/log' })
  await app.inject({ url: '/test/child' })
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
  assert.deepEqual(parsed.map((l) => [l.level, l.msg]), [[20, 'below the level'], [30, 'route ran once'], [40, 'from a child']])
  assert.equal(parsed[2].part, 'inner')
  assert.equal(typeof parsed[2].reqId, 'string')
  assert.notEqual(parsed[2].reqId, parsed[0].reqId)
  await app.close()
})
