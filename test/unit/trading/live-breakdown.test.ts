import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { computeGroupBreakdown } from '../../../src/trading/breakdown.ts'
import type { ClosedTrade } from '../../../src/trading/trade-records.ts'
import type { TradeEvent } from '../../../src/trading/trade-event.ts'
import { close, seededPositions } from './helpers.ts'

const T0 = Date.UTC(2024, 0, 1)
const NOW = T0 + 10_000 * 600_000

/** The shared seeded stream: 4 symbols, odd seeds deliver some exits late. */
function stream (seed: number, positions: number): TradeEvent[] {
  return seededPositions(seed, positions, T0, 4, 0.15)
}

interface Expected { n: number, wins: number, losses: number, total: number, dd: number, holds: number[] }

/** Reference rows written here: group the records, sum, and walk each group's P&L curve in closing order. */
function reference (records: readonly ClosedTrade[], key: (t: ClosedTrade) => string): { rows: Map<string, Expected>, total: Expected } {
  const sorted = [...records].sort((a, b) => a.closed_at - b.closed_at || a.id - b.id)
  const rows = new Map<string, Expected & { peak: number }>()
  const total = { n: 0, wins: 0, losses: 0, total: 0, dd: 0, holds: [] as number[], peak: 0 }
  for (const t of sorted) {
    let r = rows.get(key(t))
    if (r === undefined) { r = { n: 0, wins: 0, losses: 0, total: 0, dd: 0, holds: [], peak: 0 }; rows.set(key(t), r) }
    for (const x of [r, total]) {
      x.n++
      if (t.pnl > 1e-9) x.wins++
      else if (t.pnl < -1e-9) x.losses++
      x.total += t.pnl
      x.peak = Math.max(x.peak, x.total)
      x.dd = Math.max(x.dd, x.peak - x.total)
      if (t.holding_seconds !== null) x.holds.push(t.holding_seconds)
    }
  }
  return { rows, total }
}

/** Type 7 median, written here. */
function median (values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const h = (s.length - 1) / 2
  const lo = Math.floor(h)
  return s[lo] + (h - lo) * ((s[lo + 1] ?? s[lo]) - s[lo])
}

const GROUPINGS = [
  ['symbol', (t: ClosedTrade) => t.symbol],
  ['strategy', (t: ClosedTrade) => t.strategy ?? ''],
  ['entry_tag,exit_reason', (t: ClosedTrade) => `${t.entry_tag ?? ''}|${t.exit_reason ?? ''}`]
] as const
const FILTERS = [{}, { symbol: 'S1' }, { side: 'short' }]

/** Asserts a breakdown's figures against the reference; `exact`: every record in memory and in closing order. */
function check (got: ReturnType<typeof computeGroupBreakdown>, want: ReturnType<typeof reference>, by: string, exact: boolean, at: string): void {
  assert.equal(got.rows.length, want.rows.size, at)
  const pairs: Array<[typeof got.total, Expected, string]> = [[got.total, want.total, `${at} total`]]
  for (const row of got.rows) {
    const k = by === 'entry_tag,exit_reason' ? `${row.key.entry_tag ?? ''}|${row.key.exit_reason ?? ''}` : String(row.key[by as 'symbol'] ?? '')
    assert.ok(want.rows.has(k), `${at}: row ${k}`)
    pairs.push([row, want.rows.get(k)!, `${at} ${k}`])
  }
  for (const [figures, e, what] of pairs) {
    assert.equal(figures.closed_trades, e.n, what)
    assert.equal(figures.wins, e.wins, what)
    assert.equal(figures.losses, e.losses, what)
    close(figures.total_pnl, e.total, what)
    close(figures.holding_seconds.max, Math.max(...e.holds), what)
    close(figures.holding_seconds.mean, e.holds.reduce((a, b) => a + b, 0) / e.holds.length, what)
    if (exact) {
      close(figures.max_drawdown, e.dd, what)
      close(figures.holding_seconds.median, median(e.holds), what)
    } else {
      const m = median(e.holds)
      assert.ok(Math.abs(figures.holding_seconds.median! - m) <= 0.011 * m + 1e-9 || e.holds.length % 2 === 0, `${what}: median`)
    }
  }
  for (let i = 1; i < got.rows.length; i++) assert.ok(got.rows[i - 1].total_pnl >= got.rows[i].total_pnl, at)
}

test('window all, read after every few events (late exits, records leaving memory), agrees with a reference at each read', () => {
  for (let seed = 1; seed <= 36; seed++) {
    const events = stream(seed, 40 + (seed % 25))
    const capped = seed % 3 === 0
    const ledger = new TradeLedger({ tradesInMemory: capped ? 6 + (seed % 7) : 0 })
    const full = new TradeLedger({ tradesInMemory: 0 })
    let late = false
    for (let i = 0; i < events.length; i++) {
      const before = full.trades.at(-1)?.closed_at ?? -Infinity
      ledger.apply(events[i])
      full.apply(events[i])
      if ((full.trades.at(-1)?.closed_at ?? -Infinity) === before && full.trades.length > 0 && events[i].event !== 'opened') late = true
      if ((i * 7 + seed) % 4 !== 0) continue
      for (const [by, key] of GROUPINGS) {
        for (const filter of FILTERS) {
          const records = full.trades.filter((t) => (filter.symbol === undefined || t.symbol === filter.symbol) && (filter.side === undefined || t.side === filter.side))
          if (records.length === 0) continue
          const got = computeGroupBreakdown(ledger, { by, ...filter }, NOW)
          // A late exit older than every record in memory joins the records out of memory in arrival order.
          check(got, reference(records, key), by, !capped || (!late && ledger.settledCount === 0), `seed ${seed} event ${i} by ${by} ${JSON.stringify(filter)}`)
          if (capped && !late) close(got.total.max_drawdown, reference(records, key).total.dd, 'capped drawdown')
        }
      }
    }
  }
})

test('a window all that ends before the newest record leaves the newer records out', () => {
  const ledger = new TradeLedger()
  for (const e of stream(4, 30)) ledger.apply(e)
  const cut = ledger.trades[20].closed_at
  const got = computeGroupBreakdown(ledger, { by: 'symbol', untilMs: cut }, NOW)
  const records = ledger.trades.filter((t) => t.closed_at <= cut)
  check(got, reference(records, (t) => t.symbol), 'symbol', true, 'until')
  // And window all up to now, read again after a clear, starts over.
  computeGroupBreakdown(ledger, { by: 'symbol' }, NOW)
  ledger.clear()
  assert.deepEqual(computeGroupBreakdown(ledger, { by: 'symbol' }, NOW).rows, [])
  for (const e of stream(6, 5)) ledger.apply(e)
  check(computeGroupBreakdown(ledger, { by: 'symbol' }, NOW), reference(ledger.trades, (t) => t.symbol), 'symbol', true, 'after clear')
})
