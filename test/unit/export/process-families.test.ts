import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { SystemSampler } from '../../../src/collect/system-sampler.ts'
import { SeriesStore } from '../../../src/core/store.ts'
import { Exposition } from '../../../src/export/exposition.ts'

/** Sample lines of a 0.0.4 text: `name{labels}` -> value. */
function samples (text: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const at = line.lastIndexOf(' ')
    out.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return out
}

function types (text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]))
}

function blockFor (ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) { /* keep the loop busy */ }
}

/** The families and types that dashboards, alert rules and Node users query. */
const FAMILIES: Record<string, string> = {
  process_cpu_user_seconds_total: 'counter',
  process_cpu_system_seconds_total: 'counter',
  process_cpu_seconds_total: 'counter',
  process_start_time_seconds: 'gauge',
  process_resident_memory_bytes: 'gauge',
  nodejs_eventloop_lag_seconds: 'gauge',
  nodejs_eventloop_lag_min_seconds: 'gauge',
  nodejs_eventloop_lag_max_seconds: 'gauge',
  nodejs_eventloop_lag_mean_seconds: 'gauge',
  nodejs_eventloop_lag_stddev_seconds: 'gauge',
  nodejs_eventloop_lag_p50_seconds: 'gauge',
  nodejs_eventloop_lag_p90_seconds: 'gauge',
  nodejs_eventloop_lag_p99_seconds: 'gauge',
  nodejs_heap_size_total_bytes: 'gauge',
  nodejs_heap_size_used_bytes: 'gauge',
  nodejs_external_memory_bytes: 'gauge',
  nodejs_heap_space_size_total_bytes: 'gauge',
  nodejs_heap_space_size_used_bytes: 'gauge',
  nodejs_heap_space_size_available_bytes: 'gauge',
  nodejs_active_resources: 'gauge',
  nodejs_version_info: 'gauge',
  nodejs_gc_duration_seconds: 'histogram'
}

