import { test } from 'node:test'
import assert from 'node:assert/strict'
import { seededRandom } from '../../../src/core/seeded-random.ts'
import { HourCoverage } from '../../../src/trading/hour-coverage.ts'
import { SpanUnion } from '../../../src/trading/span-union.ts'
import { openPositionsAt, timeInMarketPct } from '../../../src/trading/time-in-market.ts'
import type { TradeEvent } from '../../../src/trading/trade-event.ts'
import type { ResolvedFilter } from '../../../src/trading/trade-selection.ts'
import { computeTradingStatistics } from '../../../src/trading/trading-statistics.ts'
import { close, ledgerOf } from './helpers.ts'

/**
 * time_in_market_pct and open_positions against a recomputation from the
 * events alone (docs/TRADING_METRICS.md, "Time in market and open
 * positions"): exact with every record in memory and wherever the window
 * ends lie at or after the ledger's fold boundary; within a quarter hour of
 * market time for each end inside a folded hour, and for open_positions
 * within the positions of the filter that opened or closed in that hour.
 */

const HOUR = 3_600_000
const MIN = 60_000

interface Span { symbol: string, side: 'long' | 'short', from: number, to: number | null }

/** Positions over 4 symbols, both sides, held minutes to two days, overlapping, partial exits, scale-ins, orphans; some exits arrive late. */
function generate (seed: number): { events: TradeEvent[], spans: Span[], end: number } {
  const r = seededRandom(seed)
  const spans: Span[] = []
  const timed: Array<{ at: number, order: number, e: TradeEvent }> = []
  let t = Date.UTC(2024, 2, 1) + Math.floor(r() * HOUR)
  const push = (e: TradeEvent, late: boolean): void => { timed.push({ at: late ? e.timestamp + 6 * HOUR : e.timestamp, order: timed.length, e }) }
  const positions = 40 + Math.floor(r() * 60)
  const openKeys = new Set<string>()
  for (let i = 0; i < positions; i++) {
    t += Math.floor(r() ** 2 * 3 * HOUR)
    const symbol = `S${Math.floor(r() * 4)}`
    const side = r() < 0.5 ? 'long' : 'short'
    const key = `${symbol}/${side}`
    if (r() < 0.05) {
      push({ event: 'closed', symbol, side, quantity: 1, price: 100, pnl: 1, fees: 0, trade_id: `orphan${i}`, timestamp: t, metadata: null }, false)
      continue
    }
    // One position per symbol and side at a time (trade ids keep them apart anyway).
    if (openKeys.has(key)) continue
    const hold = r() < 0.2 ? Math.floor(r() * 48 * HOUR) : Math.floor(r() * 90 * MIN)
    const base = { symbol, side, pnl: null, fees: 0.1, trade_id: `p${i}`, metadata: null }
    push({ ...base, event: 'opened', quantity: 2, price: 100, timestamp: t }, false)
    if (r() < 0.2) push({ ...base, event: 'opened', quantity: 1, price: 101, timestamp: t + Math.floor(hold / 3) }, false)
    if (r() < 0.3) push({ ...base, event: 'reduced', quantity: 1, price: 102, timestamp: t + Math.floor(hold / 2) }, false)
    const stillOpen = r() < 0.1
    if (!stillOpen) push({ ...base, event: 'closed', quantity: 0, price: 103, timestamp: t + hold }, r() < 0.15)
    else openKeys.add(key)
    spans.push({ symbol, side, from: t, to: stillOpen ? null : t + hold })
  }
  timed.sort((a, b) => a.at - b.at || a.order - b.order)
  return { events: timed.map((x) => x.e), spans, end: Math.max(...timed.map((x) => x.e.timestamp)) }
}

function matches (s: Span, f: ResolvedFilter): boolean {
  return (f.symbol === null || s.symbol === f.symbol) && (f.side === null || s.side === f.side)
}

/** Union of the spans of the filter within [since, until], by sorting and merging, percent of the window. */
function referencePct (spans: readonly Span[], since: number, until: number, f: ResolvedFilter): number {
  const clipped = spans.filter((s) => matches(s, f))
    .map((s) => [Math.max(s.from, since), Math.min(s.to ?? until, until)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0])
  let covered = 0
  let curA = NaN
  let curB = NaN
  for (const [a, b] of clipped) {
    if (Number.isNaN(curA) || a > curB) {
      if (!Number.isNaN(curA)) covered += curB - curA
      curA = a
      curB = b
    } else if (b > curB) curB = b
  }
  if (!Number.isNaN(curA)) covered += curB - curA
  return covered / (until - since) * 100
}

function referenceOpenAt (spans: readonly Span[], at: number, f: ResolvedFilter): number {
  return spans.filter((s) => matches(s, f) && s.from <= at && (s.to === null || s.to > at)).length
}

const FILTERS: ResolvedFilter[] = [
  { symbol: null, side: null },
  { symbol: 'S1', side: null },
  { symbol: null, side: 'long' },
  { symbol: 'S2', side: 'short' }
]

