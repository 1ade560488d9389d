import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ReadCache } from '../../../src/http/read-cache.ts'
import { Series } from '../../../src/core/series.ts'
import { defaultDefinition } from '../../../src/core/metric-kind.ts'
import { makeApp } from './helpers.ts'

function series (name: string): Series {
  return new Series(name, {}, '', 100, defaultDefinition(name))
}

test('a new point in series A invalidates the entries that read A, not those of B', () => {
  const cache = new ReadCache(1 << 20)
  const a = series('a')
  const b = series('b')
  a.record(1, 1000)
  b.record(2, 1000)
  cache.set('ka', 's', [a], Buffer.from('A'))
  cache.set('kb', 's', [b], Buffer.from('B'))
  cache.set('kab', 's', [a, b], Buffer.from('AB'))
  assert.equal(cache.get('ka', 's')?.toString(), 'A')
  a.record(3, 2000)
  assert.equal(cache.get('ka', 's'), undefined)
  assert.equal(cache.get('kab', 's'), undefined)
  assert.equal(cache.get('kb', 's')?.toString(), 'B')
  // The stale entries are gone, not kept to be checked again.
  assert.equal(cache.has('ka'), false)
  assert.equal(cache.has('kb'), true)
  assert.equal(cache.stats().entries, 1)
})

test('a clear, an import or a late point also invalidate; another shape misses', () => {
  const cache = new ReadCache(1 << 20)
  const a = series('a')
  a.record(1, 1000)
  a.record(1, 2000)
  const check = (change: () => void): void => {
    cache.set('k', 's', [a], Buffer.from('x'))
    assert.ok(cache.get('k', 's') !== undefined)
    change()
    assert.equal(cache.get('k', 's'), undefined)
  }
  check(() => a.record(5, 1500)) // out of order: inserted in place
  check(() => a.clear())
  check(() => a.importState({ ...series('a').exportState(), timesMs: Float64Array.of(5), values: Float64Array.of(1) }))
  check(() => a.ring.shrink(1))
  cache.set('k', 's', [a], Buffer.from('x'))
  assert.equal(cache.get('k', 'other'), undefined)
})

test('the byte budget evicts the least recently used entries first', () => {
  const body = (c: string): Buffer => Buffer.alloc(100, c)
  // Each entry costs its body, 2 bytes per key character and 16 per dependency: 100 + 4 + 16 = 120.
  const cache = new ReadCache(360)
  const s = series('s')
  cache.set('k1', '', [s], body('1'))
  cache.set('k2', '', [s], body('2'))
  cache.set('k3', '', [s], body('3'))
  assert.deepEqual(cache.stats(), { entries: 3, bytes: 360, maxBytes: 360, hits: 0, misses: 0, evictions: 0 })
  // k1 read last: k2 is now the least recently used.
  assert.ok(cache.get('k1', '') !== undefined)
  cache.set('k4', '', [s], body('4'))
  assert.equal(cache.has('k2'), false)
  assert.ok(cache.has('k1') && cache.has('k3') && cache.has('k4'))
  assert.equal(cache.stats().evictions, 1)
  assert.equal(cache.stats().bytes, 360)
  // Larger than the whole budget: not kept, nothing evicted for it.
  cache.set('big', '', [s], Buffer.alloc(400))
  assert.equal(cache.has('big'), false)
  assert.equal(cache.stats().entries, 3)
  // Replacing an entry charges only the new body.
  cache.set('k3', '', [s], Buffer.alloc(10))
  assert.equal(cache.stats().bytes, 240 + 10 + 4 + 16)
})

test('a budget of 0 keeps nothing; a negative or fractional budget throws', () => {
  const cache = new ReadCache(0)
  cache.set('k', '', [], Buffer.from('x'))
  assert.equal(cache.get('k', ''), undefined)
  assert.throws(() => new ReadCache(-1), RangeError)
  assert.throws(() => new ReadCache(1.5), RangeError)
})

/** Body of a GET through the app, parsed. */
async function read (app: Awaited<ReturnType<typeof makeApp>>['app'], url: string): Promise<Record<string, unknown>> {
  const res = await app.inject(url)
  assert.equal(res.statusCode, 200, res.body)
  assert.match(String(res.headers['content-type']), /^application\/json/)
  return res.json()
}

