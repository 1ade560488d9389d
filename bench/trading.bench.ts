import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { SeriesStore, TradeLedger, computeTradingStatistics } from '../src/index.ts'
import { Persistence } from '../src/persist/index.ts'
import type { TradeEvent } from '../src/index.ts'
import { fmt } from './harness.ts'
import type { Section } from './harness.ts'

const EVENTS = 100_000
const BATCH = 100
// fsync per commit runs at a few hundred to a few thousand commits a second
// on this disk: 100,000 of them would take minutes, so that case runs fewer.
const FSYNC_EACH_EVENTS = 5_000

/** opened, reduced, closed per position over 50 symbols, one second apart. */
function events (n: number): TradeEvent[] {
  const out: TradeEvent[] = []
  const t0 = Date.UTC(2024, 0, 1)
  for (let i = 0; out.length < n; i++) {
    const symbol = `SYM${i % 50}USDT`
    const side = i % 3 === 0 ? 'short' : 'long'
    const base = 100 + (i % 17)
    const at = t0 + out.length * 1000
    const e = (event: string, quantity: number, price: number, dt: number): TradeEvent =>
      ({ event, symbol, side, quantity, price, pnl: null, fees: 0.01, trade_id: null, timestamp: at + dt, metadata: null })
    out.push(e('opened', 2, base, 0), e('reduced', 1, base * 1.01, 1000), e('closed', 0, base * (i % 2 === 0 ? 1.02 : 0.98), 2000))
  }
  return out.slice(0, n)
}

interface Run { name: string, seconds: number, events: number }

function ingest (name: string, list: TradeEvent[], mode: 'memory' | 'full' | 'normal', batch: number): Run {
  const dir = mkdtempSync(join(os.tmpdir(), 'bm-bench-'))
  try {
    const ledger = new TradeLedger()
    const p = mode === 'memory' ? null : Persistence.open(dir, { synchronous: mode })
    p?.restore({ ledger, store: new SeriesStore() })
    const start = process.hrtime.bigint()
    if (p !== null && batch > 1) {
      for (let i = 0; i < list.length; i += batch) {
        const end = Math.min(list.length, i + batch)
        p.batch(() => { for (let k = i; k < end; k++) ledger.apply(list[k]) })
      }
    } else {
      for (const e of list) ledger.apply(e)
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    p?.close()
    if (ledger.trades.length === 0) throw new Error('no trades built')
    return { name, seconds, events: list.length }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Restart: open the database, replay the journal of `list` into a fresh ledger. */
function replay (list: TradeEvent[]): { seconds: number, trades: number, statsMs: number } {
  const dir = mkdtempSync(join(os.tmpdir(), 'bm-bench-'))
  try {
    const writer = Persistence.open(dir, { synchronous: 'normal' })
    const ledger = new TradeLedger()
    writer.restore({ ledger, store: new SeriesStore() })
    writer.batch(() => { for (const e of list) ledger.apply(e) })
    writer.close()
    const start = process.hrtime.bigint()
    const reader = Persistence.open(dir)
    const fresh = new TradeLedger({ startingBalance: 100_000 })
    reader.restore({ ledger: fresh, store: new SeriesStore() })
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    const now = list[list.length - 1].timestamp
    const s0 = process.hrtime.bigint()
    const rounds = 20
    for (let i = 0; i < rounds; i++) computeTradingStatistics(fresh, { window: 'all' }, now)
    const statsMs = Number(process.hrtime.bigint() - s0) / 1e6 / rounds
    reader.close()
    return { seconds, trades: fresh.trades.length, statsMs }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Ingest of 100,000 trade events through the ledger, with and without the SQLite journal. */
export function tradingIngestBench (): Section {
  const list = events(EVENTS)
  ingest('warm-up', list.slice(0, 5000), 'normal', 1)
  const runs = [
    ingest('ledger only (no persistence)', list, 'memory', 1),
    ingest(`SQLite, synchronous=full, one commit per event (${FSYNC_EACH_EVENTS.toLocaleString('en-US')} events)`,
      list.slice(0, FSYNC_EACH_EVENTS), 'full', 1),
    ingest('SQLite, synchronous=normal, one commit per event', list, 'normal', 1),
    ingest(`SQLite, synchronous=full, batches of ${BATCH}`, list, 'full', BATCH)
  ]
  const restart = replay(list)
  const rate = (r: Run): number => r.events / r.seconds
  return {
    title: 'Trade events: ingest 100,000 (ledger + SQLite journal)',
    table: [
      ['case', 'events/s', 'µs/event', 'total s'],
      ...runs.map((r) => [r.name, fmt(rate(r), 0), fmt(r.seconds / r.events * 1e6, 2), fmt(r.seconds, 2)])
    ],
    notes: [
      `${EVENTS.toLocaleString('en-US')} events (opened, reduced, closed over 50 symbols) unless noted, one run each, on a temp dir on this machine's disk.`,
      'synchronous=full fsyncs every commit (an acknowledged event survives a power loss); normal survives a killed process, not an OS crash; a batch (POST /events array) is one commit.',
      `Restart: opening the database and replaying ${EVENTS.toLocaleString('en-US')} journaled events into a fresh ledger took ${fmt(restart.seconds, 2)} s (${restart.trades.toLocaleString('en-US')} closed trade records).`,
      `Statistics over those ${restart.trades.toLocaleString('en-US')} records (window all, with Sharpe/Sortino/Calmar): ${fmt(restart.statsMs, 2)} ms a call.`
    ]
  }
}
