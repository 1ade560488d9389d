import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { StreamHub } from '../../../src/http/stream-hub.ts'
import type { StreamUpdate } from '../../../src/http/stream-hub.ts'

/** A consumer that reads everything at once, or never (its first write never completes). */
function sink (reads: boolean): Writable & { text: () => string } {
  const chunks: string[] = []
  const w = new Writable({
    decodeStrings: false,
    write (chunk: string, _enc, done) {
      chunks.push(chunk)
      if (reads) done()
    }
  }) as Writable & { text: () => string }
  w.text = () => chunks.join('')
  return w
}

/** An update of `bytes` bytes whose id advances the cursor by 1000 each call. */
function builder (bytes: number): (cursor: number) => StreamUpdate {
  return (cursor) => ({ id: cursor + 1000, data: JSON.stringify({ pad: 'x'.repeat(bytes) }) })
}

test('StreamHub writes retry, a first update at once, then one per tick with advancing ids', () => {
  let now = 0
  const hub = new StreamHub({ retryMs: 2500, heartbeatMs: 15_000 }, () => now)
  const out = sink(true)
  const remove = hub.open(out, 5000, builder(10))
  assert.ok(remove !== null)
  now += 1000
  hub.tick()
  const text = out.text()
  assert.match(text, /^retry: 2500\n\n/)
  assert.deepEqual([...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])), [6000, 7000])
  assert.equal((text.match(/^event: update$/gm) ?? []).length, 2)
  assert.equal(hub.stats.updatesSent, 2)
  remove()
  assert.equal(hub.stats.clients, 0)
  hub.close()
})

test('StreamHub sends a heartbeat comment once heartbeatMs has passed', () => {
  let now = 0
  const hub = new StreamHub({ heartbeatMs: 15_000 }, () => now)
  const out = sink(true)
  hub.open(out, 0, () => null)
  for (let i = 0; i < 14; i++) { now += 1000; hub.tick() }
  assert.doesNotMatch(out.text(), /: heartbeat/)
  now += 1000
  hub.tick()
  assert.equal((out.text().match(/^: heartbeat$/gm) ?? []).length, 1)
  hub.close()
})

test('StreamHub: a client that never reads holds at most the bound plus one update, then is disconnected', () => {
  let now = 0
  const bound = 64 * 1024
  const updateBytes = 20 * 1024
  const hub = new StreamHub({ maxBufferedBytes: bound, maxSlowMs: 10_000 }, () => now)
  const stalled = sink(false)
  const healthy = sink(true)
  hub.open(stalled, 0, builder(updateBytes))
  hub.open(healthy, 0, builder(updateBytes))
  let peak = 0
  for (let i = 0; i < 100 && !stalled.destroyed; i++) {
    now += 1000
    hub.tick()
    peak = Math.max(peak, stalled.writableLength)
  }
  // Updates stop once the stalled buffer passes the bound: it cannot grow past bound + one update.
  assert.ok(peak <= bound + updateBytes + 200, `peak ${peak}`)
  assert.ok(stalled.destroyed, 'the stalled client is disconnected')
  assert.equal(hub.stats.slowDisconnects, 1)
  assert.ok(hub.stats.updatesSkipped >= 9, `skipped ${hub.stats.updatesSkipped}`)
  assert.equal(hub.stats.clients, 1)
  // The reading client kept getting every update.
  assert.ok((healthy.text().match(/^event: update$/gm) ?? []).length >= 15)
  hub.close()
})

test('StreamHub: a client that catches up before maxSlowMs gets the coalesced update and stays', () => {
  let now = 0
  let reads = false
  const chunks: string[] = []
  let pending: Array<() => void> = []
  const out = new Writable({
    decodeStrings: false,
    write (chunk: string, _enc, done) {
      chunks.push(chunk)
      if (reads) done()
      else pending.push(done)
    }
  })
  const hub = new StreamHub({ maxBufferedBytes: 1024, maxSlowMs: 10_000 }, () => now)
  hub.open(out, 0, builder(2048))
  // The first update is still unread: both ticks are skipped.
  now += 1000; hub.tick()
  now += 1000; hub.tick()
  assert.equal(hub.stats.updatesSkipped, 2)
  const sentBefore = hub.stats.updatesSent
  // The client drains its buffer.
  reads = true
  for (const done of pending) done()
  pending = []
  now += 1000; hub.tick()
  assert.equal(hub.stats.updatesSent, sentBefore + 1)
  assert.equal(out.destroyed, false)
  // The skipped windows are not lost: the next update starts at the last delivered cursor.
  const ids = [...chunks.join('').matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))
  assert.deepEqual(ids, [1000, 2000])
  hub.close()
})

test('StreamHub refuses a stream past maxStreams and rejects bad options', () => {
  const hub = new StreamHub({ maxStreams: 2 })
  assert.ok(hub.open(sink(true), 0, () => null) !== null)
  assert.ok(hub.open(sink(true), 0, () => null) !== null)
  assert.equal(hub.full, true)
  assert.equal(hub.open(sink(true), 0, () => null), null)
  hub.close()
  assert.equal(hub.stats.clients, 0)
  assert.throws(() => new StreamHub({ maxStreams: 0 }), { code: 'BM_ERR_INVALID_ARGUMENT' })
  assert.throws(() => new StreamHub({ intervalMs: 1.5 }), { code: 'BM_ERR_INVALID_ARGUMENT' })
})

test('StreamHub: clients of one share key and cursor get one update built per tick; others build their own', () => {
  let now = 0
  const hub = new StreamHub({}, () => now)
  let builds = 0
  const build = (cursor: number): StreamUpdate => { builds++; return { id: Math.max(cursor, now), data: `{"from":${cursor}}` } }
  const a = sink(true)
  const b = sink(true)
  const c = sink(true)
  const d = sink(true)
  hub.open(a, 0, build, 'engine_*')
  hub.open(b, 0, build, 'engine_*')
  hub.open(c, 0, build, 'risk_*')
  hub.open(d, 500, build, 'engine_*')
  assert.equal(builds, 4, 'the first update of each client is its own')
  now = 1000
  hub.tick()
  // a and b share (same key, cursor 0); c has another key; d another cursor.
  assert.equal(builds, 7)
  now = 2000
  hub.tick()
  // Every cursor is now 1000: one build for the three engine_* clients, one for risk_*.
  assert.equal(builds, 9)
  for (const out of [a, b, d]) assert.match(out.text(), /id: 2000\nevent: update\ndata: \{"from":1000\}\n\n$/)
  assert.match(c.text(), /id: 2000\nevent: update\ndata: \{"from":1000\}\n\n$/)
  assert.equal(hub.stats.updatesSent, 12)
  hub.close()
})
