import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_TRADE_METADATA_KEYS, keepMetadata, parseTradeMetadataKeys } from '../../../src/trading/trade-metadata.ts'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { ingestEvents } from '../../../src/http/ingest.ts'

const KEPT = new Set(['order_id', 'strategy'])

test('keepMetadata: only the kept own keys; null when none is left; the same object when nothing is cut', () => {
  assert.deepEqual(keepMetadata({ order_id: 'o-1', account_id: 'acct-9', strategy: { name: 'b' } }, KEPT), { order_id: 'o-1', strategy: { name: 'b' } })
  assert.equal(keepMetadata({ account_id: 'acct-9' }, KEPT), null)
  assert.equal(keepMetadata({}, KEPT), null)
  for (const bad of [null, undefined, 'x', 5, ['order_id']]) assert.equal(keepMetadata(bad, KEPT), null)
  const inherited = Object.create({ order_id: 'from-prototype' }) as Record<string, unknown>
  assert.equal(keepMetadata(inherited, KEPT), null)
  const all = { order_id: 'o-1' }
  assert.equal(keepMetadata(all, KEPT), all)
})

test('parseTradeMetadataKeys: comma-separated keys, none, bad keys named', () => {
  assert.deepEqual(parseTradeMetadataKeys(' order_id , venue.name,order_id', 'f'), ['order_id', 'venue.name'])
  assert.deepEqual(parseTradeMetadataKeys('none', 'f'), [])
  for (const bad of ['order id', '1st', 'a/b', 'x'.repeat(65), '*']) assert.throws(() => parseTradeMetadataKeys(bad, 'f'), /f: .* is not a metadata key/, bad)
  assert.deepEqual([...DEFAULT_TRADE_METADATA_KEYS], ['order_id', 'strategy', 'entry_tag', 'exit_reason'])
})

const open = { event: 'opened', symbol: 'BTCUSDT', side: 'long', quantity: 1, price: 100, pnl: null, fees: null, trade_id: 't1', timestamp: 1000 }

test('the ledger cuts metadata at its entry: the journal hook and the records see the kept keys only', () => {
  const ledger = new TradeLedger()
  const journaled: unknown[] = []
  ledger.beforeApply = (e) => { journaled.push(e.metadata) }
  ledger.apply({ ...open, metadata: { order_id: 'o-1', account_id: 'acct-9', api_response: { balance: 1e6 } } })
  ledger.apply({ ...open, event: 'closed', price: 110, timestamp: 2000, metadata: { exit_reason: 'tp', api_key: 'sk-live-123' } })
  assert.deepEqual(journaled, [{ order_id: 'o-1' }, { exit_reason: 'tp' }])
  assert.deepEqual(ledger.trades[0].metadata, { exit_reason: 'tp' })
  const none = new TradeLedger({ metadataKeys: [] })
  none.apply({ ...open, metadata: { order_id: 'o-1' } })
  none.apply({ ...open, event: 'closed', price: 110, timestamp: 2000, metadata: { exit_reason: 'tp' } })
  assert.equal(none.trades[0].metadata, null)
  assert.throws(() => new TradeLedger({ metadataKeys: ['bad key'] }), /metadataKeys/)
})

test('logTradeEvent and POST /events items: metadata cut to the configured keys', () => {
  const logger = new MetricsLogger({ sampler: false, trading: { metadataKeys: ['venue'] } })
  const seen: unknown[] = []
  logger.onTrade((e) => seen.push(e.metadata))
  logger.logTradeEvent('opened', 'ETHUSDT', 'short', 2, 3000, null, { venue: 'binance', account_id: 'acct-9' }, { tradeId: 'e1' })
  const result = ingestEvents(logger, [
    { type: 'trade', event: 'closed', trade_id: 'e1', symbol: 'ETHUSDT', side: 'sell', quantity: 2, price: 2900, metadata: { venue: 'binance', order_id: 'o-2', raw: { key: 'sk' } } },
    { type: 'trade', event: 'opened', symbol: 'ETHUSDT', side: 'buy', quantity: 1, price: 2900, metadata: ['not', 'an', 'object'] }
  ])
  assert.equal(result.accepted, 1)
  assert.deepEqual(result.rejected.map((r) => r.message), ['metadata: must be an object of key to value'])
  assert.deepEqual(seen, [{ venue: 'binance' }, { venue: 'binance' }])
  assert.deepEqual(logger.trades.trades[0].metadata, { venue: 'binance' })
  logger.close()
})
