/**
 * One memory measurement in a process of its own (RSS does not shrink
 * back between cases in one process): builds `n` closed positions through a
 * ledger keeping `cap` records in memory (0: all), optionally journaled to
 * SQLite in a temp dir, and prints the process' RSS growth after a full GC
 * as JSON; journaled, also the time a restart takes (open the database,
 * replay the journal into a fresh ledger). Run by bench/trading.bench.ts
 * with --expose-gc.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { SeriesStore, TradeLedger, computeTradingStatistics } from '../src/index.ts'
import { Persistence } from '../src/persist/index.ts'
import { closedPositions } from './trading-events.ts'

const [n, cap, persist] = process.argv.slice(2).map(Number)
const list = closedPositions(n)
global.gc?.()
const rss0 = process.memoryUsage().rss
const dir = persist === 1 ? mkdtempSync(join(os.tmpdir(), 'bm-bench-')) : null
try {
  const ledger = new TradeLedger({ startingBalance: 100_000, tradesInMemory: cap })
  const p = dir === null ? null : Persistence.open(dir, { synchronous: 'normal' })
  p?.restore({ ledger, store: new SeriesStore() })
  const start = process.hrtime.bigint()
  if (p === null) for (const e of list) ledger.apply(e)
  else for (let i = 0; i < list.length; i += 1000) p.batch(() => { for (let k = i; k < Math.min(list.length, i + 1000); k++) ledger.apply(list[k]) })
  const ingestUs = Number(process.hrtime.bigint() - start) / 1e3 / list.length
  if (ledger.recordCount !== n) throw new Error('closed trades missing')
  const stats = computeTradingStatistics(ledger, { window: 'all' }, list[list.length - 1].timestamp + 1000)
  if (stats.closed_trades !== n) throw new Error('window all misses records')
  global.gc?.()
  const rssMb = (process.memoryUsage().rss - rss0) / 1e6
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
  process.stdout.write(JSON.stringify({ rssMb, ingestUs, inMemory: ledger.trades.length, restartS }) + '\n')
} finally {
  if (dir !== null) rmSync(dir, { recursive: true, force: true })
}
