import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MarkToMarket, MetricsLogger, SeriesStore, TradeLedger, computeGroupBreakdown, computeTradingStatistics } from '../src/index.ts'
import { buildApp } from '../src/http/app.ts'
import { Persistence } from '../src/persist/index.ts'
import type { ClosedTrade, TradeEvent } from '../src/index.ts'
import { groupClosedTrades, parseBreakdownBy, settledGroupsOf } from '../src/trading/breakdown.ts'
import { SEMI_SPACE_FLAG } from '../src/malloc-tuning.ts'
import { fmt } from './harness.ts'
import { closedPositions } from './trading-events.ts'
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
    return { seconds, trades: fresh.recordCount, statsMs }
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

const MEMORY_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'trading-memory.ts')

interface MemoryRun {
  /** RSS after a full GC, growth over the process before the ledger; and in total. */
  rssMb: number
  totalMb: number
  /** The collected heap in use and the array buffers after that GC. */
  heapMb: number
  buffersMb: number
  /** RSS of the process before the ledger: the runtime, the library and the database open. */
  baseMb: number
  ingestUs: number
  inMemory: number
  restartS: number | null
}

/** RSS of a process that builds `n` closed positions with `cap` records kept in memory, after a full GC (and its restart time, journaled). */
function memoryRun (n: number, cap: number, persist: boolean, nodeArgs: readonly string[] = []): MemoryRun {
  const out = execFileSync(process.execPath, ['--expose-gc', ...nodeArgs, MEMORY_SCRIPT, String(n), String(cap), persist ? '1' : '0'], { encoding: 'utf8', maxBuffer: 1 << 20 })
  return JSON.parse(out) as MemoryRun
}

/** p99 of `calls` timed calls of `f`, each after `before` (not timed). */
function p99Ms (f: () => void, calls: number, before: () => void = () => {}): number {
  // The call's own cost, not the debt of what came before: building a
  // 1,000,000-record ledger leaves the collector work that would land in
  // the first calls timed. Then warm-up calls, so both sizes time code the
  // JIT has compiled.
  globalThis.gc?.()
  for (let i = 0; i < Math.min(calls, 100); i++) { before(); f() }
  const ms: number[] = []
  for (let i = 0; i < calls; i++) {
    before()
    const s = process.hrtime.bigint()
    f()
    ms.push(Number(process.hrtime.bigint() - s) / 1e6)
  }
  return p99Of(ms)
}

async function p99MsAsync (f: () => Promise<void>, calls: number): Promise<number> {
  globalThis.gc?.()
  for (let i = 0; i < Math.min(calls, 100); i++) await f()
  const ms: number[] = []
  for (let i = 0; i < calls; i++) {
    const s = process.hrtime.bigint()
    await f()
    ms.push(Number(process.hrtime.bigint() - s) / 1e6)
  }
  return p99Of(ms)
}

function p99Of (ms: number[]): number {
  ms.sort((a, b) => a - b)
  return ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.99) - 1)]
}

/**
 * The peer of the ingest figures: the same ledger with its closed records
 * appended to a plain array, as before any running figure existed (no
 * running statistics, breakdown, hour or arrival figures, every record kept).
 */
function recordsOnlyLedger (): TradeLedger {
  const ledger = new TradeLedger({ startingBalance: 100_000, tradesInMemory: 0 })
  const records = ledger.book.records as Array<Readonly<ClosedTrade>>
  ;(ledger.book as unknown as { insert: (t: Readonly<ClosedTrade>) => void }).insert = (t) => { records.push(t) }
  return ledger
}

const INGEST_POSITIONS = 200_000

/** CPU µs per event of three ledgers fed the same events, interleaved over 3 rounds: the medians. */
function ingestSideBySide (): Array<[string, number]> {
  const list = closedPositions(INGEST_POSITIONS)
  const cases: Array<[string, () => TradeLedger]> = [
    ['records only (the peer: no running figures)', recordsOnlyLedger],
    ['every record in memory (tradesInMemory 0)', () => new TradeLedger({ startingBalance: 100_000, tradesInMemory: 0 })],
    ['newest 10,000 in memory (the default)', () => new TradeLedger({ startingBalance: 100_000 })]
  ]
  const us = cases.map((): number[] => [])
  for (let round = 0; round < 3; round++) {
    cases.forEach(([, make], i) => {
      const ledger = make()
      // CPU time, not wall time: other processes on a shared machine do not count.
      const c = process.cpuUsage()
      for (const e of list) ledger.apply(e)
      const d = process.cpuUsage(c)
      us[i].push((d.user + d.system) / list.length)
      if (ledger.recordCount !== INGEST_POSITIONS && ledger.trades.length !== INGEST_POSITIONS) throw new Error('records missing')
    })
  }
  return cases.map(([name], i) => [name, us[i].sort((a, b) => a - b)[1]])
}

