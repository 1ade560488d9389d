import { test } from 'node:test'
import assert from 'node:assert/strict'
import { uncompress } from 'snappyjs'
import { RemoteWriter } from '../../../src/export/remote-write.ts'
import type { RemoteSample } from '../../../src/export/remote-write-encoding.ts'
import { ConfigError } from '../../../src/core/errors.ts'
import type { RemoteWriteError } from '../../../src/core/errors.ts'
import { eventually, freePort, startWebhookSink } from '../../integration/helpers/index.ts'
import { decodeWriteRequest } from './remote-write-proto.ts'

const T = 1735689600000

function samples (n: number, name = 'm'): RemoteSample[] {
  return Array.from({ length: n }, (_, i) => ({ labels: { __name__: name, i: String(i) }, value: i, timestampMs: T + i }))
}

test('a batch arrives with the remote-write 1.0 headers, decodable', async () => {
  const sink = await startWebhookSink()
  try {
    const writer = new RemoteWriter({
      url: `${sink.url}/api/v1/write`,
      collect: () => samples(3),
      externalLabels: { job: 'breakout-bot' },
      bearerToken: 's3cret',
      onError: () => {}
    })
    assert.equal(await writer.collectNow(), 3)
    assert.equal(await writer.flush(), true)
    assert.equal(sink.requests.length, 1)
    const [req] = sink.requests
    assert.equal(req.path, '/api/v1/write')
    assert.equal(req.headers['content-type'], 'application/x-protobuf')
    assert.equal(req.headers['content-encoding'], 'snappy')
    assert.equal(req.headers['x-prometheus-remote-write-version'], '0.1.0')
    assert.equal(req.headers.authorization, 'Bearer s3cret')
    const series = decodeWriteRequest(uncompress(new Uint8Array(req.body)))
    assert.deepEqual(series.map((s) => s.samples[0].value), [0, 1, 2])
    assert.deepEqual(series[0].labels.map((l) => `${l.name}=${l.value}`), ['__name__=m', 'i=0', 'job=breakout-bot'])
    assert.equal(writer.stats.sentSamples, 3)
    await writer.stop()
  } finally {
    await sink.close()
  }
})

test('basic auth, and batches of maxBatchSamples', async () => {
  const sink = await startWebhookSink()
  try {
    const writer = new RemoteWriter({
      url: sink.url,
      collect: () => samples(5),
      basicAuth: { username: 'bot', password: 'pa:ss' },
      maxBatchSamples: 2
    })
    await writer.collectNow()
    assert.equal(await writer.flush(), true)
    assert.equal(sink.requests.length, 3)
    assert.equal(sink.requests[0].headers.authorization, `Basic ${Buffer.from('bot:pa:ss').toString('base64')}`)
    const sizes = sink.requests.map((r) => decodeWriteRequest(uncompress(new Uint8Array(r.body))).length)
    assert.deepEqual(sizes, [2, 2, 1])
    await writer.stop()
  } finally {
    await sink.close()
  }
})

test('5xx and 429 are retried with backoff until accepted; nothing is lost', async () => {
  for (const status of [503, 429]) {
    const sink = await startWebhookSink()
    const errors: RemoteWriteError[] = []
    try {
      sink.respondWith(status)
      const writer = new RemoteWriter({ url: sink.url, collect: () => samples(4), minBackoffMs: 20, maxBackoffMs: 40, onError: (e) => errors.push(e) })
      await writer.collectNow()
      assert.equal(await writer.flush(), false)
      assert.equal(writer.stats.queuedSamples, 4)
      // The backoff timer retries by itself.
      await eventually(async () => sink.requests.length >= 3 ? true : undefined, 5000, 'retried twice')
      sink.respondWith(204)
      await eventually(async () => writer.stats.sentSamples === 4 ? true : undefined, 5000, 'accepted after retries')
      const stats = writer.stats
      assert.equal(stats.droppedSamples, 0)
      assert.ok(stats.failedRequests >= 3)
      assert.equal(stats.queuedSamples, 0)
      assert.equal(stats.lastError, null)
      // Every attempt carried the same 4 samples.
      for (const r of sink.requests) assert.equal(decodeWriteRequest(uncompress(new Uint8Array(r.body))).length, 4)
      // One warning for the failure kind, not one per attempt.
      assert.equal(errors.length, 1)
      assert.equal(errors[0].code, 'BM_ERR_REMOTE_WRITE')
      assert.equal(errors[0].status, status)
      assert.equal(errors[0].retryable, true)
      await writer.stop()
    } finally {
      await sink.close()
    }
  }
})

test('a 4xx is not retried: the batch is dropped and counted', async () => {
  const sink = await startWebhookSink()
  const errors: RemoteWriteError[] = []
  try {
    sink.respondWith(400)
    const writer = new RemoteWriter({ url: sink.url, collect: () => samples(6), minBackoffMs: 1, onError: (e) => errors.push(e) })
    await writer.collectNow()
    assert.equal(await writer.flush(), true)
    assert.equal(await writer.flush(), true)
    assert.equal(sink.requests.length, 1)
    const stats = writer.stats
    assert.equal(stats.droppedRejected, 6)
    assert.equal(stats.droppedSamples, 6)
    assert.equal(stats.sentSamples, 0)
    assert.match(stats.lastError ?? '', /HTTP 400/)
    assert.equal(errors[0].retryable, false)
    await writer.stop()
  } finally {
    await sink.close()
  }
})

