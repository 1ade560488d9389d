import { test } from 'node:test'
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { SystemSampler } from '../../../src/collect/system-sampler.ts'
import type { SystemSample } from '../../../src/collect/system-sample.ts'

/** A clock that moves 1000 ms per reading, from t = 1000. */
function steppingClock (): { now: () => number } {
  let t = 0
  return { now: () => (t += 1000) }
}

/** Polls `done` until it holds; fails after `timeoutMs` instead of a fixed sleep. */
async function waitFor (done: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!done()) {
    if (Date.now() > end) assert.fail(`condition not met within ${timeoutMs} ms`)
    await sleep(5)
  }
}

function quiet (warnings: string[] = []): { warn: (message: string) => void, warnings: string[] } {
  return { warn: (message) => { warnings.push(message) }, warnings }
}

test('history is bounded at historySize and drops the oldest', () => {
  const sampler = new SystemSampler({ historySize: 3, clock: steppingClock(), dataDir: tmpdir() })
  assert.equal(sampler.latest(), null)
  assert.deepEqual(sampler.history(), [])
  for (let i = 0; i < 5; i++) sampler.sampleNow()
  const times = (samples: SystemSample[]): number[] => samples.map((s) => s.timestamp)
  assert.deepEqual(times(sampler.history()), [3000, 4000, 5000])
  assert.equal(sampler.latest()?.timestamp, 5000)
})

test('history filters by lastN and sinceMs, oldest first', () => {
  const sampler = new SystemSampler({ clock: steppingClock(), dataDir: tmpdir() })
  for (let i = 0; i < 5; i++) sampler.sampleNow()
  const times = (samples: SystemSample[]): number[] => samples.map((s) => s.timestamp)
  assert.deepEqual(times(sampler.history({ lastN: 2 })), [4000, 5000])
  assert.deepEqual(times(sampler.history({ lastN: 10 })), [1000, 2000, 3000, 4000, 5000])
  assert.deepEqual(sampler.history({ lastN: 0 }), [])
  // sinceMs is inclusive.
  assert.deepEqual(times(sampler.history({ sinceMs: 3000 })), [3000, 4000, 5000])
  assert.deepEqual(times(sampler.history({ sinceMs: 2500, lastN: 2 })), [4000, 5000])
  assert.deepEqual(sampler.history({ sinceMs: 6000 }), [])
  // A copy: changing it leaves the sampler's history alone.
  sampler.history().length = 0
  assert.equal(sampler.history().length, 5)
})

test('history rejects a bad lastN or sinceMs', () => {
  const sampler = new SystemSampler({ dataDir: tmpdir() })
  for (const lastN of [-1, 1.5, Number.NaN]) {
    assert.throws(() => sampler.history({ lastN }), { code: 'BM_ERR_INVALID_ARGUMENT' })
  }
  assert.throws(() => sampler.history({ sinceMs: Number.POSITIVE_INFINITY }), { code: 'BM_ERR_INVALID_ARGUMENT' })
})

test('clear empties the history and says how much it removed', () => {
  const sampler = new SystemSampler({ dataDir: tmpdir() })
  sampler.sampleNow()
  sampler.sampleNow()
  assert.equal(sampler.clear(), 2)
  assert.equal(sampler.latest(), null)
  assert.deepEqual(sampler.history(), [])
  assert.equal(sampler.clear(), 0)
})

