import { test } from 'node:test'
import assert from 'node:assert/strict'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { Exposition } from '../../../src/export/exposition.ts'
import { StreamHub } from '../../../src/http/stream-hub.ts'
import { ReadCache } from '../../../src/http/read-cache.ts'
import { HealthEngine } from '../../../src/health/health-engine.ts'
import type { ApiContext } from '../../../src/http/api-context.ts'
import {
  buildStreamUpdate, MAX_POINTS_PER_SERIES, MAX_POINTS_PER_UPDATE, parseStreamSelection, resumeCursor
} from '../../../src/http/stream-update.ts'
import type { StreamPayload } from '../../../src/http/stream-update.ts'

function context (): ApiContext {
  const logger = new MetricsLogger({ sampler: false, health: false, clock: { now: () => 1_000_000 } })
  const health = new HealthEngine({ store: logger.store, clock: { now: () => 1_000_000 } })
  return { logger, health, notifiers: null, exposition: new Exposition(logger), streams: new StreamHub(), readCache: new ReadCache(0) }
}

test('parseStreamSelection takes names and prefix* patterns, and names the bad item', () => {
  const s = parseStreamSelection('engine_cycle_time, scanner_*')
  assert.deepEqual([...s.names], ['engine_cycle_time'])
  assert.deepEqual(s.prefixes, ['scanner_'])
  assert.ok(parseStreamSelection(undefined).prefixes.includes('engine_'))
  assert.throws(() => parseStreamSelection('a*b'), /metrics: "a\*b" is not a metric name/)
  assert.throws(() => parseStreamSelection(' , '), { code: 'BM_ERR_INVALID_ARGUMENT' })
})

test('resumeCursor trusts a numeric Last-Event-ID within the last day, else starts now', () => {
  const now = 1_800_000_000_000
  assert.equal(resumeCursor(String(now - 5000), now), now - 5000)
  assert.equal(resumeCursor(undefined, now), now)
  assert.equal(resumeCursor('abc', now), now)
  assert.equal(resumeCursor(String(now + 1), now), now)
  assert.equal(resumeCursor(String(now - 2 * 86_400_000), now), now)
})

test('buildStreamUpdate sends points in [cursor, now) of selected series only', () => {
  const ctx = context()
  ctx.logger.logMetric('engine_orders', 1, { state: 'a' }, 999_000)
  ctx.logger.logMetric('engine_orders', 2, { state: 'b' }, 999_500)
  ctx.logger.logMetric('engine_orders', 3, { state: 'b' }, 1_000_000)
  ctx.logger.logMetric('other', 9, {}, 999_600)
  const update = buildStreamUpdate(ctx, parseStreamSelection('engine_*'), 999_100)
  assert.equal(update.id, 1_000_000)
  const payload = JSON.parse(update.data) as StreamPayload
  assert.deepEqual(payload.series, [{ n: 'engine_orders', l: { state: 'b' }, t: [999_500], v: [2] }])
  assert.equal(payload.health.status, 'healthy')
  assert.equal(payload.truncated, undefined)
  ctx.logger.close()
})

test('buildStreamUpdate keeps the newest points within the per-series and per-update budgets, and says truncated', () => {
  const ctx = context()
  const series = 25
  for (let s = 0; s < series; s++) for (let i = 0; i < MAX_POINTS_PER_SERIES + 10; i++) ctx.logger.logMetric(`load_${s}`, i, {}, 900_000 + i)
  const payload = JSON.parse(buildStreamUpdate(ctx, parseStreamSelection('load_*'), 0).data) as StreamPayload
  assert.equal(payload.truncated, true)
  const total = payload.series.reduce((n, s) => n + s.v.length, 0)
  assert.equal(total, MAX_POINTS_PER_UPDATE)
  assert.equal(payload.series[0].v.length, MAX_POINTS_PER_SERIES)
  assert.equal(payload.series[0].v.at(-1), MAX_POINTS_PER_SERIES + 9)
  assert.equal(payload.series[0].v[0], 10)
  ctx.logger.close()
})
