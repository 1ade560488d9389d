import { test } from 'node:test'
import assert from 'node:assert/strict'
import { seededRandom } from '../../../src/core/seeded-random.ts'
import { HourColumns } from '../../../src/trading/hour-columns.ts'
import { HourCell } from '../../../src/trading/hour-cell.ts'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import type { ClosedTrade } from '../../../src/trading/trade-records.ts'
import type { TradeEvent } from '../../../src/trading/trade-event.ts'

const T0 = Date.UTC(2024, 0, 1)

/** Closed records of a seeded stream: stops or none, price moves between fills, partial exits, orphans, break-evens, equal holding times. */
function records (seed: number): ReadonlyArray<Readonly<ClosedTrade>> {
  const r = seededRandom(seed)
  const ledger = new TradeLedger({ tradesInMemory: 0 })
  let at = T0
  for (let i = 0; i < 80; i++) {
    const symbol = `S${Math.floor(r() * 3)}`
    const side = r() < 0.5 ? 'long' : 'short'
    const price = 100 + Math.floor(r() * 20)
    const base = { symbol, side, pnl: null, fees: 0.05, trade_id: `t${i}`, metadata: null }
    if (r() < 0.1) {
      // An exit the ledger never saw open: no holding time, no excursions.
      ledger.apply({ ...base, trade_id: `o${i}`, event: 'closed', quantity: 1, price, pnl: r() < 0.3 ? 0 : r() * 10 - 5, timestamp: at += 1000 } as TradeEvent)
      continue
    }
    const stop = r() < 0.6 ? { stop_price: side === 'long' ? price * 0.97 : price * 1.03 } : {}
    ledger.apply({ ...base, event: 'opened', quantity: 2, price, timestamp: at += 1000, ...stop } as TradeEvent)
    ledger.observePrice(symbol, price * (0.95 + r() * 0.1))
    const hold = r() < 0.3 ? 60_000 : Math.floor(r() * 900_000)
    if (r() < 0.4) ledger.apply({ ...base, event: 'reduced', quantity: 1, price: price * (0.98 + r() * 0.04), timestamp: at + hold / 2 } as TradeEvent)
    ledger.apply({ ...base, event: 'closed', quantity: 0, price: r() < 0.15 ? price : price * (0.96 + r() * 0.08), timestamp: at + hold } as TradeEvent)
  }
  return ledger.trades
}

test('a packed cell reads back as the object cell fed the same records (200 seeded streams)', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const list = records(seed)
    const columns = new HourColumns()
    // Several cells, records spread over them in turn: the bin lists of cells interleave.
    const cells = [new HourCell(), new HourCell(), new HourCell()]
    const index = cells.map(() => columns.addCell())
    for (let i = 0; i < list.length; i++) {
      const k = (i * 7 + seed) % 3
      cells[k].add(list[i])
      columns.add(index[k], list[i])
      if (i === 40) columns.trim()
    }
    for (let k = 0; k < 3; k++) {
      const got = columns.cell(index[k])
      const want = cells[k]
      const what = `seed ${seed} cell ${k}`
      assert.deepEqual({ ...got, bins: null, excursions: null }, { ...want, bins: null, excursions: null }, what)
      assert.deepEqual(new Map([...got.bins ?? []].sort((a, b) => a[0] - b[0])), new Map([...want.bins ?? []].sort((a, b) => a[0] - b[0])), `${what} bins`)
      assert.equal(got.excursions === null, want.excursions === null, `${what} excursions`)
      if (want.excursions !== null) assert.deepEqual(got.excursions!.figures(), want.excursions.figures(), `${what} excursions`)
    }
  }
})

test('the records of the streams carry what the packed cells keep apart', () => {
  const all = Array.from({ length: 20 }, (_, s) => records(s + 1)).flat()
  assert.ok(all.some((t) => t.r_multiple !== null) && all.some((t) => t.mae !== null && t.r_multiple === null))
  assert.ok(all.some((t) => t.holding_seconds === null) && all.some((t) => t.outcome === 'break_even'))
})
