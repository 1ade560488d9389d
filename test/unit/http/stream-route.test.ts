import { test } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { once } from 'node:events'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../../src/http/app.ts'
import { StreamHub } from '../../../src/http/stream-hub.ts'
import type { StreamOptions } from '../../../src/http/stream-hub.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import type { StreamPayload } from '../../../src/http/stream-update.ts'

async function listen (streams: StreamHub | Partial<StreamOptions> = {}): Promise<{ app: FastifyInstance, logger: MetricsLogger, base: string }> {
  const logger = new MetricsLogger({ sampler: false, clock: 'system' })
  const app = await buildApp({ logger, logLevel: 'silent', streams, dashboard: false })
  app.addHook('onClose', async () => { logger.close() })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return { app, logger, base: `http://127.0.0.1:${port}/api/metrics` }
}

interface SseEvent { id?: string, event?: string, data?: string }

/** Reads SSE events from a fetch body until `until` says stop. */
async function readEvents (res: Response, until: (events: SseEvent[]) => boolean): Promise<{ events: SseEvent[], text: string }> {
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let events: SseEvent[] = []
  while (!until(events)) {
    const { value, done } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
    events = text.split('\n\n').slice(0, -1).map((block) => {
      const e: SseEvent = {}
      for (const line of block.split('\n')) {
        const m = /^(id|event|data): (.*)$/.exec(line)
        if (m !== null) e[m[1] as keyof SseEvent] = m[2]
      }
      return e
    }).filter((e) => e.event === 'update')
  }
  await reader.cancel()
  return { events, text }
}

test('GET /stream: SSE headers, retry, updates carrying new points by series with labels, and health', async (t) => {
  const { app, logger, base } = await listen({ intervalMs: 50 })
  t.after(async () => { await app.close() })
  const res = await fetch(`${base}/stream?metrics=engine_*,latency_order_execution`)
  assert.equal(res.status, 200)
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/)
  assert.equal(res.headers.get('cache-control'), 'no-cache, no-transform')
  logger.logEngineCycle(0.012, 'scanning', 1, 2, 3)
  logger.logLatency('order_execution', 0.25)
  logger.logLatency('market_data', 0.001)
  const { events, text } = await readEvents(res, (ev) => ev.reduce((n, e) => n + JSON.parse(e.data!).series.length, 0) >= 5)
  assert.match(text, /^retry: 3000\n\n/)
  const payloads = events.map((e) => JSON.parse(e.data!) as StreamPayload)
  const series = payloads.flatMap((p) => p.series)
  const byName = new Map(series.map((s) => [s.n, s]))
  assert.deepEqual(byName.get('engine_cycle_time')?.v, [0.012])
  assert.deepEqual(byName.get('engine_cycle_time')?.l, { state: 'scanning' })
  assert.deepEqual(byName.get('engine_orders')?.v, [3])
  assert.deepEqual(byName.get('latency_order_execution')?.v, [0.25])
  assert.equal(byName.has('latency_market_data'), false, 'not selected')
  // Each update's id is the cursor of the next: increasing, and equal to the payload's t.
  const ids = events.map((e) => Number(e.id))
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i] >= ids[i - 1])
  assert.equal(payloads[0].t, ids[0])
  // The health engine's status, as GET /health reports it.
  const health = await (await fetch(`${base}/health`)).json() as { status: string }
  assert.equal(payloads.at(-1)!.health.status, health.status)
  assert.ok(Array.isArray(payloads.at(-1)!.health.issues))
})

test('GET /stream: Last-Event-ID resumes from the cursor; each point is sent once', async () => {
  const { app, logger, base } = await listen({ intervalMs: 30 })
  const cursor = Date.now() - 10_000
  logger.logMetric('engine_signals', 1, { state: 'idle' }, cursor - 1)
  logger.logMetric('engine_signals', 2, { state: 'idle' }, cursor + 5)
  logger.logMetric('engine_signals', 3, { state: 'idle' }, cursor + 10)
  const res = await fetch(`${base}/stream?metrics=engine_signals`, { headers: { 'last-event-id': String(cursor) } })
  const first = await readEvents(res, (ev) => ev.length >= 1)
  assert.deepEqual((JSON.parse(first.events[0].data!) as StreamPayload).series[0].v, [2, 3])
  // Resuming from the id just received sends only later points, never the same ones again.
  const res2 = await fetch(`${base}/stream?metrics=engine_signals&last_event_id=${first.events[0].id!}`)
  logger.logMetric('engine_signals', 4, { state: 'idle' })
  const second = await readEvents(res2, (ev) => ev.some((e) => JSON.parse(e.data!).series.length > 0))
  const values = second.events.flatMap((e) => (JSON.parse(e.data!) as StreamPayload).series.flatMap((s) => s.v))
  assert.deepEqual(values, [4])
  await app.close()
})

test('GET /stream: bad metric patterns are a 400; past maxStreams a 503 with Retry-After', async () => {
  const { app, base } = await listen({ maxStreams: 1 })
  let res = await fetch(`${base}/stream?metrics=bad-name`)
  assert.equal(res.status, 400)
  assert.equal((await res.json() as { error: string }).error, 'BM_ERR_INVALID_ARGUMENT')
  res = await fetch(`${base}/stream?metrics=${Array.from({ length: 65 }, (_, i) => `m${i}`).join(',')}`)
  assert.equal(res.status, 400)
  const open = await fetch(`${base}/stream`)
  assert.equal(open.status, 200)
  res = await fetch(`${base}/stream`)
  assert.equal(res.status, 503)
  assert.equal(res.headers.get('retry-after'), '5')
  assert.equal((await res.json() as { error: string }).error, 'BM_ERR_TOO_MANY_STREAMS')
  await open.body?.cancel()
  await app.close()
})

test('GET /stream: a real socket that stops reading is bounded in server memory and disconnected', async () => {
  const bound = 64 * 1024
  const hub = new StreamHub({ intervalMs: 20, maxBufferedBytes: bound, maxSlowMs: 500 })
  const { app, logger, base } = await listen(hub)
  const url = new URL(`${base}/stream?metrics=load_*`)
  // Twenty series, each given 500 new points a tick: updates of ~300 KB, far faster than the
  // kernel's socket buffers absorb once the client stops reading.
  const handles = Array.from({ length: 20 }, (_, i) => logger.series(`load_${i}`))
  const pump = setInterval(() => {
    for (const h of handles) for (let k = 0; k < 500; k++) h.record(k)
  }, 20)
  const socket = connect(Number(url.port), '127.0.0.1')
  await once(socket, 'connect')
  socket.write(`GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
  await once(socket, 'data')
  // From now on the client reads nothing. It cannot see the server's close either (unread data
  // is ahead of it), so the test watches the hub, with a deadline far above the ~1 s it takes.
  socket.pause()
  const deadline = Date.now() + 30_000
  while (hub.stats.slowDisconnects === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  clearInterval(pump)
  socket.destroy()
  const stats = hub.stats
  assert.equal(stats.slowDisconnects, 1)
  assert.equal(stats.clients, 0)
  assert.ok(stats.updatesSkipped > 0)
  // One update is at most MAX_POINTS_PER_UPDATE points of about 30 bytes.
  assert.ok(stats.maxBufferedSeen <= bound + 400 * 1024, `server held ${stats.maxBufferedSeen} bytes for one client`)
  await app.close()
})