test('GET /metric/{name}: a cached answer equals a fresh one and moves with its own series only', async () => {
  const { app, logger } = await makeApp()
  const { app: plain, logger: plainLogger } = await makeApp({}, { readCacheBytes: 0 })
  for (const l of [logger, plainLogger]) {
    for (let i = 1; i <= 20; i++) l.logMetric('cycle', i / 10, { state: i % 2 === 0 ? 'a' : 'b' }, 1000 * i)
    l.logMetric('other', 1, undefined, 1000)
  }
  const url = '/api/metrics/metric/cycle?last_n=5&state=a&since=1000'
  const first = await read(app, url)
  // Same query with the parameters in another order: the same answer, from the cache.
  assert.deepEqual(await read(app, '/api/metrics/metric/cycle?since=1000&state=a&last_n=5'), first)
  assert.deepEqual(await read(plain, url), first)
  assert.deepEqual((first.points as Array<{ value: number }>).map((p) => p.value), [1.2, 1.4, 1.6, 1.8, 2])
  // A point in another metric leaves the answer as it was; one in this metric moves it.
  logger.logMetric('other', 2, undefined, 2000)
  assert.deepEqual(await read(app, url), first)
  logger.logMetric('cycle', 9, { state: 'a' }, 30_000)
  const after = await read(app, url)
  assert.deepEqual((after.points as Array<{ value: number }>).map((p) => p.value), [1.4, 1.6, 1.8, 2, 9])
  // A new series matching the filter moves it too.
  logger.logMetric('cycle', 7, { state: 'a', venue: 'x' }, 40_000)
  assert.equal((await read(app, url)).series, 2)
  await app.close()
  await plain.close()
})

test('GET /metric/{name}?format=columns: timestamps and values with the statistics, and step reads', async () => {
  const { app, logger } = await makeApp()
  const values = [3, 1, 4, 1, 5, 9, 2, 6]
  values.forEach((v, i) => logger.logMetric('spread', v, undefined, 1000 * (i + 1)))
  const body = await read(app, '/api/metrics/metric/spread?last_n=6&format=columns')
  assert.deepEqual(body.timestamps, [3000, 4000, 5000, 6000, 7000, 8000])
  assert.deepEqual(body.values, [4, 1, 5, 9, 2, 6])
  assert.equal(body.points, undefined)
  const stats = body.statistics as Record<string, number>
  assert.equal(stats.count, 6)
  assert.equal(stats.mean, (4 + 1 + 5 + 9 + 2 + 6) / 6)
  assert.equal(stats.min, 1)
  assert.equal(stats.max, 9)
  assert.equal(stats.latest, 6)
  // The same query as points: the same statistics.
  const points = await read(app, '/api/metrics/metric/spread?last_n=6')
  assert.deepEqual(points.statistics, body.statistics)
  const stepped = await read(app, '/api/metrics/metric/spread?step=2s&format=columns')
  assert.deepEqual(stepped.timestamps, [])
  assert.equal((stepped.buckets as unknown[]).length, 5)
  assert.equal((await app.inject('/api/metrics/metric/spread?format=rows')).statusCode, 400)
  await app.close()
})

test('GET /all: cached between points, with a fresh timestamp; a new point or series moves it', async () => {
  const { app, logger } = await makeApp()
  logger.logMetric('a', 1, undefined, 1000)
  logger.logMetric('b', 2, { k: 'x' }, 1000)
  const first = await read(app, '/api/metrics/all?last_n=10')
  const second = await read(app, '/api/metrics/all?last_n=10')
  assert.deepEqual({ ...second, timestamp: 0 }, { ...first, timestamp: 0 })
  assert.ok(Math.abs((second.timestamp as number) - Date.now()) < 5000)
  logger.logMetric('a', 3, undefined, 2000)
  const third = await read(app, '/api/metrics/all?last_n=10')
  assert.deepEqual((third.metrics as Record<string, Array<{ points: unknown[] }>>).a[0].points, [{ timestamp: 1000, value: 1 }, { timestamp: 2000, value: 3 }])
  logger.logMetric('b', 4, { k: 'y' }, 1000)
  const fourth = await read(app, '/api/metrics/all?last_n=10')
  assert.equal(fourth.series_count, 3)
  await app.close()
})