/** The events the service would have seen last, through the logger: its equity and trade series full as in the service. */
const THROUGH_LOGGER = 20_000

/**
 * A MetricsLogger holding `n` closed positions: all but the last events
 * applied to its ledger directly (a million through the logger would take
 * minutes), the last through `logTrade`, as the service records them.
 */
function loggerWith (n: number): { logger: MetricsLogger, now: () => number, advance: (positions: number) => void } {
  let clock = 0
  const logger = new MetricsLogger({ sampler: false, health: false, clock: { now: () => clock }, trading: { startingBalance: 100_000 } })
  let fed = 0
  const feed = (positions: number, direct: boolean): void => {
    for (let done = 0; done < positions;) {
      const step = Math.min(10_000, positions - done)
      for (const e of closedPositions(step, fed)) {
        clock = e.timestamp
        if (direct) logger.trades.apply(e)
        else logger.logTrade(e as Parameters<MetricsLogger['logTrade']>[0])
      }
      fed += step
      done += step
    }
  }
  const direct = Math.max(0, n - THROUGH_LOGGER / 2)
  feed(direct, true)
  feed(n - direct, false)
  clock += 1000
  return { logger, now: () => clock, advance: (positions) => feed(positions, false) }
}

/**
 * GET /api/metrics/trading at 1,000 and 1,000,000 closed trades with the
 * default 10,000 records in memory: what the route runs (the statistics
 * and the account figures), window `all` from the running figures, `7d`
 * and a since/until over everything from the hour cells and the records in
 * memory; and the whole route through Fastify's inject.
 */
