import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { PersistenceError } from '../../../src/core/errors.ts'
import { SeriesStore } from '../../../src/core/store.ts'
import type { SampledStatistics } from '../../../src/core/weighted-statistics.ts'
import { Persistence } from '../../../src/persist/persistence.ts'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { tempDir } from './temp-dir.ts'

/** A store that samples `quotes` adaptively, as the embedding program sets it up before restoring. */
function sampledStore (): SeriesStore {
  const store = new SeriesStore({ capacity: 5000 })
  store.setSampling('quotes', { mode: 'adaptive', minInterval: 1, maxInterval: 8, highLagMs: 50, lowLagMs: 20, seed: 5 })
  return store
}

test('a sampled series keeps its weights across a restart: its weighted statistics come back the same', (t) => {
  const dir = tempDir(t)
  const a = sampledStore()
  const p1 = Persistence.open(dir)
  p1.restore({ ledger: new TradeLedger(), store: a })
  const quotes = a.series('quotes', { venue: 'x' })
  let time = 0
  const feed = (n: number): void => { for (let i = 0; i < n; i++) quotes.record((i * 7919) % 101, time++) }
  feed(1000) // interval 1
  a.reportEventLoopLag(200)
  a.reportEventLoopLag(200) // interval 4
  feed(2000)
  const before = a.statistics('quotes') as SampledStatistics
  assert.ok(Math.abs(before.estimated_count - 3000) <= 4, String(before.estimated_count))
  p1.close()

  const b = sampledStore()
  const p2 = Persistence.open(dir)
  t.after(() => { p2.close() })
  p2.restore({ ledger: new TradeLedger(), store: b })
  // Without the weights the 500 restored points of interval 4 would count once: estimated 1500, a mean leaning to the calm part.
  assert.deepEqual(b.statistics('quotes'), before)
})

test('sampler weights that do not match their blobs stop the restore with a corrupt error', (t) => {
  const dir = tempDir(t)
  const a = sampledStore()
  const p1 = Persistence.open(dir)
  p1.restore({ ledger: new TradeLedger(), store: a })
  a.series('quotes').record(1, 1)
  p1.close()
  const db = new DatabaseSync(join(dir, 'breakout-metrics.rings.db'))
  db.exec('UPDATE metric_series SET weights = NULL')
  db.close()
  const p2 = Persistence.open(dir)
  t.after(() => { p2.close() })
  assert.throws(() => p2.restore({ ledger: new TradeLedger(), store: sampledStore() }), (e: unknown) =>
    e instanceof PersistenceError && e.reason === 'corrupt' && /"quotes" is malformed: its sampler weights/.test(e.message))
})
