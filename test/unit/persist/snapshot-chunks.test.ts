import { test } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { PersistenceError } from '../../../src/core/errors.ts'
import { catalogDefinition } from '../../../src/core/metric-catalog.ts'
import { SeriesStore } from '../../../src/core/store.ts'
import { Persistence } from '../../../src/persist/persistence.ts'
import { tempDir } from './temp-dir.ts'

const T0 = 1_763_990_000_000

/** Every point of a metric, oldest first, as [time, value] pairs. */
function points (store: SeriesStore, name: string): Array<[number, number]> {
  const p = store.read(name)
  return Array.from(p.timesMs, (t, i) => [t, p.values[i]])
}

test('a snapshot written before chunks (format 1) restores, and saves again as chunks', (t) => {
  const dir = tempDir(t)
  copyFileSync(join(import.meta.dirname, 'fixtures', 'snapshot-format-1.db'), join(dir, 'breakout-metrics.db'))
  const p = Persistence.open(dir)
  t.after(() => { p.close() })
  const store = new SeriesStore({ capacity: 2000 }, catalogDefinition)
  const report = p.snapshots.restore(store)
  assert.equal(report.takenAtMs, 1_764_000_000_000)
  assert.equal(report.series, 3)
  assert.equal(report.points, 2000 + 700 + 1)
  // The fixture recorded these points with the code of that format; the newest 2000 of 2500 were kept.
  const cycle: Array<[number, number]> = []
  for (let i = 500; i < 2500; i++) cycle.push([T0 + i * 1000, Math.round(Math.sin(i / 50) * 1e4) / 1e6 + 0.02])
  assert.deepEqual(points(store, 'engine_cycle_time'), cycle)
  const latency: Array<[number, number]> = []
  for (let i = 0; i < 700; i++) latency.push([T0 + i * 250, (i * 7919) % 1000 / 10])
  assert.deepEqual(points(store, 'order_latency_ms'), latency)
  assert.deepEqual(points(store, 'risk_current'), [[1_763_999_000_000, 0.12]])

  p.snapshots.save(store, 1_764_000_100_000)
  const again = new SeriesStore({ capacity: 2000 }, catalogDefinition)
  p.snapshots.restore(again)
  assert.deepEqual(again.exportState(), store.exportState())
})

test('chunks are saved as the ring holds them and restored without re-encoding the points', (t) => {
  const dir = tempDir(t)
  const p = Persistence.open(dir)
  const store = new SeriesStore({ capacity: 10_000 }, catalogDefinition)
  const s = store.series('engine_cycle_time', { state: 'trading' })
  for (let i = 0; i < 12_345; i++) s.record(Math.round((0.02 + 0.005 * Math.sin(i / 300)) * 1e4) / 1e4, T0 + i * 1000)
  store.series('risk_current').record(0.5, T0)
  store.sealPending()
  const info = p.snapshots.save(store, T0 + 1e7)
  assert.equal(info.points, 10_001)
  // Regular points cost a few bytes each, not the 16 of two float64s.
  assert.ok(info.bytes < 10_001 * 4, `${info.bytes} bytes`)
  p.close()

  const db = new DatabaseSync(join(dir, 'breakout-metrics.db'))
  const row = db.prepare("SELECT length(chunks) AS c, length(times) AS t FROM metric_series WHERE family = 'engine_cycle_time'").get() as { c: number, t: number }
  db.close()
  assert.ok(row.c > 0)
  assert.ok(row.t <= 512 * 8, 'only the raw head is saved as floats')

  const p2 = Persistence.open(dir)
  t.after(() => { p2.close() })
  const restored = new SeriesStore({ capacity: 10_000 }, catalogDefinition)
  const report = p2.snapshots.restore(restored)
  assert.equal(report.points, 10_001)
  assert.deepEqual(restored.exportState(), store.exportState())
  assert.deepEqual(restored.series('engine_cycle_time', { state: 'trading' }).ring.blockCounts, s.ring.blockCounts)
  // A smaller capacity keeps the newest points.
  const small = new SeriesStore({ capacity: 1000 }, catalogDefinition)
  p2.snapshots.restore(small)
  assert.deepEqual(points(small, 'engine_cycle_time'), points(store, 'engine_cycle_time').slice(-1000))
})

for (const [what, damage, message] of [
  ['a chunk blob cut short', 'UPDATE metric_series SET chunks = substr(chunks, 1, 40) WHERE chunks IS NOT NULL', /its chunk blob is not one/],
  ['chunks out of time order', "UPDATE metric_series SET times = x'0000000000000000', vals = x'0000000000000000' WHERE chunks IS NOT NULL", /restoring the snapshot.*out of order/]
] as const) {
  test(`${what} stops the restore with a corrupt error`, (t) => {
    const dir = tempDir(t)
    const p1 = Persistence.open(dir)
    const store = new SeriesStore({ capacity: 5000 }, catalogDefinition)
    for (let i = 0; i < 2000; i++) store.series('risk_current').record(i, T0 + i)
    p1.snapshots.save(store, T0)
    p1.close()
    const db = new DatabaseSync(join(dir, 'breakout-metrics.db'))
    db.exec(damage)
    db.close()
    const p2 = Persistence.open(dir)
    t.after(() => { p2.close() })
    assert.throws(() => p2.snapshots.restore(new SeriesStore({ capacity: 5000 }, catalogDefinition)), (e: unknown) =>
      e instanceof PersistenceError && e.reason === 'corrupt' && message.test(e.message))
  })
}