export async function tradingStatisticsBench (): Promise<Section> {
  const rows: string[][] = []
  const notes: string[] = []
  for (const n of [1_000, 1_000_000]) {
    const { logger, now, advance } = loggerWith(n)
    const app = await buildApp({ logger, logLevel: 'silent', security: { rateLimits: { read: null, scrape: null, ingest: null, admin: null } } })
    try {
      // As many calls at both sizes: the p99 of 200 calls is their second slowest, of 2,000 their twentieth.
      const calls = 2000
      const instant = p99Ms(() => logger.getTradingStatistics({ window: 'all' }), calls)
      const perSymbol = p99Ms(() => logger.getTradingStatistics({ window: 'all', symbol: 'SYM7USDT', side: 'long' }), calls)
      const week = p99Ms(() => logger.getTradingStatistics({ window: '7d' }), n > 10_000 ? 50 : 500)
      const span = p99Ms(() => logger.getTradingStatistics({ sinceMs: 0, untilMs: now() }), n > 10_000 ? 50 : 500)
      // After a trade closes: one more position before each call, so every call finds the ledger and the equity series changed.
      const changed = p99Ms(() => logger.getTradingStatistics({ window: 'all' }), 500, () => advance(1))
      const route = await p99MsAsync(async () => {
        const res = await app.inject('/api/metrics/trading?window=all')
        if (res.statusCode !== 200) throw new Error(`GET /trading answered ${res.statusCode}`)
      }, calls)
      rows.push([n.toLocaleString('en-US'), fmt(instant, 3), fmt(perSymbol, 3), fmt(changed, 3), fmt(route, 3), fmt(week, 2), fmt(span, 2)])
      if (logger.trades.recordCount < n) throw new Error('closed trades missing')
    } finally {
      await app.close()
      logger.close()
    }
  }
  const ingest = ingestSideBySide()
  const peer = ingest[0][1]
  for (const [name, us] of ingest) notes.push(`Ingest, ${name}: ${fmt(us, 2)} µs/event (${fmt(us / peer, 2)}x the peer).`)
  const memory = [
    ['every record in memory (tradesInMemory 0)', memoryRun(1_000_000, 0, false)],
    ['newest 10,000 in memory (the default)', memoryRun(1_000_000, 10_000, false)],
    ['newest 10,000 in memory, SQLite journal and settled records (the service\'s default, without its young-generation cap)', memoryRun(1_000_000, 10_000, true)],
    [`newest 10,000 in memory, SQLite journal and settled records, node ${SEMI_SPACE_FLAG} (the service as its CLI runs it)`, memoryRun(1_000_000, 10_000, true, [SEMI_SPACE_FLAG])],
    // Most of the rest is V8's young generation, grown during the burst of ingest to its default
    // maximum and kept by the process: heap in use stays ~15 MB. The CLI's cap shows how much.
    [`newest 10,000 in memory, node ${SEMI_SPACE_FLAG}`, memoryRun(1_000_000, 10_000, false, [SEMI_SPACE_FLAG])]
  ] as const
  for (const [name, m] of memory) {
    notes.push(`RSS at 1,000,000 closed trades, ${name}: ${fmt(m.rssMb, 0)} MB over the process before the ledger, ${fmt(m.totalMb, 0)} MB in total ` +
      `(heap in use ${fmt(m.heapMb, 0)} MB, array buffers ${fmt(m.buffersMb, 0)} MB; ${m.inMemory.toLocaleString('en-US')} records in memory)` +
      (m.restartS === null ? '.' : `; a restart (open the database, replay 2,000,000 journaled events) took ${fmt(m.restartS, 1)} s.`))
  }
  notes.push(`The service's CLI runs node with ${SEMI_SPACE_FLAG} unless the operator sizes the young generation (src/malloc-tuning.ts); a program embedding the library can pass the same flag to node.`)
  notes.push('p99 of calls of MetricsLogger.getTradingStatistics (what GET /trading runs: the statistics, time in market, equity and its drawdown), one run on this machine, the default 10,000 records in memory, the last 10,000 positions fed through the logger (equity series full): window all from the running figures; 7d and since/until over everything merge the hour cells of the records out of memory and of those in it (an hour the window cuts record by record); 2,000 calls each for all (50 at 1,000,000 for 7d and since/until, 500 at 1,000) after a full GC and warm-up calls. "after a trade" times the call made after one more position closed (500 calls): the equity series changed, so its drawdown is read again. "route" is GET /api/metrics/trading?window=all through Fastify\'s inject: routing, validation and serialization, no socket.')
  notes.push(`Ingest: CPU µs per event through the ledger (fill quality, excursions, execution and every running figure included), ${INGEST_POSITIONS.toLocaleString('en-US')} positions with every execution field, the three ledgers interleaved over 3 rounds, medians. RSS: a process of its own, after building the ledger and a full GC, events made 200 at a time as they are fed (none held by the bench); its growth over the same process before the ledger (the runtime, the library and, journaled, the open database: ${fmt(memory[1][1].baseMb, 0)} MB) is the target, under 300 MB at 1,000,000.`)
  return {
    title: 'Trading statistics at 1,000 and 1,000,000 closed trades',
    table: [['closed trades', 'all p99 ms', 'symbol+side p99 ms', 'all after a trade p99 ms', 'route all p99 ms', '7d p99 ms', 'since/until p99 ms'], ...rows],
    notes
  }
}

const BREAKDOWN_RECORDS = 100_000

/** p-quantile of the sorted samples (nearest rank). */
function quantile (sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]
}

/**
 * GET /trading/breakdown's computation over 100,000 closed trade records
 * (by symbol, by strategy, by entry tag and exit reason), and the cost of
 * one price update with 100 open positions marked to market.
 */
