import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildApp } from '../../../src/http/app.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { NO_LIMITS } from './security-helpers.ts'
import { seededRandom as rng } from '../../../src/core/seeded-random.ts'

/**
 * Property: on seeded random event streams, every view of realized P&L
 * gives the same figures as a reference ledger written here: /summary,
 * /trading, the sum of /metric/trade_pnl points, the exposition's trading
 * families and counters, and the per-day breakdown.
 */

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT']
const MIN = 60_000
const DAY = 86_400_000

interface RefPosition { symbol: string, side: 'long' | 'short', sent: string, id: string | null, qty: number, entry: number, fees: number }
interface Expected { pnls: number[], fees: number, rejected: number, orphans: number, byDay: Map<number, number> }

/**
 * A stream of POST /events trade items from `startMs`, and what a ledger
 * must make of it, computed independently: average entry, pro-rata entry
 * fees, reported P&L taken as is, orphans with P&L kept, exits without a
 * position or P&L refused.
 */
function generate (seed: number, startMs: number): { items: Array<Record<string, unknown>>, expected: Expected } {
  const r = rng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]
  const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d
  const open: RefPosition[] = []
  const items: Array<Record<string, unknown>> = []
  const expected: Expected = { pnls: [], fees: 0, rejected: 0, orphans: 0, byDay: new Map() }
  const exit = (pnl: number, fees: number, t: number): void => {
    expected.pnls.push(pnl)
    expected.fees += fees
    const day = Math.floor(t / DAY)
    expected.byDay.set(day, (expected.byDay.get(day) ?? 0) + pnl)
  }
  let t = startMs
  let ids = 0
  const count = 20 + Math.floor(r() * 60)
  for (let i = 0; i < count; i++) {
    t += Math.floor(r() * 90 * MIN)
    const price = round(10 + r() * 200, 2)
    const fees = r() < 0.7 ? round(r() * 0.5 - 0.05, 2) : undefined
    const base = { type: 'trade', price, timestamp: t, ...(fees === undefined ? {} : { fees }) }
    const roll = r()
    if (open.length === 0 || roll < 0.35) {
      const sent = pick(['long', 'short', 'buy', 'sell'])
      const side = sent === 'buy' || sent === 'long' ? 'long' : 'short'
      const id = r() < 0.4 ? `t${seed}-${++ids}` : null
      const symbol = pick(SYMBOLS)
      const qty = round(0.1 + r() * 5, 3)
      items.push({ ...base, event: 'opened', symbol, side: sent, quantity: qty, ...(id === null ? {} : { trade_id: id }) })
      const same = id === null ? open.find((p) => p.id === null && p.symbol === symbol && p.side === side) : undefined
      if (same !== undefined) {
        same.entry = (same.entry * same.qty + price * qty) / (same.qty + qty)
        same.qty += qty
        same.fees += fees ?? 0
      } else {
        open.push({ symbol, side, sent, id, qty, entry: price, fees: fees ?? 0 })
      }
    } else if (roll < 0.9) {
      const k = Math.floor(r() * open.length)
      const p = open[k]
      const reported = r() < 0.3 ? round((r() - 0.5) * 40, 2) : undefined
      const partial = r() < 0.5
      const qty = partial ? Math.max(0.001, round(p.qty * r() * 0.8, 3)) : p.qty
      const final = !partial || qty >= p.qty
      const share = final ? p.fees : p.fees * qty / p.qty
      const recordFees = share + (fees ?? 0)
      const d = p.side === 'long' ? 1 : -1
      exit(reported ?? d * (price - p.entry) * qty - recordFees, recordFees, t)
      items.push({
        ...base,
        event: final ? 'closed' : 'reduced',
        symbol: p.symbol,
        side: p.sent,
        quantity: final ? 0 : qty,
        ...(reported === undefined ? {} : { pnl: reported }),
        ...(p.id === null ? {} : { trade_id: p.id })
      })
      if (final) open.splice(k, 1)
      else { p.qty -= qty; p.fees -= share }
    } else {
      // The exit of a position the ledger never saw: kept with its P&L, refused without.
      const withPnl = r() < 0.6
      const pnl = round((r() - 0.5) * 30, 2)
      items.push({ ...base, event: pick(['closed', 'reduced']), symbol: 'ORPHANUSDT', side: pick(['long', 'short']), quantity: 1, ...(withPnl ? { pnl } : {}) })
      if (withPnl) { exit(pnl, fees ?? 0, t); expected.orphans++ } else expected.rejected++
    }
  }
  return { items, expected }
}

/** Samples of the text exposition by family name: [labels text, value]. */
function samples (text: string): Map<string, Array<[string, number]>> {
  const out = new Map<string, Array<[string, number]>>()
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)/.exec(line)
    if (m === null) continue
    const list = out.get(m[1]) ?? []
    list.push([m[2] ?? '', Number(m[3])])
    out.set(m[1], list)
  }
  return out
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0)

