import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { HttpDelivery } from '../../../src/health/http-delivery.ts'
import { WebhookNotifier } from '../../../src/health/webhook-notifier.ts'
import type { DeliveryConfig } from '../../../src/health/health-config.ts'
import type { AlertEvent } from '../../../src/health/alert.ts'

/** A real HTTP server on 127.0.0.1, port 0, answering with `handler`; records each request body. */
async function receiver (handler: (n: number, req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string, bodies: string[], server: Server }> {
  const bodies: string[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => { body += c.toString() })
    req.on('end', () => { bodies.push(body); handler(bodies.length, req, res) })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/hook`, bodies, server }
}

async function close (server: Server): Promise<void> {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
}

function config (url: string, fields: Partial<DeliveryConfig> = {}): DeliveryConfig {
  return { url, timeoutMs: 2000, retries: 3, backoffMs: 10, maxBackoffMs: 100, queueSize: 100, headers: {}, ...fields }
}

const EVENT: AlertEvent = {
  check: 'cpu_high',
  alertname: 'BreakoutHighCpu',
  change: 'firing',
  severity: 'warning',
  previous_severity: 'ok',
  message: 'Process CPU usage high: cpu_percent latest over 1m = 92.4, above the warning threshold 90',
  summary: 'Process CPU usage high',
  value: 92.4,
  threshold: 90,
  since: 1_700_000_000_000,
  timestamp: 1_700_000_015_000,
  labels: { team: 'trading' }
}

test('a receiver that fails twice then succeeds gets the post on the third attempt', async () => {
  const r = await receiver((n, _req, res) => { res.statusCode = n <= 2 ? 503 : 200; res.end(n <= 2 ? 'busy' : 'ok') })
  try {
    const hook = new WebhookNotifier(config(r.url, { headers: { authorization: 'Bearer t0k' } }), { instance: 'bot-1' })
    hook.notify(EVENT)
    await hook.flush()
    assert.equal(r.bodies.length, 3)
    assert.deepEqual(JSON.parse(r.bodies[2]), { instance: 'bot-1', ...EVENT })
    assert.deepEqual(hook.stats(), { queued: 0, sent: 1, failed: 0, dropped: 0, retries: 2, last_error: 'HTTP 503: busy' })
  } finally {
    await close(r.server)
  }
})

test('a hanging receiver times out each attempt; the post is given up after its retries', async () => {
  // Counts requests as they arrive, not when their body ends: an attempt
  // aborted by its timeout on a loaded machine may never finish its body.
  let arrived = 0
  const server = createServer(() => { arrived++ }) // never answers
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  const warned: string[] = []
  try {
    const d = new HttpDelivery(config(url, { timeoutMs: 250, retries: 2 }), url, (m) => warned.push(m))
    assert.equal(d.post({ a: 1 }), true)
    // post() returned before anything reached the receiver: it queues, the worker sends.
    assert.equal(arrived, 0)
    await d.flush()
    const s = d.stats()
    assert.deepEqual([s.sent, s.failed, s.retries, s.last_error], [0, 1, 2, 'no answer within 250 ms'])
    assert.ok(arrived <= 3)
    assert.match(warned[0], /failed after 3 attempt\(s\): no answer within 250 ms/)
  } finally {
    await close(server)
  }
})

test('a 4xx other than 408/429 is not retried', async () => {
  const r = await receiver((_n, _req, res) => { res.statusCode = 400; res.end('bad alert') })
  try {
    const d = new HttpDelivery(config(r.url), r.url)
    d.post([])
    await d.flush()
    assert.equal(r.bodies.length, 1)
    assert.deepEqual([d.stats().failed, d.stats().retries], [1, 0])
  } finally {
    await close(r.server)
  }
})

test('a receiver that is down: the queue stays bounded, the oldest posts are dropped, order is kept', async () => {
  const r = await receiver((_n, _req, res) => { res.end() })
  const { url } = r
  await close(r.server) // nothing listens there now
  const d = new HttpDelivery(config(url, { retries: 0, queueSize: 3 }), url)
  for (let i = 0; i < 10; i++) d.post({ i })
  // The worker took the first body at once; of the nine queued after it, three fit.
  assert.deepEqual([d.stats().queued, d.stats().dropped], [3, 6])
  await d.flush()
  assert.deepEqual([d.stats().failed, d.stats().sent], [4, 0])
  assert.match(d.stats().last_error!, /fetch failed/)
})

test('close drops what is queued and refuses new posts', async () => {
  const r = await receiver(() => {})
  try {
    const d = new HttpDelivery(config(r.url, { timeoutMs: 5000 }), r.url)
    d.post(1); d.post(2)
    d.close()
    await d.flush()
    assert.equal(d.post(3), false)
    assert.equal(d.stats().sent, 0)
  } finally {
    await close(r.server)
  }
})