test('time in market and positions open at a moment equal a recomputation on 200 seeded streams', () => {
  let folded = 0
  let cut = 0
  for (let seed = 1; seed <= 200; seed++) {
    const { events, spans, end } = generate(seed)
    const every = ledgerOf(events, { tradesInMemory: 0 })
    const capped = ledgerOf(events, { tradesInMemory: 8 })
    const exactFrom = capped.holding.exactFrom
    if (exactFrom > -Infinity) folded++
    const r = seededRandom(seed * 7919)
    const first = spans.length > 0 ? Math.min(...spans.map((s) => s.from)) : end
    for (let k = 0; k < 12; k++) {
      const a = first - HOUR + Math.floor(r() * (end - first + 2 * HOUR))
      const b = first - HOUR + Math.floor(r() * (end - first + 2 * HOUR))
      // Some ends on hour boundaries: those are exact even inside folded hours.
      const since = k % 4 === 0 ? Math.floor(Math.min(a, b) / HOUR) * HOUR : Math.min(a, b)
      const until = Math.max(a, b) + 1
      for (const f of FILTERS) {
        const what = `seed ${seed}, [${since}, ${until}], ${f.symbol}/${f.side}`
        const expected = referencePct(spans, since, until, f)
        close(timeInMarketPct(every, since, until, f), expected, `every record in memory: ${what}`)
        const inside = [since, until].filter((x) => x < exactFrom && x % HOUR !== 0).length
        cut += inside
        const bound = inside * 15 * MIN / (until - since) * 100 + 1e-9
        const got = timeInMarketPct(capped, since, until, f) as number
        assert.ok(Math.abs(got - expected) <= bound, `${what}: ${got} vs ${expected}, bound ${bound}`)

        assert.equal(openPositionsAt(every, until, f), referenceOpenAt(spans, until, f), `open at, every record: ${what}`)
        const opensAt = referenceOpenAt(spans, until, f)
        if (until >= exactFrom) {
          assert.equal(openPositionsAt(capped, until, f), opensAt, `open at: ${what}`)
        } else {
          const h = Math.floor(until / HOUR)
          const moved = spans.filter((s) => matches(s, f) && (Math.floor(s.from / HOUR) === h || (s.to !== null && Math.floor(s.to / HOUR) === h))).length
          assert.ok(Math.abs(openPositionsAt(capped, until, f) - opensAt) <= moved, `open at, folded hour: ${what}`)
        }
      }
    }
  }
  // The streams do exercise folding and windows that end inside folded hours.
  assert.ok(folded > 150, `folded in ${folded} streams`)
  assert.ok(cut > 500, `${cut} window ends inside folded hours`)
})

test('/trading carries the time in market and open positions of a window ending in the past', () => {
  const t0 = Date.UTC(2024, 0, 1)
  const ev = (event: string, symbol: string, at: number): TradeEvent =>
    ({ event, symbol, side: 'long', quantity: event === 'closed' ? 0 : 1, price: 100, pnl: null, fees: 0, trade_id: null, timestamp: at, metadata: null })
  // A held [0 h, 10 h], B held [2 h, 3 h]; then 30 short positions an hour apart push them out of memory.
  const events = [ev('opened', 'A', t0), ev('opened', 'B', t0 + 2 * HOUR), ev('closed', 'B', t0 + 3 * HOUR), ev('closed', 'A', t0 + 10 * HOUR)]
  for (let i = 0; i < 30; i++) events.push(ev('opened', `C${i}`, t0 + (20 + i) * HOUR), ev('closed', `C${i}`, t0 + (20 + i) * HOUR + 6 * MIN))
  const ledger = ledgerOf(events, { tradesInMemory: 4 })
  assert.ok(ledger.holding.exactFrom > t0 + 10 * HOUR, 'A and B are folded')
  const s = computeTradingStatistics(ledger, { sinceMs: t0, untilMs: t0 + 5 * HOUR }, t0 + 60 * HOUR)
  assert.equal(s.open_positions, 1)
  close(timeInMarketPct(ledger, t0, t0 + 20 * HOUR, { symbol: null, side: null }), 50)
  close(timeInMarketPct(ledger, t0 + 2 * HOUR, t0 + 4 * HOUR, { symbol: 'B', side: null }), 50)
  // 30 positions of 6 min in 30 h: 10 %, all of them still exact.
  close(timeInMarketPct(ledger, t0 + 20 * HOUR, t0 + 50 * HOUR, { symbol: null, side: null }), 10)
})

test('a span union merges touching and overlapping spans in any order', () => {
  const r = seededRandom(42)
  for (let round = 0; round < 50; round++) {
    const u = new SpanUnion()
    const spans: Array<[number, number]> = []
    for (let i = 0; i < 40; i++) {
      const a = Math.floor(r() * 1000)
      const b = a + Math.floor(r() * 60)
      spans.push([a, b])
      u.add(a, b)
    }
    for (let x = -10; x <= 1100; x += 7) {
      // Brute force: the covered unit cells before x.
      const cells = new Set<number>()
      for (const [a, b] of spans) for (let c = a; c < Math.min(b, x); c++) cells.add(c)
      assert.equal(u.coveredBefore(x), cells.size, `round ${round}, x ${x}`)
    }
    let taken = 0
    u.takeBefore(500, (a, b) => { taken += b - a })
    const cells = new Set<number>()
    for (const [a, b] of spans) for (let c = a; c < Math.min(b, 500); c++) cells.add(c)
    assert.equal(taken, cells.size)
    assert.equal(u.coveredBefore(500), 0)
  }
})

test('an hour covered whole by a span that arrives after the hour was folded is exact', () => {
  const h = new HourCoverage()
  h.add(10, 20 * MIN, 1, 1)
  h.cover(10, HOUR)
  close(h.coveredIn(10 * HOUR, 11 * HOUR), HOUR)
  h.cover(12, 30 * MIN)
  close(h.coveredIn(12 * HOUR, 13 * HOUR), 30 * MIN)
  // Half an hour covered somewhere in the hour: its first half holds 0 to 30 min of it.
  close(h.coveredIn(12 * HOUR, 12 * HOUR + 30 * MIN), 15 * MIN)
})
