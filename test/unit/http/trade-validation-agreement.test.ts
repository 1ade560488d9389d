import { test } from 'node:test'
import assert from 'node:assert/strict'
import { MetricsError } from '../../../src/core/errors.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import type { TradeInput } from '../../../src/logger/trade-input.ts'
import { makeApp } from './helpers.ts'

type Item = Record<string, unknown>

const OPEN: Item = { event: 'opened', symbol: 'BTCUSDT', side: 'long', quantity: 1, price: 100, timestamp: 1_000 }
const CLOSE: Item = { event: 'closed', symbol: 'BTCUSDT', side: 'long', quantity: 1, price: 110, timestamp: 2_000 }

/**
 * Each case: the trade item as POST /events takes it, and the expected
 * outcome, `null` for accepted or the field the refusal must name. Exits
 * follow an accepted opening of the same position.
 */
const CASES: Array<[string, Item, string | null]> = [
  ['an opening', OPEN, null],
  ['a close of what remains, quantity 0', { ...CLOSE, quantity: 0 }, null],
  ['a side in capitals', { ...OPEN, side: 'BUY' }, null],
  ['the closing order side of a short', { ...OPEN, side: 'Sell' }, null],
  ['a maker rebate (negative fees)', { ...OPEN, fees: -0.5 }, null],
  ['kept metadata', { ...OPEN, metadata: { order_id: 'a-1' } }, null],
  ['every execution field', { ...OPEN, decision_price: 99.5, order_type: 'limit', liquidity: 'maker', requested_at: 900, exchange: 'binance', stop_price: 95 }, null],
  ['context fields where they belong', { ...CLOSE, strategy: 'breakout', exit_reason: 'take_profit' }, null],
  ['a price of 0', { ...OPEN, price: 0 }, 'price'],
  ['a negative price', { ...OPEN, price: -1 }, 'price'],
  ['a price past 1e15', { ...OPEN, price: 1e16 }, 'price'],
  ['a price as a string', { ...OPEN, price: '100' }, 'price'],
  ['an opening of quantity 0', { ...OPEN, quantity: 0 }, 'quantity'],
  ['a negative quantity', { ...CLOSE, quantity: -1 }, 'quantity'],
  ['an event that builds no trade', { ...OPEN, event: 'filled' }, 'event'],
  ['a misspelt event', { ...CLOSE, event: 'close' }, 'event'],
  ['an unknown side', { ...OPEN, side: 'sideways' }, 'side'],
  ['an empty symbol', { ...OPEN, symbol: '' }, 'symbol'],
  ['a symbol of 65 characters', { ...OPEN, symbol: 'S'.repeat(65) }, 'symbol'],
  ['a symbol with a control character', { ...OPEN, symbol: 'BTC\u0001USDT' }, 'symbol'],
  ['a trade id of 129 characters', { ...OPEN, trade_id: 't'.repeat(129) }, 'trade_id'],
  ['a P&L past 1e15', { ...CLOSE, pnl: 1.7e308 }, 'pnl'],
  ['fees past 1e15', { ...OPEN, fees: 2e15 }, 'fees'],
  ['a negative timestamp', { ...OPEN, timestamp: -1 }, 'timestamp'],
  ['metadata that is a list', { ...OPEN, metadata: ['order_id'] }, 'metadata'],
  ['a decision price of 0', { ...OPEN, decision_price: 0 }, 'decision_price'],
  ['a negative stop price', { ...OPEN, stop_price: -1 }, 'stop_price'],
  ['an order type of stop', { ...OPEN, order_type: 'stop' }, 'order_type'],
  ['a liquidity of both', { ...OPEN, liquidity: 'both' }, 'liquidity'],
  ['a request time before 1970', { ...OPEN, requested_at: -5 }, 'requested_at'],
  ['an exchange name of 65 characters', { ...OPEN, exchange: 'x'.repeat(65) }, 'exchange'],
  ['an entry tag on an exit', { ...CLOSE, entry_tag: 'edge' }, 'entry_tag'],
  ['an exit reason on an opening', { ...OPEN, exit_reason: 'stop' }, 'exit_reason'],
  ['a strategy of 65 characters', { ...OPEN, strategy: 's'.repeat(65) }, 'strategy']
]

