import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { computeGroupBreakdown } from '../../../src/trading/breakdown.ts'
import { computeTradingStatistics } from '../../../src/trading/trading-statistics.ts'
import { MarkToMarket } from '../../../src/trading/mark-to-market.ts'
import { currentDrawdownPct, dailyRealizedPnl } from '../../../src/trading/ledger-health.ts'
import type { ClosedTrade } from '../../../src/trading/trade-records.ts'
import type { TradeEvent } from '../../../src/trading/trade-event.ts'
import { close, seededPositions } from './helpers.ts'

const T0 = Date.UTC(2024, 0, 1)

/** The shared seeded stream: 5 symbols, odd seeds deliver some exits late. */
function stream (seed: number, positions: number): TradeEvent[] {
  return seededPositions(seed, positions, T0, 5, 0.1)
}

/** Reference breakdown rows written here: group the records, sum, and walk each group's P&L curve in closing order. */
function reference (records: readonly ClosedTrade[], key: (t: ClosedTrade) => string): Map<string, { n: number, wins: number, losses: number, total: number, dd: number, holds: number[] }> {
  const sorted = [...records].sort((a, b) => a.closed_at - b.closed_at || a.id - b.id)
  const rows = new Map<string, { n: number, wins: number, losses: number, total: number, dd: number, holds: number[], peak: number }>()
  for (const t of sorted) {
    const k = key(t)
    let r = rows.get(k)
    if (r === undefined) { r = { n: 0, wins: 0, losses: 0, total: 0, dd: 0, holds: [], peak: 0 }; rows.set(k, r) }
    r.n++
    if (t.pnl > 1e-9) r.wins++
    else if (t.pnl < -1e-9) r.losses++
    r.total += t.pnl
    r.peak = Math.max(r.peak, r.total)
    r.dd = Math.max(r.dd, r.peak - r.total)
    if (t.holding_seconds !== null) r.holds.push(t.holding_seconds)
  }
  return rows
}

/** The middle value, or the two middle values, of `values`. */
function middles (values: number[]): [number, number] {
  const s = [...values].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? [s[m], s[m]] : [s[m - 1], s[m]]
}

test('breakdowns over window all count the records that left memory (200 seeded streams)', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const events = stream(seed, 60 + (seed % 40))
    const capped = new TradeLedger({ tradesInMemory: 8 + (seed % 13) })
    const full = new TradeLedger({ tradesInMemory: 0 })
    for (const e of events) { capped.apply(e); full.apply(e) }
    assert.ok(capped.settledCount > 0)
    const now = T0 + 1000 * 600_000
    for (const [by, key] of [['symbol', (t: ClosedTrade) => t.symbol], ['side', (t: ClosedTrade) => t.side], ['strategy', (t: ClosedTrade) => t.strategy ?? ''],
      ['entry_tag,exit_reason', (t: ClosedTrade) => `${t.entry_tag ?? ''}|${t.exit_reason ?? ''}`]] as const) {
      for (const filter of [{}, { symbol: 'S1' }, { side: 'long' }, { symbol: 'S2', side: 'short' }]) {
        const records = full.trades.filter((t) => (filter.symbol === undefined || t.symbol === filter.symbol) && (filter.side === undefined || t.side === filter.side))
        const expected = reference(records, key)
        const got = computeGroupBreakdown(capped, { by, ...filter }, now)
        assert.equal(got.rows.length, expected.size, `seed ${seed} by ${by}`)
        for (const row of got.rows) {
          const k = by === 'entry_tag,exit_reason' ? `${row.key.entry_tag ?? ''}|${row.key.exit_reason ?? ''}` : String(row.key[by] ?? '')
          const e = expected.get(k)!
          const what = `seed ${seed} by ${by} ${JSON.stringify(filter)} ${k}`
          assert.equal(row.closed_trades, e.n, what)
          assert.equal(row.wins, e.wins, what)
          assert.equal(row.losses, e.losses, what)
          close(row.total_pnl, e.total, what)
          // A late exit older than every record in memory joins in arrival order: drawdown is exact in closing order.
          if (seed % 2 === 0) close(row.max_drawdown, e.dd, what)
          // The settled holding times are a sketch of 1 % relative accuracy: within 1 % of a middle value.
          const [lo, hi] = middles(e.holds)
          const median = row.holding_seconds.median!
          assert.ok(median >= lo * 0.99 - 1e-9 && median <= hi * 1.01 + 1e-9, `${what}: median ${median} vs ${lo}..${hi}`)
        }
        assert.equal(got.total.closed_trades, records.length)
      }
    }
  }
})

