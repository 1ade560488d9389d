import { test, mock } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import os from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { Persistence } from '../../../src/persist/persistence.ts'
import { PersistenceError, InvalidArgumentError } from '../../../src/core/errors.ts'
import { SeriesStore } from '../../../src/core/store.ts'
import { catalogDefinition } from '../../../src/core/metric-catalog.ts'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { computeTradingStatistics } from '../../../src/trading/trading-statistics.ts'
import { FIXTURE, NOW, ev } from '../trading/fixture.ts'
import { tempDir } from './temp-dir.ts'

const fresh = (): { ledger: TradeLedger, store: SeriesStore } => ({
  ledger: new TradeLedger({ startingBalance: 10_000 }),
  store: new SeriesStore({ capacity: 50, maxLabelSetsPerMetric: 2 }, catalogDefinition)
})

function record (store: SeriesStore): void {
  for (let i = 0; i < 80; i++) store.series('engine_cycle_time', { state: 'trading' }).record(i / 100, 1000 + i)
  store.series('engine_cycle_time', { state: 'idle' }).record(0.2, 2000)
  store.series('engine_cycle_time', { state: 'x' }).record(0.3, 3000) // folds into overflow
  store.series('risk_current').record(0.12, 4000)
}

test('a ledger and a store restored after close hold what they held', (t) => {
  const dir = tempDir(t)
  const p1 = Persistence.open(dir, { now: () => 123 })
  const a = fresh()
  const first = p1.restore(a)
  assert.deepEqual([first.tradeEvents, first.snapshot.takenAtMs, first.snapshot.series], [0, null, 0])
  for (const e of FIXTURE) a.ledger.apply(e)
  a.ledger.apply(ev('filled', 'X', 'long', 1, 1, 0)) // ignored: not journaled
  a.ledger.apply(ev('closed', 'NONE', 'long', 1, 1, 0)) // rejected: not journaled
  record(a.store)
  p1.close()
  assert.equal(p1.isOpen, false)

  const p2 = Persistence.open(dir)
  const b = fresh()
  const report = p2.restore(b)
  t.after(() => { p2.close() })
  assert.equal(report.tradeEvents, FIXTURE.length)
  assert.equal(report.rejectedOnReplay, 0)
  assert.equal(report.snapshot.takenAtMs, 123)
  assert.equal(report.snapshot.series, 4)
  assert.deepEqual(report.snapshot.skipped, [])
  assert.deepEqual(b.ledger.trades, a.ledger.trades)
  assert.deepEqual(b.ledger.openPositions(), a.ledger.openPositions())
  assert.deepEqual(computeTradingStatistics(b.ledger, {}, NOW), computeTradingStatistics(a.ledger, {}, NOW))
  assert.deepEqual(b.store.exportState(), a.store.exportState())
  assert.equal(b.store.family('engine_cycle_time')!.foldedPoints, 1)
})

test('every accepted event is in the journal as soon as apply returns', (t) => {
  const dir = tempDir(t)
  const p = Persistence.open(dir)
  t.after(() => { p.close() })
  const { ledger, store } = fresh()
  p.restore({ ledger, store })
  ledger.apply({ ...ev('opened', 'X', 'buy', 1, 10, 5), metadata: { strategy: 'breakout', order_id: 'y'.repeat(70_000) } })
  ledger.apply({ ...ev('reduced', 'X', 'buy', 0.5, 11, 6), metadata: { order_id: 1n } as unknown as Record<string, unknown> })
  ledger.apply({ ...ev('closed', 'X', 'buy', 0, 12, 7), metadata: { exit_reason: 'target' } })
  assert.equal(p.journal.count(), 3)
  const replayed: unknown[] = []
  p.journal.replay((e) => replayed.push([e.event, e.side, e.timestamp, e.metadata]))
  // Metadata too large or not serializable is dropped; the event is kept.
  assert.deepEqual(replayed, [['opened', 'buy', 5, null], ['reduced', 'buy', 6, null], ['closed', 'buy', 7, { exit_reason: 'target' }]])
})

