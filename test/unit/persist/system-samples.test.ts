import { test } from 'node:test'
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { SystemSampler } from '../../../src/collect/system-sampler.ts'
import { PersistenceError } from '../../../src/core/errors.ts'
import { SeriesStore } from '../../../src/core/store.ts'
import { Persistence } from '../../../src/persist/persistence.ts'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { tempDir } from './temp-dir.ts'

/** A sampler on a clock that starts at `fromMs` and moves 5 s per reading. */
function sampler (fromMs: number, historySize = 1000): SystemSampler {
  let t = fromMs - 5000
  return new SystemSampler({ historySize, clock: { now: () => (t += 5000) }, dataDir: tmpdir() })
}

const fresh = (system?: SystemSampler): { ledger: TradeLedger, store: SeriesStore, system?: SystemSampler } =>
  ({ ledger: new TradeLedger(), store: new SeriesStore(), system })

test('the system sample history is saved with each snapshot and put back before the new process\'s samples', (t) => {
  const dir = tempDir(t)
  const before = sampler(1_000_000)
  for (let i = 0; i < 4; i++) before.sampleNow()
  const p1 = Persistence.open(dir)
  assert.equal(p1.restore(fresh(before)).systemSamples, 0)
  assert.equal(p1.snapshot()!.samples, 4)
  p1.close()

  const after = sampler(2_000_000, 5)
  after.sampleNow() // taken at start, before the restore
  const p2 = Persistence.open(dir)
  t.after(() => { p2.close() })
  // Room for 4 more of the 5: the newest 4 saved ones, every field as it was.
  assert.equal(p2.restore(fresh(after)).systemSamples, 4)
  assert.deepEqual(after.history().slice(0, 4), before.history())
  assert.equal(after.latest()!.timestamp, 2_000_000)
})

test('POST /clear (Persistence.clear) removes the saved samples; a restore without a sampler leaves them alone', (t) => {
  const dir = tempDir(t)
  const s = sampler(1000)
  s.sampleNow()
  const p1 = Persistence.open(dir)
  p1.restore(fresh(s))
  p1.close()
  // No sampler given: nothing restored, and its snapshots leave the saved samples as they are.
  const p2 = Persistence.open(dir)
  assert.equal(p2.restore(fresh()).systemSamples, 0)
  assert.equal(p2.snapshot()!.samples, 0)
  p2.close()
  const p3 = Persistence.open(dir)
  const kept = sampler(9000)
  assert.equal(p3.restore(fresh(kept)).systemSamples, 1)
  p3.clear()
  // Gone from the file at once, not only at the next snapshot: a SIGKILL now must not bring them back.
  assert.deepEqual(p3.snapshots.readSamples(), [])
  kept.clear()
  p3.close()
  const p4 = Persistence.open(dir)
  t.after(() => { p4.close() })
  assert.equal(p4.restore(fresh(sampler(20_000))).systemSamples, 0)
})

test('a malformed saved sample stops the restore with a corrupt error', (t) => {
  const dir = tempDir(t)
  const s = sampler(1000)
  s.sampleNow()
  const p1 = Persistence.open(dir)
  p1.restore(fresh(s))
  p1.close()
  const db = new DatabaseSync(join(dir, 'breakout-metrics.rings.db'))
  db.exec("UPDATE system_samples SET cpu_percent = '1e999'")
  db.close()
  const p2 = Persistence.open(dir)
  t.after(() => { p2.close() })
  assert.throws(() => p2.restore(fresh(sampler(5000))), (e: unknown) =>
    e instanceof PersistenceError && e.reason === 'corrupt' && /system sample 1 is malformed: cpu_percent/.test(e.message))
})

test('the system_* series are snapshotted like any series and merged with the new process\'s points', (t) => {
  const dir = tempDir(t)
  let rss = 10e6
  const readers = { rssBytes: () => rss, totalMemoryBytes: () => 100e6, cpuMicros: () => null }
  let now = 1_000_000
  const clock = { now: () => now }
  const first = new MetricsLogger({ clock, health: false, sampler: { intervalMs: 600_000, readers } })
  for (let i = 0; i < 3; i++) { now += 5000; rss += 1e6; first.sampler!.sampleNow() }
  const p1 = Persistence.open(dir)
  p1.restore({ ledger: first.trades, store: first.store, system: first.sampler! })
  p1.snapshot()
  p1.close()
  first.close()

  now = 2_000_000
  const second = new MetricsLogger({ clock, health: false, sampler: { intervalMs: 600_000, readers } })
  t.after(() => { second.close() })
  const p2 = Persistence.open(dir)
  t.after(() => { p2.close() })
  p2.restore({ ledger: second.trades, store: second.store, system: second.sampler! })
  const memory = second.query('system_memory_percent')
  assert.deepEqual([...memory.timesMs], [1_000_000, 1_005_000, 1_010_000, 1_015_000, 2_000_000])
  assert.deepEqual([...memory.values], [10, 11, 12, 13, 13])
})