test('with no receiver the queue stays bounded and the oldest are dropped', async () => {
  const port = await freePort() // nothing listens there
  const writer = new RemoteWriter({
    url: `http://127.0.0.1:${port}/api/v1/write`,
    collect: () => samples(300),
    maxQueueSamples: 1000,
    minBackoffMs: 5,
    maxBackoffMs: 10,
    onError: () => {}
  })
  for (let round = 0; round < 20; round++) {
    assert.equal(await writer.collectNow(), 300)
    assert.equal(await writer.flush(), false)
    assert.ok(writer.stats.queuedSamples <= 1000)
  }
  const stats = writer.stats
  assert.equal(stats.collectedSamples, 6000)
  assert.equal(stats.queuedSamples, 1000)
  assert.equal(stats.droppedQueueFull, 5000)
  assert.equal(stats.sentSamples, 0)
  assert.ok(stats.failedRequests >= 20)
  assert.match(stats.lastError ?? '', /failed/)
  await writer.stop()
})

test('invalid samples and a throwing collect() are counted, never thrown', async () => {
  const errors: RemoteWriteError[] = []
  let calls = 0
  const writer = new RemoteWriter({
    url: 'http://127.0.0.1:9/unused',
    collect: (): RemoteSample[] => {
      calls++
      if (calls === 2) throw new Error('boom')
      return [{ labels: { __name__: 'ok' }, value: 1, timestampMs: T }, { labels: {}, value: 1, timestampMs: T }]
    },
    onError: (e) => errors.push(e)
  })
  assert.equal(await writer.collectNow(), 1)
  assert.equal(await writer.collectNow(), 0)
  assert.equal(writer.stats.droppedInvalid, 1)
  assert.match(errors[0].message, /collect\(\) failed: boom/)
  // stop() without a reachable receiver: a last attempt, then done.
  await writer.stop()
  await writer.stop()
})

test('start() sends on its interval; stop() sends what is left and stops', async () => {
  const sink = await startWebhookSink()
  try {
    let n = 0
    const writer = new RemoteWriter({ url: sink.url, collect: () => [{ labels: { __name__: 'tick' }, value: n++, timestampMs: T + n }], intervalMs: 20 })
    writer.start()
    await eventually(async () => writer.stats.sentSamples >= 3 ? true : undefined, 5000, 'three intervals sent')
    await writer.stop()
    const sent = writer.stats.sentSamples
    const requests = sink.requests.length
    await writer.collectNow()
    assert.equal(await writer.flush(), false, 'a stopped writer sends nothing')
    assert.equal(sink.requests.length, requests)
    assert.equal(writer.stats.sentSamples, sent)
  } finally {
    await sink.close()
  }
})

test('bad settings fail at construction, naming the field', () => {
  const collect = (): RemoteSample[] => []
  const bad: Array<[object, RegExp]> = [
    [{ url: 'not a url', collect }, /remote_write\.url/],
    [{ url: 'ftp://x/', collect }, /remote_write\.url/],
    [{ url: 'http://x/', collect: 5 }, /remote_write\.collect/],
    [{ url: 'http://x/', collect, maxQueueSamples: 0 }, /remote_write\.maxQueueSamples/],
    [{ url: 'http://x/', collect, intervalMs: 1.5 }, /remote_write\.intervalMs/],
    [{ url: 'http://x/', collect, minBackoffMs: 10, maxBackoffMs: 5 }, /remote_write\.minBackoffMs/],
    [{ url: 'http://x/', collect, bearerToken: 'a', basicAuth: { username: 'u', password: 'p' } }, /not both/],
    [{ url: 'http://x/', collect, bearerToken: 'a\nb' }, /remote_write\.bearerToken/]
  ]
  for (const [options, message] of bad) {
    assert.throws(() => new RemoteWriter(options as never), (err: unknown) => err instanceof ConfigError && message.test(err.message))
  }
})

test('collect() may be async, as a render of the exposition is', async () => {
  const sink = await startWebhookSink()
  try {
    const writer = new RemoteWriter({
      url: sink.url,
      collect: async () => { await new Promise((resolve) => setImmediate(resolve)); return samples(2) }
    })
    assert.equal(await writer.collectNow(), 2)
    assert.equal(await writer.flush(), true)
    assert.equal(writer.stats.sentSamples, 2)
    await writer.stop()
  } finally {
    await sink.close()
  }
})

test('a token in the URL never reaches an error or stats.lastError', async () => {
  const sink = await startWebhookSink()
  const port = await freePort() // nothing listens there
  const secret = 'tok-3f9a81c2'
  const errors: RemoteWriteError[] = []
  try {
    sink.respondWith(401)
    const rejected = new RemoteWriter({ url: `${sink.url}/api/v1/write?token=${secret}`, collect: () => samples(2), onError: (e) => errors.push(e) })
    await rejected.collectNow()
    await rejected.flush()
    const refused = new RemoteWriter({ url: `http://user:${secret}@127.0.0.1:${port}/write/${secret}`, collect: () => samples(2), minBackoffMs: 1, maxBackoffMs: 2, onError: (e) => errors.push(e) })
    await refused.collectNow()
    await refused.flush()
    assert.equal(errors.length, 2)
    assert.match(errors[0].message, /HTTP 401/)
    assert.match(errors[1].message, new RegExp(`remote write to http://127\\.0\\.0\\.1:${port}/… failed`))
    for (const text of [...errors.map((e) => e.message), rejected.stats.lastError, refused.stats.lastError]) {
      assert.ok(text !== null && !text.includes(secret), `leaked: ${String(text)}`)
    }
    await rejected.stop()
    await refused.stop()
  } finally {
    await sink.close()
  }
})