test('a batch is one transaction; a failing batch leaves ledger and journal as they were', (t) => {
  const dir = tempDir(t)
  const p = Persistence.open(dir)
  t.after(() => { p.close() })
  const { ledger, store } = fresh()
  p.restore({ ledger, store })
  const results = p.batch(() => FIXTURE.slice(0, 3).map((e) => ledger.apply(e).status))
  assert.deepEqual(results, ['opened', 'reduced', 'closed'])
  assert.equal(p.journal.count(), 3)
  assert.throws(() => p.batch(() => {
    ledger.apply(FIXTURE[3])
    throw new Error('bug in the batch')
  }), /bug in the batch/)
  assert.equal(p.journal.count(), 3)
  assert.equal(ledger.openPositionCount, 0)
  assert.equal(ledger.trades.length, 2)
})

test('snapshots are taken every interval and on close', (t) => {
  const dir = tempDir(t)
  mock.timers.enable({ apis: ['setInterval'] })
  t.after(() => { mock.timers.reset() })
  let now = 1000
  const p = Persistence.open(dir, { snapshotIntervalMs: 5000, now: () => now })
  const { ledger, store } = fresh()
  p.restore({ ledger, store })
  p.startSnapshots()
  store.series('risk_current').record(1, 1)
  now = 2000
  mock.timers.tick(5000)
  const taken = (): unknown => {
    const db = new DatabaseSync(join(dir, 'breakout-metrics.rings.db'), { readOnly: true })
    try {
      return db.prepare("SELECT value FROM meta WHERE key = 'snapshot_taken_at_ms'").get()?.value
    } finally { db.close() }
  }
  // Exclusive locking keeps other connections out while open: read after close.
  store.series('risk_current').record(2, 2)
  now = 3000
  p.close()
  assert.equal(taken(), '3000')
  const again = Persistence.open(dir)
  const b = fresh()
  assert.equal(again.restore(b).snapshot.points, 2)
  again.close()
})

test('after close the ledger refuses events instead of dropping them silently', (t) => {
  const p = Persistence.open(tempDir(t))
  const { ledger, store } = fresh()
  p.restore({ ledger, store })
  p.close()
  assert.throws(() => ledger.apply(FIXTURE[0]), (e: unknown) => e instanceof PersistenceError && e.reason === 'io')
  assert.equal(ledger.openPositionCount, 0)
})

test('a file that is not a database gives a corrupt error, and is left in place', (t) => {
  const dir = tempDir(t)
  const file = join(dir, 'breakout-metrics.db')
  const garbage = Buffer.alloc(8192, 0x5a)
  writeFileSync(file, garbage)
  assert.throws(() => Persistence.open(dir), (e: unknown) => {
    assert.ok(e instanceof PersistenceError)
    assert.equal(e.code, 'BM_ERR_PERSIST')
    assert.equal(e.reason, 'corrupt')
    assert.equal(e.path, file)
    assert.match(e.message, /not a database/)
    assert.match(e.message, /move the file aside/)
    return true
  })
  assert.deepEqual(readFileSync(file), garbage)
})

test('a database with damaged pages gives a corrupt error', (t) => {
  const dir = tempDir(t)
  const p = Persistence.open(dir)
  const { ledger, store } = fresh()
  p.restore({ ledger, store })
  for (let i = 0; i < 400; i++) ledger.apply(ev('opened', `S${i}`, 'long', 1, 10, i))
  p.close()
  const file = join(dir, 'breakout-metrics.db')
  const bytes = readFileSync(file)
  assert.ok(statSync(file).size > 4 * 4096)
  // Overwrite the middle of the file (b-tree pages), keep the header valid.
  bytes.fill(0xff, 2 * 4096 + 100, bytes.length - 100)
  writeFileSync(file, bytes)
  assert.throws(() => {
    const q = Persistence.open(dir)
    q.restore(fresh())
    q.close()
  }, (e: unknown) => e instanceof PersistenceError && e.reason === 'corrupt')
})