test('restoreHistory puts saved samples before this process\'s, bounded, without telling listeners', () => {
  const sampler = new SystemSampler({ historySize: 4, clock: steppingClock(), dataDir: tmpdir() })
  const heard: number[] = []
  sampler.onSample((s) => { heard.push(s.timestamp) })
  sampler.sampleNow()
  sampler.sampleNow() // 1000, 2000
  const saved = (t: number): SystemSample => ({ ...sampler.latest()!, cpu_percent: t / 100, timestamp: t })
  // 2000 is not older than what is held (a clock stepped back): left out; of the rest the newest fit.
  assert.equal(sampler.restoreHistory([saved(100), saved(200), saved(300), saved(2000)]), 2)
  const times = sampler.history().map((s) => s.timestamp)
  assert.deepEqual(times, [200, 300, 1000, 2000])
  assert.equal(sampler.history()[0].cpu_percent, 2)
  assert.ok(Object.isFrozen(sampler.history()[0]))
  assert.equal(sampler.latest()?.timestamp, 2000)
  assert.deepEqual(heard, [1000, 2000])
  assert.equal(sampler.restoreHistory([saved(50)]), 0, 'full')
  const empty = new SystemSampler({ dataDir: tmpdir() })
  assert.equal(empty.restoreHistory([saved(1), saved(2)]), 2)
  assert.equal(empty.latest()?.timestamp, 2)
})

test('the constructor rejects an interval or history size out of range', () => {
  for (const intervalMs of [0, -5, Number.NaN, 2 ** 31]) {
    assert.throws(() => new SystemSampler({ intervalMs }), { code: 'BM_ERR_INVALID_ARGUMENT' })
  }
  for (const historySize of [0, -1, 2.5, Number.POSITIVE_INFINITY]) {
    assert.throws(() => new SystemSampler({ historySize }), { code: 'BM_ERR_INVALID_ARGUMENT' })
  }
})

test('samples are frozen: a listener cannot rewrite history', () => {
  const sampler = new SystemSampler({ dataDir: tmpdir() })
  const sample = sampler.sampleNow()
  assert.throws(() => { (sample as { timestamp: number }).timestamp = 0 }, TypeError)
})

test('listeners get every sample until they unsubscribe', () => {
  const sampler = new SystemSampler({ dataDir: tmpdir() })
  const seen: SystemSample[] = []
  const off = sampler.onSample((s) => { seen.push(s) })
  const first = sampler.sampleNow()
  const second = sampler.sampleNow()
  off()
  sampler.sampleNow()
  assert.deepEqual(seen, [first, second])
  assert.equal(seen[0], first)
})

test('a throwing listener breaks neither sampling nor the other listeners', () => {
  const { warn, warnings } = quiet()
  const sampler = new SystemSampler({ dataDir: tmpdir(), warn })
  let calls = 0
  sampler.onSample(() => { throw new Error('listener bug') })
  sampler.onSample(() => { calls++ })
  sampler.sampleNow()
  sampler.sampleNow()
  assert.equal(calls, 2)
  assert.equal(sampler.history().length, 2)
  // Reported once, not once per sample.
  assert.equal(warnings.length, 1)
  assert.match(warnings[0], /listener bug/)
})

test('a failing reader makes its fields null, not 0, and the rest stays', () => {
  const { warn, warnings } = quiet()
  const sampler = new SystemSampler({
    dataDir: tmpdir(),
    warn,
    readers: {
      threadCount: () => { throw new Error('EACCES: /proc/self/status') },
      rssBytes: () => { throw new Error('no rss') },
      // A broken figure is no better than a missing one.
      cpuMicros: () => Number.NaN,
      diskUsagePercent: () => null
    }
  })
  sampler.sampleNow()
  const s = sampler.sampleNow()
  assert.equal(s.active_threads, null)
  assert.equal(s.memory_used_mb, null)
  assert.equal(s.memory_percent, null)
  assert.equal(s.cpu_percent, null)
  assert.equal(s.disk_usage_percent, null)
  assert.ok(typeof s.heap_used_mb === 'number' && s.heap_used_mb > 0)
  assert.ok(typeof s.timestamp === 'number')
  // One warning per failing reader, not one per sample; a reader returning
  // null (an absent figure) is no failure.
  assert.equal(warnings.length, 2)
  assert.match(warnings.join('\n'), /threadCount.*EACCES/)
  assert.match(warnings.join('\n'), /rssBytes/)
})

