import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { PersistenceError } from '../../../src/core/errors.ts'
import { SeriesStore } from '../../../src/core/store.ts'
import { Persistence } from '../../../src/persist/persistence.ts'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { tempDir } from './temp-dir.ts'

/** A store set up as the embedding program does before restoring: `latency` keeps a sketch. */
function store (): SeriesStore {
  const s = new SeriesStore({ capacity: 100 })
  s.setSketch('latency', 0.01)
  return s
}

function filled (): SeriesStore {
  const s = store()
  for (let i = 1; i <= 5000; i++) s.series('latency', { venue: i % 2 === 0 ? 'a' : 'b' }).record(((i * 7919) % 1000) / 1000 - 0.1, i)
  for (let i = 0; i < 20_000; i++) s.distinct.get('order_ids').add('ord-' + i)
  s.distinct.get('clients').add('c-1')
  return s
}

test('all-time sketches and distinct counters survive a restart', (t) => {
  const dir = tempDir(t)
  const a = filled()
  const p1 = Persistence.open(dir)
  p1.restore({ ledger: new TradeLedger(), store: a })
  const info = p1.snapshot()!
  assert.equal(info.distinctCounters, 2)
  p1.close()

  const b = store()
  const p2 = Persistence.open(dir)
  t.after(() => { p2.close() })
  const report = p2.restore({ ledger: new TradeLedger(), store: b }).snapshot
  assert.equal(report.distinctCounters, 2)
  assert.deepEqual(report.skipped, [])
  // The rings kept 100 points a series; the sketches stand for all 5000.
  assert.equal(b.sketchSummary('latency')!.count, 5000)
  assert.deepEqual(b.sketchSummary('latency'), a.sketchSummary('latency'))
  assert.deepEqual(b.sketchSummary('latency', { venue: 'a' }), a.sketchSummary('latency', { venue: 'a' }))
  assert.deepEqual(b.distinct.list(), a.distinct.list())
})

test('POST /clear (Persistence.clear) removes the saved sketches and counters with the rings', (t) => {
  const dir = tempDir(t)
  const p = Persistence.open(dir)
  t.after(() => { p.close() })
  p.restore({ ledger: new TradeLedger(), store: filled() })
  p.snapshot()
  p.clear()
  const fresh = store()
  assert.equal(p.snapshots.restore(fresh).distinctCounters, 0)
  assert.equal(fresh.has('latency'), false)
})

// Little-endian float64s, as the snapshot writes them (x86 and arm64 hosts).
const floats = (...f: number[]): Uint8Array => new Uint8Array(Float64Array.from(f).buffer)

for (const [what, damage, message] of [
  ['a sketch blob cut short', (db: DatabaseSync) => { db.exec('UPDATE metric_series SET sketch = substr(sketch, 1, 40)') },
    /"latency" is malformed: its sketch blob/],
  // Header: accuracy, zeros, count, sum, min, max, 2 positive bins, 0 negative; keys 5, 3 out of order.
  ['a sketch whose bins are out of order', (db: DatabaseSync) => { db.prepare('UPDATE metric_series SET sketch = ?').run(floats(0.01, 0, 2, 2, 1, 1, 2, 0, 5, 3, 1, 1)) },
    /restoring the snapshot.*saved sketch: key at index 1/],
  ['distinct counter registers of the wrong length', (db: DatabaseSync) => { db.exec('UPDATE distinct_counters SET registers = zeroblob(10)') },
    /restoring the snapshot.*registers/]
] as const) {
  test(`${what} stops the restore with a corrupt error`, (t) => {
    const dir = tempDir(t)
    const p1 = Persistence.open(dir)
    p1.restore({ ledger: new TradeLedger(), store: filled() })
    p1.close()
    const db = new DatabaseSync(join(dir, 'breakout-metrics.rings.db'))
    damage(db)
    db.close()
    const p2 = Persistence.open(dir)
    t.after(() => { p2.close() })
    assert.throws(() => p2.restore({ ledger: new TradeLedger(), store: store() }), (e: unknown) =>
      e instanceof PersistenceError && e.reason === 'corrupt' && message.test(e.message))
  })
}