test('realized P&L, drawdown and the day\'s P&L include the records that left memory', () => {
  const events = stream(7, 300)
  const capped = new TradeLedger({ tradesInMemory: 16, startingBalance: 5000 })
  for (const e of events) capped.apply(e)
  const full = new TradeLedger({ tradesInMemory: 0, startingBalance: 5000 })
  for (const e of events) full.apply(e)
  const records = [...full.trades]
  let sum = 0
  let peak = 5000
  let equity = 5000
  for (const t of records) { sum += t.pnl; equity += t.pnl; peak = Math.max(peak, equity) }
  close(new MarkToMarket(capped).account().realized_pnl, sum, 'realized')
  close(currentDrawdownPct(capped), (peak - equity) / peak * 100, 'drawdown')
  const day = T0 + 86_400_000
  const daySum = records.filter((t) => t.closed_at >= day && t.closed_at < day + 86_400_000).reduce((a, t) => a + t.pnl, 0)
  close(dailyRealizedPnl(capped, day + 1000), daySum, 'day')
})

test('a window over records still in memory answers as if every record were in memory', () => {
  for (let seed = 2; seed <= 40; seed += 2) {
    const events = stream(seed, 120)
    const capped = new TradeLedger({ tradesInMemory: 30, startingBalance: 2000 })
    const full = new TradeLedger({ tradesInMemory: 0, startingBalance: 2000 })
    for (const e of events) { capped.apply(e); full.apply(e) }
    const sinceMs = capped.trades[0].closed_at + 1
    const untilMs = T0 + 200 * 600_000
    for (const filter of [{}, { symbol: 'S2' }, { side: 'short' }]) {
      const a = computeTradingStatistics(capped, { sinceMs, untilMs, ...filter }, untilMs)
      const b = computeTradingStatistics(full, { sinceMs, untilMs, ...filter }, untilMs)
      const what = `seed ${seed} ${JSON.stringify(filter)}`
      assert.equal(a.closed_trades, b.closed_trades, what)
      assert.equal(a.max_loss_streak, b.max_loss_streak, what)
      close(a.total_pnl, b.total_pnl, what)
      close(a.max_drawdown, b.max_drawdown, what)
      if (b.max_drawdown_pct !== null) close(a.max_drawdown_pct, b.max_drawdown_pct, what)
      if (b.sharpe !== null) close(a.sharpe, b.sharpe, what)
      assert.deepEqual(a.holding_seconds, b.holding_seconds, what)
    }
  }
})

test('window all past memory: the holding median within 1 %, the rest as with every record in memory', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const events = stream(seed, 60 + (seed % 40))
    const capped = new TradeLedger({ tradesInMemory: 8 + (seed % 13), startingBalance: 3000 })
    const full = new TradeLedger({ tradesInMemory: 0, startingBalance: 3000 })
    for (const e of events) { capped.apply(e); full.apply(e) }
    assert.ok(capped.settledCount > 0)
    const now = T0 + 1000 * 600_000
    for (const filter of [{}, { symbol: 'S1' }, { side: 'long' }, { symbol: 'S3', side: 'short' }]) {
      const a = computeTradingStatistics(capped, { window: 'all', ...filter }, now)
      const b = computeTradingStatistics(full, { window: 'all', ...filter }, now)
      const what = `seed ${seed} ${JSON.stringify(filter)}`
      assert.equal(a.closed_trades, b.closed_trades, what)
      close(a.total_pnl, b.total_pnl, what)
      assert.equal(a.holding_seconds.max, b.holding_seconds.max, what)
      if (b.holding_seconds.mean === null) assert.equal(a.holding_seconds.mean, null, what)
      else close(a.holding_seconds.mean, b.holding_seconds.mean, what)
      const holds = full.trades.filter((t) => t.holding_seconds !== null && (filter.symbol === undefined || t.symbol === filter.symbol) &&
        (filter.side === undefined || t.side === filter.side)).map((t) => t.holding_seconds!)
      if (holds.length === 0) { assert.equal(a.holding_seconds.median, null, what); continue }
      // A sketch of 1 % relative accuracy: within 1 % of the exact median, the mean of the middle values (written here: sort, pick).
      const [lo, hi] = middles(holds)
      const exact = lo + 0.5 * (hi - lo)
      const median = a.holding_seconds.median!
      assert.ok(Math.abs(median - exact) <= 0.01 * exact + 1e-9, `${what}: median ${median} vs ${exact}`)
    }
  }
})
