import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { catalogDefinition } from '../../../src/core/metric-catalog.ts'
import { PersistenceError } from '../../../src/core/errors.ts'
import { SeriesStore } from '../../../src/core/store.ts'
import { Persistence } from '../../../src/persist/persistence.ts'
import { captureSnapshot } from '../../../src/persist/snapshot-capture.ts'
import { SnapshotWriter, snapshotFileName } from '../../../src/persist/snapshot-writer.ts'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { tempDir } from './temp-dir.ts'

const T0 = 1_763_990_000_000

function filled (points: number): SeriesStore {
  const store = new SeriesStore({ capacity: 10_000 }, catalogDefinition)
  for (let k = 0; k < 3; k++) {
    const s = store.series('engine_cycle_time', { state: `s${k}` })
    for (let i = 0; i < points; i++) s.record(Math.round((0.02 + 0.005 * Math.sin(i / 300 + k)) * 1e4) / 1e4, T0 + i * 1000)
  }
  return store
}

async function until (what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

test('the snapshot file is named after the database', () => {
  assert.equal(snapshotFileName('breakout-metrics.db'), 'breakout-metrics.rings.db')
  assert.equal(snapshotFileName('bot'), 'bot.rings')
})

test('the writer thread stores a captured snapshot that a restart restores point for point', async (t) => {
  const dir = tempDir(t)
  const store = filled(5000)
  const writer = new SnapshotWriter(dir, {})
  const info = await writer.save(captureSnapshot(store, T0 + 1e7, null), 0)
  assert.deepEqual([info.series, info.points, info.takenAtMs], [3, 15_000, T0 + 1e7])
  // In order: a sync request waits for the one before it.
  const again = writer.saveSync(captureSnapshot(store, T0 + 2e7, null), 0)
  assert.equal(again.takenAtMs, T0 + 2e7)
  writer.close()

  const db = new DatabaseSync(join(dir, 'breakout-metrics.rings.db'), { readOnly: true })
  const rows = db.prepare('SELECT count(*) AS n, sum(chunks IS NOT NULL) AS c FROM metric_series').get() as { n: number, c: number }
  db.close()
  assert.deepEqual([rows.n, rows.c], [3, 3])

  const p = Persistence.open(dir)
  t.after(() => { p.close() })
  const restored = new SeriesStore({ capacity: 10_000 }, catalogDefinition)
  const report = p.restore({ ledger: new TradeLedger(), store: restored })
  assert.equal(report.snapshot.takenAtMs, T0 + 2e7)
  assert.deepEqual(restored.exportState(), store.exportState())
})

test('periodic snapshots are written by the thread while the event loop keeps running', async (t) => {
  const dir = tempDir(t)
  const errors: PersistenceError[] = []
  let now = T0
  const p = Persistence.open(dir, { snapshotIntervalMs: 100, now: () => now, onError: (e) => { errors.push(e) } })
  const store = filled(2000)
  p.restore({ ledger: new TradeLedger(), store })
  p.startSnapshots()
  now = T0 + 1
  let turns = 0
  // A snapshot handed to the thread, then written while this loop turns.
  await until('a snapshot in flight', () => { turns++; return p.snapshotWriter.inFlight > 0 })
  await until('the snapshot written', () => { turns++; return p.snapshotWriter.inFlight === 0 })
  p.close()
  assert.deepEqual(errors, [])
  assert.ok(turns > 2, `${turns} turns of the loop`)
  const p2 = Persistence.open(dir)
  t.after(() => { p2.close() })
  assert.equal(p2.restore({ ledger: new TradeLedger(), store: new SeriesStore({ capacity: 10_000 }, catalogDefinition) }).snapshot.points, 6000)
})

test('a clear makes the snapshot file stale: a restart restores no ring taken before it', (t) => {
  const dir = tempDir(t)
  const p = Persistence.open(dir, { now: () => T0 })
  const store = filled(100)
  p.restore({ ledger: new TradeLedger(), store })
  assert.equal(p.snapshot()!.points, 300)
  p.clear()
  // Killed before any snapshot after the clear: no close, the file still holds the one before.
  p.stopSnapshots()
  p.snapshotWriter.close()
  ;(p as unknown as { db: DatabaseSync }).db.close()

  const p2 = Persistence.open(dir, { now: () => T0 + 5 })
  const fresh = new SeriesStore({ capacity: 10_000 }, catalogDefinition)
  const report = p2.restore({ ledger: new TradeLedger(), store: fresh })
  assert.deepEqual([report.snapshot.takenAtMs, report.snapshot.points], [null, 0])
  fresh.series('risk_current').record(0.5, T0 + 5)
  p2.close()
  // The snapshot taken after the clear (at close) is restored.
  const p3 = Persistence.open(dir)
  t.after(() => { p3.close() })
  const report3 = p3.restore({ ledger: new TradeLedger(), store: new SeriesStore({ capacity: 10_000 }, catalogDefinition) })
  assert.deepEqual([report3.snapshot.takenAtMs, report3.snapshot.points], [T0 + 5, 1])
})

test('a snapshot after close is refused with a PersistenceError', (t) => {
  const p = Persistence.open(tempDir(t))
  p.restore({ ledger: new TradeLedger(), store: filled(10) })
  p.close()
  assert.throws(() => p.snapshot(), PersistenceError)
})
