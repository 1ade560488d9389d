/**
 * One memory measurement in a process of its own (RSS does not shrink
 * back between cases in one process): builds `n` closed positions through a
 * ledger keeping `cap` records in memory (0: all), optionally journaled to
 * SQLite in a temp dir, and prints as JSON the process' RSS after a full
 * GC, as growth over the same process before the ledger existed and in
 * total; journaled, also the time a restart takes (open the database,
 * replay the journal into a fresh ledger). The events are made a few at a
 * time as they are fed, as a bot sends them: a list of all 2,000,000 held
 * by the bench would be most of the process and die old. Run by
 * bench/trading.bench.ts with --expose-gc.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { SeriesStore, TradeLedger, computeTradingStatistics } from '../src/index.ts'
import { Persistence } from '../src/persist/index.ts'
import { closedPositions } from './trading-events.ts'

/** Positions made per slice: 200 events, short-lived as a request's. */
const SLICE = 100

const [n, cap, persist] = process.argv.slice(2).map(Number)
const dir = persist === 1 ? mkdtempSync(join(os.tmpdir(), 'bm-bench-')) : null
try {
  // The baseline: the runtime, the library loaded and the database open.
  const p = dir === null ? null : Persistence.open(dir, { synchronous: 'normal' })
  global.gc?.()
  const rss0 = process.memoryUsage().rss
  const ledger = new TradeLedger({ startingBalance: 100_000, tradesInMemory: cap })
  p?.restore({ ledger, store: new SeriesStore() })
  let last = 0
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i += SLICE) {
    const list = closedPositions(Math.min(SLICE, n - i), i)
    if (p === null) for (const e of list) ledger.apply(e)
    else p.batch(() => { for (const e of list) ledger.apply(e) })
    last = list[list.length - 1].timestamp
  }
  const ingestUs = Number(process.hrtime.bigint() - start) / 1e3 / (2 * n)
  if (ledger.recordCount !== n) throw new Error('closed trades missing')
  const stats = computeTradingStatistics(ledger, { window: 'all' }, last + 1000)
  if (stats.closed_trades !== n) throw new Error('window all misses records')
  global.gc?.()
  const m = process.memoryUsage()
  const rssMb = (m.rss - rss0) / 1e6
  const totalMb = m.rss / 1e6
  const heapMb = m.heapUsed / 1e6
  const buffersMb = m.arrayBuffers / 1e6
  p?.close()
  let restartS: number | null = null
  if (dir !== null) {
    const s0 = process.hrtime.bigint()
    const again = Persistence.open(dir)
    const fresh = new TradeLedger({ startingBalance: 100_000, tradesInMemory: cap })
    again.restore({ ledger: fresh, store: new SeriesStore() })
    restartS = Number(process.hrtime.bigint() - s0) / 1e9
    if (fresh.recordCount !== n) throw new Error('restart lost records')
    again.close()
  }
  process.stdout.write(JSON.stringify({ rssMb, totalMb, heapMb, buffersMb, baseMb: rss0 / 1e6, ingestUs, inMemory: ledger.trades.length, restartS }) + '\n')
} finally {
  if (dir !== null) rmSync(dir, { recursive: true, force: true })
}
