import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { AnnotationStore } from '../../../src/core/annotations.ts'
import { PersistenceError } from '../../../src/core/errors.ts'
import { SeriesStore } from '../../../src/core/store.ts'
import { Persistence } from '../../../src/persist/persistence.ts'
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from '../../../src/persist/schema.ts'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { FIXTURE } from '../trading/fixture.ts'
import { tempDir } from './temp-dir.ts'

const targets = (limit?: number): { ledger: TradeLedger, store: SeriesStore, annotations: AnnotationStore } =>
  ({ ledger: new TradeLedger(), store: new SeriesStore(), annotations: new AnnotationStore(limit) })

/** Opens `dir`, restores fresh targets, runs `fn`, closes. */
function run<T> (dir: string, fn: (t: ReturnType<typeof targets>, p: Persistence) => T, limit?: number): T {
  const p = Persistence.open(dir)
  try {
    const t = targets(limit)
    p.restore(t)
    return fn(t, p)
  } finally {
    p.close()
  }
}

const texts = (s: AnnotationStore): string[] => s.list({ limit: 10_000 }).map((a) => a.text)

test('each annotation is stored when add returns and is back after a restart, ids and all', (t) => {
  const dir = tempDir(t)
  const added = run(dir, ({ annotations }, p) => {
    const a = annotations.add({ text: 'deployed v2.3', tags: ['deploy', 'v2'], timeMs: 2000 }, 0)
    assert.equal(p.annotationJournal.count(), 1)
    const b = annotations.add({ text: 'volatility\nhalted', timeMs: 1000, timeEndMs: 1500 }, 0)
    assert.equal(p.annotationJournal.count(), 2)
    return [b, a]
  })
  const report = run(dir, ({ annotations }, p) => {
    assert.deepEqual(annotations.list(), added)
    // New ids continue after the restored ones.
    assert.equal(annotations.add({ text: 'after' }, 3000).id, 3)
    return p
  })
  assert.equal(report.isOpen, false)
  run(dir, ({ annotations }) => { assert.deepEqual(texts(annotations), ['volatility\nhalted', 'deployed v2.3', 'after']) })
})

test('restore reports how many annotations came back', (t) => {
  const dir = tempDir(t)
  run(dir, ({ annotations }) => { for (let i = 0; i < 3; i++) annotations.add({ text: `a${i}` }, i) })
  const p = Persistence.open(dir)
  t.after(() => { p.close() })
  assert.equal(p.restore(targets()).annotations, 3)
  // Without an annotation store the table is left alone.
  const q = tempDir(t)
  const other = Persistence.open(q)
  assert.equal(other.restore({ ledger: new TradeLedger(), store: new SeriesStore() }).annotations, 0)
  other.close()
})

test('the bound holds in the database: what the store drops is deleted in the same commit, or at restore', (t) => {
  const dir = tempDir(t)
  run(dir, ({ annotations }, p) => {
    for (let i = 0; i < 5; i++) annotations.add({ text: `a${i}`, timeMs: 10 * i }, 0)
    annotations.add({ text: 'too old', timeMs: -1 }, 0) // older than all of a full store: dropped at once
    assert.equal(p.annotationJournal.count(), 3)
    assert.deepEqual(texts(annotations), ['a2', 'a3', 'a4'])
  }, 3)
  // A smaller bound at the next start keeps the newest and prunes the rest from the file.
  run(dir, ({ annotations }, p) => {
    assert.deepEqual(texts(annotations), ['a3', 'a4'])
    assert.equal(p.annotationJournal.count(), 2)
  }, 2)
  run(dir, ({ annotations }) => {
    assert.deepEqual(texts(annotations), ['a3', 'a4'])
    // Ids of dropped annotations (the highest was 6, 'too old') are not given again.
    assert.equal(annotations.add({ text: 'next' }, 100).id, 7)
  })
})

