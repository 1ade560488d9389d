import { test } from 'node:test'
import assert from 'node:assert/strict'
import Fastify from 'fastify'
import type { RouteOptions } from 'fastify'
import { healthProbes } from '../../../src/http/health-probes.ts'
import { metricsApi } from '../../../src/http/plugin.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { makeApp } from './helpers.ts'

interface Operation { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }

/** Status codes of an operation that are 2xx and carry a schema for at least one content type. */
function documentedSuccesses (op: Operation): string[] {
  return Object.entries(op.responses ?? {})
    .filter(([code, r]) => /^2\d\d$/.test(code) && Object.values(r.content ?? {}).some((media) => typeof media.schema === 'object' && media.schema !== null && Object.keys(media.schema).length > 0))
    .map(([code]) => code)
}

/** `/api/metrics/metric/:name` as OpenAPI writes it, without a trailing slash. */
function openApiPath (url: string): string {
  return url.replace(/:([A-Za-z_]+)/g, '{$1}').replace(/(.)\/$/, '$1')
}

test('GET /api/docs: every operation has a 2xx response with a schema', async () => {
  const { app } = await makeApp()
  const doc = (await app.inject('/api/docs')).json() as { paths: Record<string, Record<string, Operation>> }
  const missing: string[] = []
  let operations = 0
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      operations++
      if (documentedSuccesses(op).length === 0) missing.push(`${method.toUpperCase()} ${path}`)
    }
  }
  assert.deepEqual(missing, [], 'operations without a 2xx response schema')
  assert.ok(operations >= 27, `${operations} operations`)
  await app.close()
})

test('every route of the Metrics API and the probes is in the OpenAPI description', async () => {
  // The routes as the plugins register them, hidden ones included: none may hide from the description.
  const logger = new MetricsLogger({ sampler: false })
  const bare = Fastify()
  const routes: RouteOptions[] = []
  bare.addHook('onRoute', (route) => { if (route.method !== 'HEAD') routes.push(route) })
  await bare.register(metricsApi, { prefix: '/api/metrics', logger })
  await bare.register(healthProbes, { prefix: '/api/health', engine: logger.health! })
  await bare.close()
  logger.close()
  const { app } = await makeApp()
  await app.ready()
  const doc = app.swagger() as { paths: Record<string, Record<string, Operation>> }
  const documented = new Set(Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${openApiPath(path)}`)))
  const absent = routes.map((r) => `${String(r.method)} ${openApiPath(r.url)}`).filter((key) => !documented.has(key))
  assert.deepEqual(absent, [], 'routes left out of /api/docs')
  assert.ok(routes.length >= 27, `${routes.length} routes`)
  await app.close()
})