test('/summary, /trading, trade_pnl points, the exposition and /trading/daily agree with a reference ledger on 200 seeded streams', async () => {
  const logger = new MetricsLogger({ sampler: false, clock: 'system', health: false, trading: { startingBalance: 10_000 } })
  const app = await buildApp({ logger, logLevel: 'silent', security: { rateLimits: NO_LIMITS } })
  const get = async (url: string): Promise<any> => {
    const res = await app.inject(url)
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`)
    return url === '/api/metrics' ? res.body : res.json()
  }
  try {
    let checkedOrphans = 0
    for (let seed = 1; seed <= 200; seed++) {
      logger.clearMetrics()
      const startMs = Date.now() - 5 * DAY
      const { items, expected } = generate(seed, startMs)
      const posted = await app.inject({ method: 'POST', url: '/api/metrics/events', payload: items })
      const answer = posted.json()
      assert.equal(answer.rejected.length, expected.rejected, `seed ${seed}: ${JSON.stringify(answer.rejected)}`)
      for (const r of answer.rejected) assert.match(r.message, /no open position.*no pnl/, `seed ${seed}`)

      const n = expected.pnls.length
      const total = sum(expected.pnls)
      const scale = Math.max(1, sum(expected.pnls.map(Math.abs)))
      const agree = (actual: number, reference: number, what: string): void => {
        assert.ok(Math.abs(actual - reference) <= 1e-9 * scale, `seed ${seed} ${what}: ${actual} vs ${reference}`)
      }
      const wins = expected.pnls.filter((x) => x > 1e-9)
      const losses = expected.pnls.filter((x) => x < -1e-9)
      let cum = 0; let peak = 0; let maxDrawdown = 0
      for (const x of expected.pnls) { cum += x; peak = Math.max(peak, cum); maxDrawdown = Math.max(maxDrawdown, peak - cum) }

      const trading = await get('/api/metrics/trading?window=all')
      assert.equal(trading.closed_trades, n, `seed ${seed} closed_trades`)
      assert.equal(trading.orphan_trades, expected.orphans, `seed ${seed} orphan_trades`)
      agree(trading.total_pnl, total, '/trading total_pnl')
      agree(trading.total_fees, expected.fees, '/trading total_fees')
      assert.equal(trading.wins, wins.length, `seed ${seed} wins`)
      assert.equal(trading.losses, losses.length, `seed ${seed} losses`)

      const summary = (await get('/api/metrics/summary')).trading
      assert.equal(summary.closed_trades, n)
      agree(summary.total_pnl, total, '/summary total_pnl')
      assert.equal(summary.win_rate, trading.win_rate)
      assert.equal(summary.profit_factor, trading.profit_factor)
      agree(summary.max_drawdown, maxDrawdown, '/summary max_drawdown')
      assert.deepEqual(summary.stats.total_pnl, summary.total_pnl)
      assert.equal(summary.pnl.count, Math.min(n, 100))
      if (n > 0 && n <= 100) agree(summary.pnl.mean * n, total, '/summary pnl mean x count')

      const points = (await get('/api/metrics/metric/trade_pnl?last_n=1000')).points as Array<{ value: number }>
      assert.equal(points.length, n)
      agree(sum(points.map((p) => p.value)), total, 'sum of trade_pnl points')
      const closing = [
        ...(await get('/api/metrics/metric/trade_closed?last_n=1000')).points,
        ...(await get('/api/metrics/metric/trade_reduced?last_n=1000')).points
      ] as Array<{ value: number }>
      agree(sum(closing.map((p) => p.value)), total, 'sum of trade_closed and trade_reduced points')

      const families = samples(await get('/api/metrics'))
      agree(families.get('breakout_trading_total_pnl')?.[0][1] ?? NaN, total, 'breakout_trading_total_pnl')
      agree(sum((families.get('breakout_trading_symbol_pnl') ?? []).map(([, v]) => v)), total, 'sum of breakout_trading_symbol_pnl')
      assert.equal(sum((families.get('breakout_trades_closed_total') ?? []).map(([, v]) => v)), n, `seed ${seed} breakout_trades_closed_total`)
      const exitEvents = (families.get('breakout_trade_events_total') ?? []).filter(([l]) => /event="(closed|reduced)"/.test(l))
      assert.equal(sum(exitEvents.map(([, v]) => v)), n, `seed ${seed} breakout_trade_events_total of exits`)

      const daily = (await get('/api/metrics/trading/daily?count=30')).periods as Array<{ start: number, pnl: number, trade_count: number }>
      agree(sum(daily.map((p) => p.pnl)), total, 'sum of /trading/daily')
      assert.equal(sum(daily.map((p) => p.trade_count)), n)
      for (const p of daily) agree(p.pnl, expected.byDay.get(p.start / DAY) ?? 0, `/trading/daily ${p.start}`)
      checkedOrphans += expected.orphans
    }
    assert.ok(checkedOrphans > 50, `the streams hold orphans: ${checkedOrphans}`)
  } finally {
    await app.close()
    logger.close()
  }
})
