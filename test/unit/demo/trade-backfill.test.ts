import { test } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidArgumentError } from '../../../src/core/errors.ts'
import { DemoBot } from '../../../src/demo/demo-bot.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { Persistence } from '../../../src/persist/persistence.ts'
import { currentDrawdownPct } from '../../../src/trading/ledger-health.ts'
import { tempDir } from '../persist/temp-dir.ts'

const DAY = 86_400_000
// 2026-01-05 12:00 UTC: the replay covers 2025-11-06 up to the end of 2026-01-04.
const T0 = Date.UTC(2026, 0, 5, 12)
const TODAY = Math.floor(T0 / DAY) * DAY

function logger (): MetricsLogger {
  // strict: a trade event the ledger refused would throw.
  return new MetricsLogger({ sampler: false, strict: true, clock: { now: () => T0 }, trading: { startingBalance: 10_000 } })
}

test('a demo with backfillDays replays past trades into an empty ledger: every figure of /trading is defined at once', () => {
  const l = logger()
  const bot = new DemoBot(l, { seed: 42, backfillDays: 60 })
  bot.step(T0)
  const records = l.trades.trades
  assert.ok(records.length >= 60 * 3, `${records.length} records`)
  // Past days only, every one of them: daily returns on 60 days before today, and none today (the day's P&L starts at 0).
  const days = new Set(records.map((t) => Math.floor(t.closed_at / DAY)))
  assert.equal(days.size, 60)
  assert.equal(Math.min(...days), Math.floor(T0 / DAY) - 60)
  assert.ok(records.every((t) => t.closed_at < TODAY && t.opened_at !== null && t.opened_at >= TODAY - 60 * DAY))
  assert.equal(bot.status.dailyPnl, 0)
  // The context the breakdowns group by, as live trades carry it.
  assert.deepEqual(new Set(records.map((t) => t.strategy)), new Set(['breakout_up', 'breakout_down']))
  assert.deepEqual(new Set(records.map((t) => t.entry_tag)), new Set(['strong_break', 'edge_break']))
  assert.deepEqual(new Set(records.map((t) => t.exit_reason)), new Set(['stop_loss', 'take_profit', 'time_exit', 'partial_take_profit']))
  // Prices on the way: losers went some way in their favour first, winners against them, short of the stop.
  const past = records.filter((t) => t.closed_at < TODAY)
  assert.ok(past.filter((t) => t.exit_reason === 'stop_loss').every((t) => t.mfe !== null) && past.some((t) => t.exit_reason === 'stop_loss' && t.mfe! > 0))
  assert.ok(past.some((t) => t.exit_reason === 'take_profit' && t.mae! > 0))
  assert.ok(past.filter((t) => t.exit_reason === 'take_profit').every((t) => t.r_multiple! > 0.5), 'a target is two stops away, less fees')
  // Every replayed position is closed; what is open is the live first cycle's.
  assert.ok(l.trades.openPositions().every((p) => p.opened_at >= T0))
  // The paper book went through the same trades: its P&L is the ledger's.
  const s = l.getTradingStatistics()
  assert.ok(Math.abs(s.total_pnl - bot.status.realizedPnl) < 1e-6, `${s.total_pnl} vs ${bot.status.realizedPnl}`)
  assert.equal(s.return_days, 61)
  for (const name of ['sharpe', 'sortino', 'calmar'] as const) assert.equal(typeof s[name], 'number', name)
  for (const name of ['ulcer_index', 'recovery_factor', 'var_95', 'cvar_95', 'tail_ratio', 'kelly_fraction', 'omega', 'rolling_sharpe_30d'] as const) {
    assert.equal(typeof s.risk[name], 'number', `risk.${name}: ${s.risk.null_reasons[name] ?? ''}`)
  }
  // The history does not start the demo in a drawdown the `drawdown` rule (warning above 10 %) would act on.
  assert.ok(currentDrawdownPct(l.trades)! < 5, `drawdown ${String(currentDrawdownPct(l.trades))}`)
  l.close()
})

test('the replay is deterministic for a seed and start time, and leaves the live trading to its own random streams', () => {
  const run = (backfillDays: number): { history: string, live: string } => {
    const l = logger()
    const bot = new DemoBot(l, { seed: 9, backfillDays })
    for (let at = T0; at <= T0 + 20 * 60_000; at += 1000) bot.step(at)
    const strip = (t: Record<string, unknown>): unknown => ({ ...t, id: undefined, position_id: undefined, trade_id: undefined })
    const all = l.trades.trades.map((t) => strip(t as unknown as Record<string, unknown>))
    const split = l.trades.trades.findIndex((t) => t.closed_at >= T0)
    const out = { history: JSON.stringify(all.slice(0, split)), live: JSON.stringify(all.slice(split).map((t) => ({ ...(t as object), pnl: undefined, fees: undefined, quantity: undefined, r_multiple: undefined, efficiency: undefined, mae: undefined, mfe: undefined }))) }
    l.close()
    return out
  }
  const a = run(30)
  const b = run(30)
  assert.ok(a.history === b.history && a.live === b.live, 'the same seed and start replay the same trades')
  assert.ok(a.history.length > 1000)
  // The live trades' times, symbols, sides and prices are those of a demo without history (sizes follow the equity, which differs).
  const bare = run(0)
  assert.equal(bare.history, '[]')
  assert.ok(a.live.length > 1000 && a.live === bare.live, 'live trades as without history')
})

test('no replay into a ledger that has trades: a journal restored at start is not doubled', (t) => {
  const dir = tempDir(t)
  const first = logger()
  const p1 = Persistence.open(dir)
  p1.attach(first)
  new DemoBot(first, { seed: 3, backfillDays: 10 }).step(T0)
  const count = first.trades.recordCount
  assert.ok(count > 20)
  p1.close()
  first.close()
  const second = logger()
  const p2 = Persistence.open(dir)
  p2.attach(second)
  assert.equal(second.trades.recordCount, count, 'the replayed trades were journaled')
  new DemoBot(second, { seed: 3, backfillDays: 10 }).step(T0 + 60_000)
  assert.equal(second.trades.trades.filter((r) => r.closed_at < TODAY).length, count)
  p2.close()
  second.close()
})

test('backfillDays is an integer from 0 to 365', () => {
  const l = logger()
  for (const bad of [-1, 366, 1.5, Number.NaN]) assert.throws(() => new DemoBot(l, { backfillDays: bad }), InvalidArgumentError, String(bad))
  assert.equal(new DemoBot(l).options.backfillDays, 0)
  l.close()
})

test('the replayed past is normal trading in the drawdown scenario too: its losing streak starts now', () => {
  const l = logger()
  new DemoBot(l, { seed: 42, backfillDays: 60, scenario: 'drawdown' }).step(T0)
  const past = l.trades.trades.filter((t) => t.closed_at < TODAY)
  assert.ok(past.length > 100)
  // The default strategy risks 0.25 % of equity a trade (the scenario 8 %): no past loss comes near 1 %.
  assert.ok(past.every((t) => t.pnl > -100), `largest loss ${Math.min(...past.map((t) => t.pnl))}`)
  assert.ok(currentDrawdownPct(l.trades)! < 5)
  l.close()
})