test('a data directory that cannot be created gives an unwritable error', (t) => {
  const dir = tempDir(t)
  const file = join(dir, 'a-file')
  writeFileSync(file, 'x')
  assert.throws(() => Persistence.open(join(file, 'data')), (e: unknown) => {
    assert.ok(e instanceof PersistenceError)
    assert.equal(e.reason, 'unwritable')
    assert.match(e.message, /writable/)
    return true
  })
  assert.throws(() => Persistence.open(file), (e: unknown) => e instanceof PersistenceError && e.reason === 'unwritable')
})

test('a data directory without write permission gives an unwritable error', (t) => {
  const data = mkdtempSync(join(os.tmpdir(), 'bm-readonly-'))
  let undo = (): void => { chmodSync(data, 0o755) }
  if (process.getuid?.() !== 0) {
    chmodSync(data, 0o555)
  } else {
    // Root ignores permission bits; the immutable attribute binds root too.
    if (spawnSync('chattr', ['+i', data]).status !== 0) {
      rmSync(data, { recursive: true })
      t.skip('running as root where chattr +i is not available')
      return
    }
    undo = () => { spawnSync('chattr', ['-i', data]) }
  }
  t.after(() => { undo(); rmSync(data, { recursive: true, force: true }) })
  assert.throws(() => Persistence.open(data), (e: unknown) => {
    assert.ok(e instanceof PersistenceError)
    assert.equal(e.reason, 'unwritable')
    assert.equal(e.path, data)
    assert.match(e.message, /creating a file in the data directory/)
    return true
  })
})

test('a second process (or connection) on the same database gives a locked error', (t) => {
  const dir = tempDir(t)
  const p = Persistence.open(dir)
  t.after(() => { p.close() })
  assert.throws(() => Persistence.open(dir), (e: unknown) => e instanceof PersistenceError && e.reason === 'locked')
})

test('a foreign SQLite file or a newer schema gives a schema error', (t) => {
  const dir = tempDir(t)
  const db = new DatabaseSync(join(dir, 'breakout-metrics.db'))
  db.exec('CREATE TABLE orders (id INTEGER)')
  db.close()
  assert.throws(() => Persistence.open(dir), (e: unknown) => e instanceof PersistenceError && e.reason === 'schema')
  const dir2 = tempDir(t)
  Persistence.open(dir2).close()
  const db2 = new DatabaseSync(join(dir2, 'breakout-metrics.db'))
  db2.exec('PRAGMA user_version = 99')
  db2.close()
  assert.throws(() => Persistence.open(dir2), (e: unknown) => e instanceof PersistenceError && /newer version/.test(e.message))
})

test('a snapshot interval below 100 ms is refused', (t) => {
  assert.throws(() => Persistence.open(tempDir(t), { snapshotIntervalMs: 10 }), InvalidArgumentError)
})

test('clear empties journal and snapshot in one transaction: a failure halfway leaves both', (t) => {
  const p = Persistence.open(tempDir(t))
  t.after(() => { p.close() })
  const { ledger, store } = fresh()
  p.restore({ ledger, store })
  for (const e of FIXTURE.slice(0, 3)) ledger.apply(e)
  record(store)
  p.snapshot()
  // Fail the second step, as a full disk would.
  const clearSnapshot = p.snapshots.clear.bind(p.snapshots)
  p.snapshots.clear = () => { throw new Error('disk I/O error') }
  assert.throws(() => p.clear(), (e: unknown) => e instanceof PersistenceError && /clearing the database: disk I\/O error/.test(e.message))
  assert.equal(p.journal.count(), 3)
  p.snapshots.clear = clearSnapshot
  assert.deepEqual(p.clear(), { tradeEvents: 3 })
  assert.equal(p.journal.count(), 0)
  assert.equal(p.snapshots.restore(fresh().store).series, 0)
})
