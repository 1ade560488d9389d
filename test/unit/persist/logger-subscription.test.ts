import { test } from 'node:test'
import assert from 'node:assert/strict'
import { PersistenceError } from '../../../src/core/errors.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { Persistence } from '../../../src/persist/persistence.ts'
import { ingestEvents } from '../../../src/http/ingest.ts'
import { tempDir } from './temp-dir.ts'

const newLogger = (): MetricsLogger => new MetricsLogger({ sampler: false, health: false, clock: 'system', strict: true })
const trade = (event: string, symbol: string, price: number, timestampMs: number) =>
  ({ event, symbol, side: 'long', quantity: 1, price, timestampMs })

test('attached persistence journals what the logger accepts, and a restart brings it back', (t) => {
  const dir = tempDir(t)
  const logger = newLogger()
  const p = Persistence.open(dir, { synchronous: 'normal' })
  assert.equal(p.attach(logger).tradeEvents, 0)
  assert.equal(p.subscribe(logger), p.subscribe(logger), 'subscribing twice is one subscription')
  logger.logTrade(trade('opened', 'BTCUSDT', 100, 1_000))
  logger.logTrade(trade('closed', 'BTCUSDT', 110, 2_000))
  logger.annotations.add({ text: 'deploy' }, 3_000)
  assert.equal(p.journal.count(), 2)
  assert.equal(p.annotationJournal.count(), 1)
  p.close()
  logger.close()

  const again = newLogger()
  const q = Persistence.open(dir, { synchronous: 'normal' })
  t.after(() => { q.close(); again.close() })
  assert.equal(q.attach(again).tradeEvents, 2)
  assert.equal(again.getTradingStatistics().total_pnl, 10)
  assert.deepEqual(again.annotations.list({}).map((a) => a.text), ['deploy'])
  // The logger's clear clears the journal first, and says how much.
  const cleared = again.clear()
  assert.equal(cleared.journaledTradeEvents, 2)
  assert.equal(cleared.trades, 1)
  assert.equal(q.journal.count(), 0)
})

test('a closed database refuses trades and clears: the logger keeps what it had', (t) => {
  const dir = tempDir(t)
  const logger = newLogger()
  t.after(() => { logger.close() })
  const p = Persistence.open(dir, { synchronous: 'normal' })
  p.attach(logger)
  logger.logTrade(trade('opened', 'BTCUSDT', 100, 1_000))
  p.close()
  assert.throws(() => { logger.logTrade(trade('closed', 'BTCUSDT', 110, 2_000)) }, (e: unknown) => e instanceof PersistenceError && /closed/.test(e.message))
  assert.equal(logger.trades.openPositions().length, 1)
  assert.throws(() => logger.clear(), PersistenceError)
  assert.equal(logger.trades.openPositions().length, 1)
})

test('a batch whose trade cannot be journaled throws and rolls back every trade of it', (t) => {
  const dir = tempDir(t)
  const logger = new MetricsLogger({ sampler: false, health: false, clock: 'system' })
  const p = Persistence.open(dir, { synchronous: 'normal' })
  t.after(() => { p.close(); logger.close() })
  p.attach(logger)
  const append = p.journal.append.bind(p.journal)
  let calls = 0
  p.journal.append = (event) => {
    if (++calls === 2) throw new PersistenceError('full', p.path, 'writing a trade event: database or disk is full')
    append(event)
  }
  const items = [
    { type: 'trade', event: 'opened', symbol: 'BTCUSDT', side: 'long', quantity: 1, price: 100 },
    { type: 'trade', event: 'opened', symbol: 'ETHUSDT', side: 'long', quantity: 1, price: 10 },
    { type: 'metric', name: 'queue_depth', value: 1 }
  ]
  assert.throws(() => logger.batch(() => ingestEvents(logger, items)), (e: unknown) => e instanceof PersistenceError && e.reason === 'full')
  assert.equal(logger.trades.openPositions().length, 0, 'the first trade of the batch is rolled back')
  assert.equal(p.journal.count(), 0)
  // The next batch is stored whole.
  assert.deepEqual(logger.batch(() => ingestEvents(logger, items)), { accepted: 3, rejected: [] })
  assert.equal(p.journal.count(), 2)
})