test('the process families come from the sampler with the values the process reports itself', async (ctx) => {
  const sampler = new SystemSampler({ dataDir: tmpdir(), intervalMs: 60_000 })
  ctx.after(() => { sampler.stop() })
  const exposition = new Exposition({ store: new SeriesStore(), getPerformanceSummary: () => sampler.latest(), sampler })
  const cpuBefore = process.cpuUsage()
  sampler.start()
  await sleep(50) // the delay monitor's first tick
  blockFor(120)
  await sleep(20)
  const sample = sampler.sampleNow()
  await new Promise((resolve) => setImmediate(resolve)) // the setImmediate probe of that sample ran
  const text = await exposition.render()
  const cpuAfter = process.cpuUsage()
  const s = samples(text)
  const t = types(text)
  for (const [name, type] of Object.entries(FAMILIES)) assert.equal(t.get(name), type, name)

  // CPU: between what the process reported before and after the render.
  const cpu = s.get('process_cpu_seconds_total')!
  assert.ok(cpu >= (cpuBefore.user + cpuBefore.system) / 1e6 && cpu <= (cpuAfter.user + cpuAfter.system) / 1e6, `cpu ${cpu}`)
  assert.ok(Math.abs(s.get('process_cpu_user_seconds_total')! + s.get('process_cpu_system_seconds_total')! - cpu) < 1e-9)
  // Start time: whole seconds, within a second of now - uptime, and the same on every render.
  const start = s.get('process_start_time_seconds')!
  assert.ok(Number.isInteger(start) && Math.abs(start - (Date.now() / 1000 - process.uptime())) <= 1, `start ${start}`)
  assert.equal(samples(await exposition.render()).get('process_start_time_seconds'), start)
  // Memory: the resident set and V8 heap as Node reports them now, within a few MiB of churn.
  assert.ok(Math.abs(s.get('process_resident_memory_bytes')! - process.memoryUsage.rss()) < 32 * 2 ** 20)
  assert.ok(Math.abs(s.get('nodejs_heap_size_total_bytes')! - process.memoryUsage().heapTotal) < 32 * 2 ** 20)
  assert.ok(s.get('nodejs_heap_size_used_bytes')! <= s.get('nodejs_heap_size_total_bytes')!)
  // The loop was blocked for 120 ms in the interval that sample closed; the two exposed p99s are the one monitor's.
  assert.ok(s.get('nodejs_eventloop_lag_max_seconds')! >= 0.11, `max ${s.get('nodejs_eventloop_lag_max_seconds')}`)
  assert.ok(s.get('nodejs_eventloop_lag_min_seconds')! <= s.get('nodejs_eventloop_lag_p50_seconds')!)
  assert.ok(s.get('nodejs_eventloop_lag_p50_seconds')! <= s.get('nodejs_eventloop_lag_p90_seconds')!)
  assert.ok(s.get('nodejs_eventloop_lag_p90_seconds')! <= s.get('nodejs_eventloop_lag_p99_seconds')!)
  assert.ok(s.get('nodejs_eventloop_lag_p99_seconds')! <= s.get('nodejs_eventloop_lag_max_seconds')!)
  assert.ok(Math.abs(s.get('nodejs_eventloop_lag_p99_seconds')! - sample.event_loop_lag_p99_ms! / 1000) < 1e-12, 'the same interval of the same monitor')
  assert.ok(s.get('nodejs_eventloop_lag_seconds')! >= 0 && s.get('nodejs_eventloop_lag_seconds')! < 1)
  const [major, minor, patch] = process.versions.node.split('.')
  assert.equal(s.get(`nodejs_version_info{major="${major}",minor="${minor}",patch="${patch}",version="${process.version}"}`), 1)
  for (const kind of ['major', 'minor', 'incremental', 'weakcb']) {
    assert.equal(s.get(`nodejs_gc_duration_seconds_bucket{kind="${kind}",le="+Inf"}`), s.get(`nodejs_gc_duration_seconds_count{kind="${kind}"}`), kind)
  }
  if (process.platform === 'linux') {
    const fds = readdirSync('/proc/self/fd').length - 1
    assert.ok(Math.abs(s.get('process_open_fds')! - fds) <= 2, `open fds ${s.get('process_open_fds')} vs ${fds}`)
    const limit = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))
    if (limit !== null) assert.equal(s.get('process_max_fds'), Number(limit[1]))
    const vmSize = /^VmSize:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))!
    assert.ok(Math.abs(s.get('process_virtual_memory_bytes')! - Number(vmSize[1]) * 1024) < 256 * 2 ** 20)
  }
})

test('a garbage collection is counted under its kind', async (ctx) => {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  const sampler = new SystemSampler({ dataDir: tmpdir(), intervalMs: 60_000 })
  ctx.after(() => { sampler.stop() })
  sampler.start()
  const exposition = new Exposition({ store: new SeriesStore(), sampler })
  const major = async (): Promise<number> => samples(await exposition.render()).get('nodejs_gc_duration_seconds_count{kind="major"}')!
  const before = await major()
  gc()
  // Node delivers gc entries to observers asynchronously: wait for it, with a deadline.
  const deadline = Date.now() + 5000
  while (await major() === before && Date.now() < deadline) await sleep(10)
  assert.ok(await major() > before, 'a forced collection is counted as major')
})

test('without a sampler, the families that need one are left out, the others still read', async () => {
  const text = await new Exposition({ store: new SeriesStore() }).render()
  const t = types(text)
  assert.equal(t.get('process_cpu_seconds_total'), 'counter')
  assert.equal(t.get('process_resident_memory_bytes'), 'gauge')
  assert.equal(t.get('nodejs_heap_size_used_bytes'), 'gauge')
  for (const name of ['nodejs_eventloop_lag_p99_seconds', 'nodejs_eventloop_lag_seconds', 'nodejs_gc_duration_seconds']) assert.ok(!t.has(name), name)
  const none = await new Exposition({ store: new SeriesStore() }, { defaultMetrics: false }).render()
  assert.doesNotMatch(none, /^(process|nodejs)_/m)
})
