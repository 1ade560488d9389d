import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DatabaseSync } from 'node:sqlite'
import { join } from 'node:path'
import { Persistence } from '../../../src/persist/persistence.ts'
import { SeriesStore } from '../../../src/core/store.ts'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { listTrades } from '../../../src/trading/trade-list.ts'
import { computeTradingStatistics } from '../../../src/trading/trading-statistics.ts'
import type { ClosedTrade } from '../../../src/trading/trade-records.ts'
import type { TradeEvent } from '../../../src/trading/trade-event.ts'
import { tempDir } from './temp-dir.ts'

const T0 = Date.UTC(2024, 0, 1)
const CAP = 40

/** Deterministic positions over 4 symbols, partial exits, every 9th exit arriving late. */
function stream (positions: number): TradeEvent[] {
  const out: TradeEvent[] = []
  let late: TradeEvent[] = []
  for (let i = 0; i < positions; i++) {
    const symbol = `S${i % 4}`
    const side = i % 3 === 0 ? 'short' : 'long'
    const at = T0 + i * 60_000
    const base = 100 + (i % 11)
    const e = (event: string, quantity: number, price: number, dt: number): TradeEvent =>
      ({ event, symbol, side, quantity, price, pnl: null, fees: 0.05, trade_id: `p${i}`, timestamp: at + dt, metadata: null })
    out.push(e('opened', 2, base, 0))
    const exits = [e('reduced', 1, base * (i % 2 === 0 ? 1.01 : 0.99), 20_000), e('closed', 0, base * (i % 5 === 0 ? 0.97 : 1.02), 40_000)]
    // A late exit: delivered after some later positions' events (out of closing order).
    if (i % 9 === 4) late.push(...exits)
    else out.push(...exits)
    if (i % 9 === 8) { out.push(...late); late = [] }
  }
  out.push(...late)
  return out
}

/** Every record, newest first, as /trades orders them: closed_at, then id, descending. */
function newestFirst (records: readonly ClosedTrade[]): number[] {
  return [...records].sort((a, b) => b.closed_at - a.closed_at || b.id - a.id).map((r) => r.id)
}

function pageIds (ledger: TradeLedger, query: Record<string, unknown>, limit: number, now: number): { total: number, ids: number[] } {
  const ids: number[] = []
  let total = -1
  for (let offset = 0; ; offset += limit) {
    const page = listTrades(ledger, { ...query, limit, offset }, now)
    total = page.total
    ids.push(...page.trades.map((t) => t.id))
    if (page.trades.length < limit) break
  }
  return { total, ids }
}

const figures = (l: TradeLedger, q: Record<string, unknown>, now: number): unknown => {
  const s = computeTradingStatistics(l, { window: 'all', ...q }, now) as unknown as Record<string, unknown>
  return { ...s, sharpe: null, sortino: null, calmar: null, risk: null }
}

test('records past tradesInMemory leave memory, /trades pages them from the database, restart keeps it bounded', (t) => {
  const dir = tempDir(t)
  const events = stream(300)
  const now = T0 + 400 * 60_000
  const full = new TradeLedger({ tradesInMemory: 0, startingBalance: 10_000 })
  for (const e of events) full.apply(e)
  const all = full.trades
  assert.equal(all.length, 600)

  const p = Persistence.open(dir, { synchronous: 'normal' })
  const ledger = new TradeLedger({ tradesInMemory: CAP, startingBalance: 10_000 })
  p.restore({ ledger, store: new SeriesStore() })
  for (const e of events) assert.notEqual(ledger.apply(e).status, 'rejected')
  assert.ok(ledger.trades.length >= CAP && ledger.trades.length < CAP + CAP / 8 + 1, `${ledger.trades.length} in memory`)
  assert.equal(ledger.recordCount, 600)
  assert.equal(ledger.settledCount, 600 - ledger.trades.length)

  for (const query of [{}, { symbol: 'S1' }, { side: 'short' }, { symbol: 'S2', side: 'long' }, { sinceMs: T0 + 100 * 60_000, untilMs: T0 + 250 * 60_000 }]) {
    const expected = newestFirst(all.filter((r) => (query as { symbol?: string }).symbol === undefined || r.symbol === (query as { symbol?: string }).symbol)
      .filter((r) => (query as { side?: string }).side === undefined || r.side === (query as { side?: string }).side)
      .filter((r) => (query as { sinceMs?: number }).sinceMs === undefined || (r.closed_at >= T0 + 100 * 60_000 && r.closed_at <= T0 + 250 * 60_000)))
    for (const limit of [1, 7, 40, 1000]) {
      const got = pageIds(ledger, query, limit, now)
      assert.equal(got.total, expected.length, `total ${JSON.stringify(query)}`)
      assert.deepEqual(got.ids, expected, `pages of ${limit} ${JSON.stringify(query)}`)
    }
  }
  // A record from the database is the record the ledger built.
  const oldest = listTrades(ledger, { limit: 1, offset: 599 }, now).trades[0]
  assert.deepEqual(oldest, all.find((r) => r.id === oldest.id))

  // Window all keeps every record in its figures.
  for (const q of [{}, { symbol: 'S3' }, { side: 'long' }, { symbol: 'S0', side: 'short' }]) {
    assert.deepEqual(figures(ledger, q, now), figures(full, q, now), JSON.stringify(q))
  }
  p.close()

  // Restart: the journal rebuilds the figures, memory stays bounded, nothing is stored twice.
  const p2 = Persistence.open(dir)
  const again = new TradeLedger({ tradesInMemory: CAP, startingBalance: 10_000 })
  p2.restore({ ledger: again, store: new SeriesStore() })
  assert.ok(again.trades.length < CAP + CAP / 8 + 1)
  assert.equal(again.recordCount, 600)
  assert.deepEqual(figures(again, {}, now), figures(full, {}, now))
  assert.deepEqual(pageIds(again, {}, 50, now).ids, newestFirst(all))
  p2.close()
  const db = new DatabaseSync(join(dir, 'breakout-metrics.db'))
  const stored = (db.prepare('SELECT count(*) AS n FROM settled_trades').get() as { n: number }).n
  db.close()
  assert.equal(stored, again.settledCount)

  // Clearing removes the stored records too.
  const p3 = Persistence.open(dir)
  const third = new TradeLedger({ tradesInMemory: CAP })
  p3.restore({ ledger: third, store: new SeriesStore() })
  third.clear()
  p3.clear()
  assert.equal(listTrades(third, {}, now).total, 0)
  p3.close()
})

test('without persistence, records that leave memory leave the list but not the figures', () => {
  const events = stream(100)
  const now = T0 + 200 * 60_000
  const capped = new TradeLedger({ tradesInMemory: 10 })
  const full = new TradeLedger({ tradesInMemory: 0 })
  for (const e of events) { capped.apply(e); full.apply(e) }
  const page = listTrades(capped, { limit: 1000 }, now)
  assert.equal(page.total, capped.trades.length)
  assert.ok(page.total < 12)
  assert.deepEqual(page.trades.map((r) => r.id), newestFirst(full.trades).slice(0, page.total))
  assert.deepEqual(figures(capped, {}, now), figures(full, {}, now))
  assert.equal(capped.clear().trades, 200)
})