test('off Linux the /proc fields are null and Node figures remain', () => {
  const sampler = new SystemSampler({
    dataDir: tmpdir(),
    readers: { threadCount: () => null, openFdCount: () => null, inetConnectionCount: () => null }
  })
  const s = sampler.sampleNow()
  assert.equal(s.active_threads, null)
  assert.equal(s.open_files, null)
  assert.equal(s.network_connections, null)
  for (const field of ['cpu_percent', 'memory_percent', 'memory_used_mb', 'disk_usage_percent', 'heap_used_mb'] as const) {
    assert.equal(typeof s[field], 'number', field)
  }
})

test('start samples at once and then every interval; stop ends it', async (t) => {
  const sampler = new SystemSampler({ intervalMs: 20, dataDir: tmpdir() })
  t.after(() => sampler.stop())
  assert.equal(sampler.running, false)
  sampler.start()
  assert.equal(sampler.running, true)
  assert.equal(sampler.history().length, 1)
  sampler.start() // idempotent: no second timer, no extra sample
  assert.equal(sampler.history().length, 1)
  await waitFor(() => sampler.history().length >= 3)
  sampler.stop()
  assert.equal(sampler.running, false)
  const count = sampler.history().length
  // Five intervals: a live timer would have added samples.
  await sleep(100)
  assert.equal(sampler.history().length, count)
  sampler.stop() // idempotent
  sampler.start()
  assert.equal(sampler.running, true)
  assert.equal(sampler.history().length, count + 1)
  sampler.stop()
})

test('event_loop_lag_p99_ms is null when not running and sees a stall when running', async (t) => {
  const sampler = new SystemSampler({ intervalMs: 60_000, dataDir: tmpdir() })
  t.after(() => sampler.stop())
  assert.equal(sampler.sampleNow().event_loop_lag_p99_ms, null)
  sampler.start()
  // Let the monitor tick once: Node drops the stall right after a reset.
  await sleep(50)
  const end = performance.now() + 150
  while (performance.now() < end) { /* stall the loop */ }
  await sleep(30)
  const lag = sampler.sampleNow().event_loop_lag_p99_ms
  assert.ok(lag !== null && lag >= 140, `lag ${lag} ms after a 150 ms stall`)
  sampler.stop()
  assert.equal(sampler.sampleNow().event_loop_lag_p99_ms, null)
})

test('timer samples read the socket count off the loop; sampleNow reads it in place', async (t) => {
  let release: (n: number) => void = () => {}
  let asyncReads = 0
  const sampler = new SystemSampler({
    intervalMs: 10,
    dataDir: tmpdir(),
    readers: {
      inetConnectionCount: () => 1,
      inetConnectionCountAsync: async () => { asyncReads++; return await new Promise<number>((resolve) => { release = resolve }) }
    }
  })
  t.after(() => sampler.stop())
  sampler.start()
  assert.equal(sampler.latest()?.network_connections, 1, 'the first sample is taken in place')
  await waitFor(() => asyncReads === 1)
  await sleep(50)
  assert.equal(asyncReads, 1, 'ticks while a read is running are skipped, not queued')
  assert.equal(sampler.history().length, 1)
  release(7)
  await waitFor(() => sampler.history().length === 2)
  assert.equal(sampler.latest()?.network_connections, 7)
  await waitFor(() => asyncReads === 2)
  sampler.stop()
  release(9)
  await sleep(30)
  assert.equal(sampler.history().length, 2, 'a read that ends after stop() adds no sample')
  assert.equal(sampler.sampleNow().network_connections, 1)
})

test('a replaced socket reader replaces the async one too', async (t) => {
  const sampler = new SystemSampler({ intervalMs: 10, dataDir: tmpdir(), readers: { inetConnectionCount: () => 3 } })
  t.after(() => sampler.stop())
  sampler.start()
  await waitFor(() => sampler.history().length >= 3)
  sampler.stop()
  assert.ok(sampler.history().every((s) => s.network_connections === 3))
})