/** The item as `logTrade` takes it: the same fields, named as the library names them. */
function inputOf (item: Item): TradeInput {
  const names: Record<string, string> = {
    trade_id: 'tradeId',
    timestamp: 'timestampMs',
    decision_price: 'decisionPrice',
    order_type: 'orderType',
    requested_at: 'requestedAtMs',
    stop_price: 'stopPrice',
    entry_tag: 'entryTag',
    exit_reason: 'exitReason'
  }
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [names[k] ?? k, v])) as unknown as TradeInput
}

interface Outcome {
  /** null when accepted, else the error's message. */
  refused: string | null
  /** The labels of the event's series when accepted. */
  labels: unknown
}

function throughLibrary (item: Item): Outcome {
  const logger = new MetricsLogger({ sampler: false, health: false, clock: 'system', strict: true })
  try {
    if (item.event !== 'opened') logger.logTrade(inputOf(OPEN))
    try {
      logger.logTrade(inputOf(item))
    } catch (error) {
      assert.ok(error instanceof MetricsError, String(error))
      return { refused: error.message, labels: null }
    }
    return { refused: null, labels: logger.getAllMetrics()[`trade_${String(item.event)}`][0].labels }
  } finally {
    logger.close()
  }
}

test('the library and POST /events accept and refuse the same trade events, naming the same field', async () => {
  const { app, logger } = await makeApp({ health: false })
  try {
    for (const [what, item, field] of CASES) {
      logger.clearMetrics()
      const items = item.event === 'opened' ? [item] : [OPEN, item]
      const res = await app.inject({ method: 'POST', url: '/api/metrics/events', payload: items.map((i) => ({ type: 'trade', ...i })) })
      const body = res.json() as { accepted: number, rejected: Array<{ index: number, message: string }> }
      const last = items.length - 1
      const rejected = body.rejected.find((r) => r.index === last)
      const http: Outcome = rejected === undefined
        ? { refused: null, labels: logger.getAllMetrics()[`trade_${String(item.event)}`][0].labels }
        : { refused: rejected.message, labels: null }
      assert.equal(body.rejected.filter((r) => r.index !== last).length, 0, `${what}: the opening was refused`)
      const library = throughLibrary(item)

      if (field === null) {
        assert.equal(library.refused, null, `${what}: the library refused it`)
        assert.equal(http.refused, null, `${what}: POST /events refused it`)
        assert.deepEqual(http.labels, library.labels, `${what}: the same series`)
        assert.equal((library.labels as { side: string }).side, /^(sell|short)$/i.test(String(item.side)) ? 'short' : 'long')
      } else {
        assert.match(library.refused ?? 'accepted', new RegExp(`\\b${field}\\b`), `${what}: the library`)
        assert.match(http.refused ?? 'accepted', new RegExp(`\\b${field}\\b`), `${what}: POST /events`)
      }
    }
  } finally {
    await app.close()
  }
})

test('a non-trade event at price 0 no longer marks open positions to 0', () => {
  // It did: `filled` at 0 was recorded as a metric and its price moved the marks (equity 1,000 -> 900).
  const logger = new MetricsLogger({ sampler: false, health: false, trading: { startingBalance: 1_000 }, onError: () => {} })
  logger.logTradeEvent('opened', 'BTCUSDT', 'long', 1, 100)
  logger.logTradeEvent('filled', 'BTCUSDT', 'long', 1, 0)
  const stats = logger.getTradingStatistics()
  assert.equal(stats.unrealized_pnl, 0)
  assert.equal(stats.equity, 1_000)
  assert.equal(logger.droppedPoints, 1)
  assert.equal(logger.store.has('trade_filled'), false)
  logger.close()
})