export function tradingContextBench (): Section {
  const ledger = new TradeLedger()
  const strategies = ['breakout_up', 'breakout_down', 'mean_revert']
  const list = events(Math.ceil(BREAKDOWN_RECORDS * 3 / 2))
  for (let i = 0; i < list.length; i++) {
    const e = list[i]
    const context = e.event === 'opened'
      ? { strategy: strategies[i % 3], entry_tag: i % 2 === 0 ? 'strong_break' : 'edge_break' }
      : { exit_reason: e.event === 'reduced' ? 'partial_take_profit' : i % 2 === 0 ? 'take_profit' : 'stop_loss' }
    ledger.apply({ ...e, ...context })
  }
  const now = list[list.length - 1].timestamp
  const rows: string[][] = []
  const time = (f: () => unknown): number[] => {
    for (let i = 0; i < 5; i++) f()
    const times: number[] = []
    for (let i = 0; i < 200; i++) {
      const s = process.hrtime.bigint()
      f()
      times.push(Number(process.hrtime.bigint() - s) / 1e6)
    }
    return times.sort((a, b) => a - b)
  }
  const all = { symbol: null, side: null }
  // After a trade closes: one more position (opened, then closed one second
  // later, continuing the list's clock) before each call, so that every call
  // finds the ledger changed, as GET /trading/breakdown does after each exit.
  let clock = now
  let added = 0
  const closeOne = (): void => {
    const symbol = `SYM${added % 50}USDT`
    const context = { strategy: strategies[added % 3], entry_tag: added % 2 === 0 ? 'strong_break' : 'edge_break' }
    clock += 1000
    ledger.apply({ event: 'opened', symbol, side: 'long', quantity: 1, price: 100, pnl: null, fees: 0.01, trade_id: null, timestamp: clock, metadata: null, ...context })
    clock += 1000
    ledger.apply({ event: 'closed', symbol, side: 'long', quantity: 0, price: added % 2 === 0 ? 101 : 99, pnl: null, fees: 0.01, trade_id: null, timestamp: clock, metadata: null, exit_reason: 'take_profit' })
    added++
  }
  const afterClose = (f: () => unknown): number[] => {
    for (let i = 0; i < 5; i++) { closeOne(); f() }
    const times: number[] = []
    for (let i = 0; i < 200; i++) {
      closeOne()
      const s = process.hrtime.bigint()
      f()
      times.push(Number(process.hrtime.bigint() - s) / 1e6)
    }
    return times.sort((a, b) => a - b)
  }
  for (const by of ['symbol', 'strategy', 'entry_tag,exit_reason']) {
    // The call GET /trading/breakdown makes (window all kept up to date as
    // records close), and beside it, in the same run, the pass over every
    // record that each call after a close made before.
    const keys = parseBreakdownBy(by)
    const cold = afterClose(() => computeGroupBreakdown(ledger, { by }, clock))
    rows.push([`breakdown by=${by}, after a trade closes`, fmt(quantile(cold, 0.5), 3), fmt(quantile(cold, 0.99), 3), 'ms'])
    const scan = afterClose(() => groupClosedTrades(ledger.trades, 0, ledger.trades.length, all, keys, settledGroupsOf(ledger, keys, all)))
    rows.push([`breakdown by=${by}, pass over every record (as before)`, fmt(quantile(scan, 0.5), 2), fmt(quantile(scan, 0.99), 2), 'ms'])
    const warm = time(() => computeGroupBreakdown(ledger, { by }, clock))
    rows.push([`breakdown by=${by}, unchanged ledger`, fmt(quantile(warm, 0.5), 3), fmt(quantile(warm, 0.99), 3), 'ms'])
  }
  // A window (the last 24 h of the clock, some 57,000 records): one pass over the window's records after each close.
  const day = afterClose(() => computeGroupBreakdown(ledger, { by: 'symbol', window: '24h' }, clock))
  rows.push(['breakdown by=symbol, window=24h, after a trade closes', fmt(quantile(day, 0.5), 2), fmt(quantile(day, 0.99), 2), 'ms'])
  // 100 open positions over 20 symbols, then price updates cycling through the symbols.
  const book = new TradeLedger()
  const marks = new MarkToMarket(book)
  const t0 = Date.UTC(2024, 0, 1)
  for (let i = 0; i < 100; i++) {
    book.apply({ event: 'opened', symbol: `SYM${i % 20}`, side: i % 2 === 0 ? 'long' : 'short', quantity: 1, price: 100, pnl: null, fees: 0.1, trade_id: `p${i}`, timestamp: t0, metadata: null })
  }
  marks.price('SYM0', 100, t0)
  const updates = 2_000_000
  let best = Infinity
  for (let round = 0; round < 5; round++) {
    const s = process.hrtime.bigint()
    for (let i = 0; i < updates; i++) marks.price(`SYM${i % 20}`, 100 + (i % 7), t0 + round * updates + i)
    best = Math.min(best, Number(process.hrtime.bigint() - s) / updates)
  }
  if (marks.account().open_notional <= 0) throw new Error('nothing marked')
  rows.push(['mark to market: one price update, 100 open positions', fmt(best, 0), '', 'ns'])
  return {
    title: 'Trading: breakdowns over 100,000 closed trades; marking to market',
    table: [['case', 'p50', 'p99', 'unit'], ...rows],
    notes: [
      `${BREAKDOWN_RECORDS.toLocaleString('en-US')} closed trade records, then one more before each call (${ledger.recordCount.toLocaleString('en-US')} at the end, ${ledger.trades.length.toLocaleString('en-US')} in memory), over 50 symbols, 3 strategies, 2 entry tags, 3 exit reasons; 200 calls each after 5 warm-up calls. Target: by=symbol after a trade closes, p99 under 20 ms.`,
      `Price updates: ${updates.toLocaleString('en-US')} a round, best of 5 rounds, symbol names built per call as a feed would hand them; target under 1 µs (1,000 ns).`
    ]
  }
}