test('clearing the annotation store clears the table; Persistence.clear (POST /clear) keeps them', (t) => {
  const dir = tempDir(t)
  run(dir, ({ ledger, annotations }, p) => {
    annotations.add({ text: 'kept by /clear' }, 1)
    for (const e of FIXTURE.slice(0, 3)) ledger.apply(e)
    assert.deepEqual(p.clear(), { tradeEvents: 3 })
    assert.equal(p.annotationJournal.count(), 1)
  })
  run(dir, ({ ledger, annotations }, p) => {
    assert.equal(ledger.trades.length, 0)
    assert.deepEqual(texts(annotations), ['kept by /clear'])
    annotations.clear()
    assert.equal(p.annotationJournal.count(), 0)
  })
  run(dir, ({ annotations }) => {
    assert.equal(annotations.size, 0)
    assert.equal(annotations.add({ text: 'x' }, 2).id, 2, 'ids of cleared annotations are not given again')
  })
})

test('an annotation that cannot be stored is refused and not kept', (t) => {
  const p = Persistence.open(tempDir(t))
  const { ledger, store, annotations } = targets()
  p.restore({ ledger, store, annotations })
  annotations.add({ text: 'stored' }, 1)
  p.close()
  assert.throws(() => annotations.add({ text: 'after close' }, 2), (e: unknown) => e instanceof PersistenceError && e.reason === 'io')
  assert.throws(() => { annotations.clear() }, (e: unknown) => e instanceof PersistenceError && e.reason === 'io')
  assert.deepEqual(texts(annotations), ['stored'])
})

test('a failed batch leaves no annotation it added, in memory or in the file', (t) => {
  const dir = tempDir(t)
  run(dir, ({ annotations }, p) => {
    annotations.add({ text: 'before' }, 1)
    assert.throws(() => p.batch(() => {
      annotations.add({ text: 'in the batch' }, 2)
      throw new Error('bug in the batch')
    }), /bug in the batch/)
    assert.deepEqual(texts(annotations), ['before'])
    assert.equal(p.annotationJournal.count(), 1)
    assert.equal(annotations.add({ text: 'after' }, 3).id, 3)
  })
  run(dir, ({ annotations }) => { assert.deepEqual(annotations.list().map((a) => [a.id, a.text]), [[1, 'before'], [3, 'after']]) })
})

test('a malformed annotation row stops the restore with a corrupt error naming it', (t) => {
  const dir = tempDir(t)
  run(dir, ({ annotations }) => { annotations.add({ text: 'ok' }, 1) })
  const db = new DatabaseSync(join(dir, 'breakout-metrics.db'))
  db.exec("INSERT INTO annotations (id, time_ms, text, tags) VALUES (9, 5, 'bad', '{\"not\": \"a list\"}')")
  db.close()
  const p = Persistence.open(dir)
  t.after(() => { p.close() })
  assert.throws(() => p.restore(targets()), (e: unknown) => {
    assert.ok(e instanceof PersistenceError)
    assert.equal(e.reason, 'corrupt')
    assert.match(e.message, /annotation 9 is malformed/)
    return true
  })
})

test('a version 1 database is migrated in place: its trade events stay, annotations can be stored', (t) => {
  const dir = tempDir(t)
  const db = new DatabaseSync(join(dir, 'breakout-metrics.db'))
  db.exec(MIGRATIONS[0])
  db.exec(`PRAGMA application_id = ${APPLICATION_ID}`)
  db.exec('PRAGMA user_version = 1')
  const e = FIXTURE[0]
  db.prepare('INSERT INTO trade_events (event, symbol, side, quantity, price, fees, timestamp_ms) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(e.event, e.symbol, e.side, e.quantity, e.price, e.fees, e.timestamp)
  db.close()
  run(dir, ({ ledger, annotations }) => {
    assert.equal(ledger.openPositionCount, 1)
    annotations.add({ text: 'first after the upgrade' }, 1)
  })
  const check = new DatabaseSync(join(dir, 'breakout-metrics.db'), { readOnly: true })
  t.after(() => { check.close() })
  assert.equal((check.prepare('PRAGMA user_version').get() as { user_version: number }).user_version, SCHEMA_VERSION)
  assert.equal((check.prepare('SELECT count(*) AS n FROM annotations').get() as { n: number }).n, 1)
})
