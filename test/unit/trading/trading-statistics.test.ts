import { test } from 'node:test'
import assert from 'node:assert/strict'
import { computeTradingStatistics } from '../../../src/trading/trading-statistics.ts'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'
import { D, ev, FIXTURE, H, NOW, T0 } from './fixture.ts'
import { close, ledgerOf } from './helpers.ts'

// Expected values: test/unit/trading/reference-values.py (plain Python for the
// records, numpy for means, medians, standard deviations), printed and copied here.

test('every statistic of the fixture, window all, against the reference values', () => {
  const s = computeTradingStatistics(ledgerOf(FIXTURE, { startingBalance: 10_000 }), { window: 'all' }, NOW)
  assert.equal(s.closed_trades, 7)
  assert.equal(s.closed_positions, 5)
  assert.equal(s.open_positions, 1)
  assert.equal(s.wins, 4)
  assert.equal(s.losses, 2)
  assert.equal(s.break_even, 1)
  close(s.win_rate, 0.5714285714285714, 'win_rate')
  close(s.total_pnl, 2.5, 'total_pnl')
  close(s.avg_pnl, 0.3571428571428574, 'avg_pnl')
  close(s.gross_profit, 27.6, 'gross_profit')
  close(s.gross_loss, -25.1, 'gross_loss')
  close(s.avg_win, 6.9, 'avg_win')
  close(s.avg_loss, -12.55, 'avg_loss')
  close(s.largest_win, 9.9, 'largest_win')
  close(s.largest_loss, -21, 'largest_loss')
  close(s.profit_factor, 1.099601593625498, 'profit_factor')
  close(s.expectancy, 0.35714285714285715, 'expectancy')
  close(s.payoff_ratio, 0.549800796812749, 'payoff_ratio')
  close(s.max_drawdown, 21, 'max_drawdown')
  close(s.max_drawdown_pct, 0.20981955518254303, 'max_drawdown_pct')
  assert.equal(s.max_win_streak, 2)
  assert.equal(s.max_loss_streak, 1)
  close(s.trades_per_hour, 0.06542056074766354, 'trades_per_hour')
  close(s.trades_per_minute, 0.06542056074766354 / 60, 'trades_per_minute')
  close(s.holding_seconds.mean, 19542.85714285714, 'holding mean')
  close(s.holding_seconds.median, 14400, 'holding median')
  close(s.holding_seconds.max, 72000, 'holding max')
  assert.equal(s.return_days, 5)
  close(s.sharpe, 0.7560054180453295, 'sharpe')
  close(s.sortino, 1.0301008152138977, 'sortino')
  close(s.calmar, 8.811175392096752, 'calmar')
  close(s.total_fees, 0.9 + 1.1 + 0.4 + 0 + 0.5 + 0 + 0.1, 'total_fees')
  assert.deepEqual(s.null_reasons, {})
  assert.equal(s.window.since, null)
  assert.equal(s.window.observed_since, T0 + H)
  close(s.window.observed_hours, 107)
})

test('a 24h window keeps the trades closed in it and the equity before it', () => {
  const s = computeTradingStatistics(ledgerOf(FIXTURE, { startingBalance: 10_000 }), { window: '24h' }, NOW)
  assert.equal(s.closed_trades, 1)
  close(s.total_pnl, 9.9)
  close(s.trades_per_hour, 0.041666666666666664)
  assert.equal(s.max_drawdown, 0)
  assert.equal(s.max_drawdown_pct, 0)
  assert.equal(s.return_days, 2)
  close(s.sharpe, 13.509256086106294, 'sharpe')
  assert.equal(s.sortino, null)
  assert.match(s.null_reasons.sortino, /no day with a negative return/)
  assert.equal(s.calmar, null)
  assert.match(s.null_reasons.calmar, /no drawdown/)
  assert.equal(s.window.since, NOW - 24 * H)
})

test('per symbol: BTCUSDT against the reference values', () => {
  const s = computeTradingStatistics(ledgerOf(FIXTURE, { startingBalance: 10_000 }), { symbol: 'BTCUSDT' }, NOW)
  assert.equal(s.closed_trades, 3)
  assert.equal(s.symbol, 'BTCUSDT')
  close(s.total_pnl, -22)
  close(s.win_rate, 1 / 3)
  close(s.profit_factor, 0.12350597609561753, 'profit_factor')
  close(s.payoff_ratio, 0.24701195219123506, 'payoff_ratio')
  close(s.max_drawdown, 25.1, 'max_drawdown')
  close(s.max_drawdown_pct, 0.2509222141136248, 'max_drawdown_pct')
  close(s.holding_seconds.mean, 12000)
  close(s.holding_seconds.median, 14400)
  close(s.trades_per_hour, 0.028037383177570093)
  close(s.sharpe, -9.049287076056395, 'sharpe')
  close(s.sortino, -8.941062021708687, 'sortino')
  close(s.calmar, -63.95140256916102, 'calmar')
  assert.equal(s.open_positions, 0)
})

test('per side: short (given as sell) against the reference values', () => {
  const s = computeTradingStatistics(ledgerOf(FIXTURE, { startingBalance: 10_000 }), { side: 'sell' }, NOW)
  assert.equal(s.side, 'short')
  assert.equal(s.closed_trades, 2)
  close(s.total_pnl, 14.6)
  close(s.largest_win, 9.6)
  close(s.holding_seconds.mean, 37800)
  close(s.holding_seconds.median, 37800)
  close(s.sharpe, 12.927068134795304, 'sharpe')
  assert.equal(s.open_positions, 1)
  assert.equal(s.profit_factor, null)
  assert.match(s.null_reasons.profit_factor, /infinite/)
})

test('no trades: counts and sums are 0, averages and ratios null with a reason', () => {
  const s = computeTradingStatistics(new TradeLedger({ startingBalance: 1000 }), {}, NOW)
  assert.equal(s.closed_trades, 0)
  assert.equal(s.total_pnl, 0)
  assert.equal(s.max_drawdown, 0)
  for (const f of ['win_rate', 'avg_pnl', 'avg_win', 'avg_loss', 'largest_win', 'largest_loss', 'profit_factor',
    'expectancy', 'payoff_ratio', 'trades_per_hour', 'trades_per_minute', 'sharpe', 'sortino', 'calmar'] as const) {
    assert.equal(s[f], null, f)
    assert.equal(typeof s.null_reasons[f], 'string', f)
  }
  assert.deepEqual(s.holding_seconds, { mean: null, median: null, max: null })
  assert.match(s.null_reasons.trades_per_hour, /no trade events yet/)
  // JSON carries no Infinity or NaN (they would become null silently).
  assert.doesNotMatch(JSON.stringify(s), /Infinity|NaN/)
})

test('a single trade', () => {
  const ledger = ledgerOf([ev('opened', 'X', 'long', 2, 100, T0), ev('closed', 'X', 'long', 2, 105, T0 + 30 * 60_000)],
    { startingBalance: 1000 })
  const s = computeTradingStatistics(ledger, {}, T0 + H)
  assert.equal(s.closed_trades, 1)
  assert.equal(s.wins, 1)
  assert.equal(s.win_rate, 1)
  assert.equal(s.total_pnl, 10)
  assert.equal(s.avg_win, 10)
  assert.equal(s.largest_win, 10)
  assert.equal(s.expectancy, 10)
  assert.equal(s.max_win_streak, 1)
  assert.equal(s.trades_per_hour, 1)
  assert.deepEqual(s.holding_seconds, { mean: 1800, median: 1800, max: 1800 })
  assert.equal(s.return_days, 1)
  assert.equal(s.sharpe, null)
  assert.match(s.null_reasons.sharpe, /fewer than 2 days/)
})

test('all winners: profit_factor and payoff_ratio are null and say why', () => {
  // +1, +2, +3 on one day, balance 100.
  const events = [1, 2, 3].flatMap((g, i) => [
    ev('opened', 'X', 'long', 1, 10, T0 + i * H), ev('closed', 'X', 'long', 1, 10 + g, T0 + i * H + 60_000)
  ])
  const s = computeTradingStatistics(ledgerOf(events, { startingBalance: 100 }), {}, T0 + 10 * H)
  assert.equal(s.wins, 3)
  assert.equal(s.losses, 0)
  assert.equal(s.win_rate, 1)
  assert.equal(s.gross_profit, 6)
  assert.equal(s.gross_loss, 0)
  assert.equal(s.profit_factor, null)
  assert.equal(s.null_reasons.profit_factor, 'no losing trades: gross profit over a gross loss of 0 is infinite')
  assert.equal(s.payoff_ratio, null)
  assert.equal(s.avg_loss, null)
  assert.equal(s.largest_loss, null)
  assert.equal(s.max_win_streak, 3)
  assert.equal(s.max_loss_streak, 0)
  assert.equal(s.max_drawdown, 0)
  assert.equal(s.max_drawdown_pct, 0)
})

test('all losers: profit_factor 0, drawdown is the whole loss', () => {
  // -1, -2, -3 on one day, balance 100: equity 99, 97, 94 from a peak of 100.
  const events = [1, 2, 3].flatMap((l, i) => [
    ev('opened', 'X', 'long', 1, 10, T0 + i * H), ev('closed', 'X', 'long', 1, 10 - l, T0 + i * H + 60_000)
  ])
  const s = computeTradingStatistics(ledgerOf(events, { startingBalance: 100 }), {}, T0 + 10 * H)
  assert.equal(s.win_rate, 0)
  assert.equal(s.profit_factor, 0)
  assert.equal(s.avg_win, null)
  assert.equal(s.null_reasons.avg_win, 'no winning trades')
  assert.equal(s.payoff_ratio, null)
  assert.equal(s.avg_loss, -2)
  assert.equal(s.largest_loss, -3)
  assert.equal(s.expectancy, -2)
  assert.equal(s.max_loss_streak, 3)
  assert.equal(s.max_drawdown, 6)
  close(s.max_drawdown_pct, 6)
})

test('only break-even trades: neither wins nor losses, streaks broken', () => {
  const events = [0, 1].flatMap((i) => [ev('opened', 'X', 'long', 1, 10, T0 + i * H), ev('closed', 'X', 'long', 1, 10, T0 + i * H + 1)])
  const s = computeTradingStatistics(ledgerOf(events), {}, T0 + 2 * H)
  assert.equal(s.break_even, 2)
  assert.equal(s.win_rate, 0)
  assert.equal(s.profit_factor, null)
  assert.match(s.null_reasons.profit_factor, /all break-even/)
  assert.equal(s.max_win_streak, 0)
})

test('without a starting balance, relative figures are null with the reason', () => {
  const s = computeTradingStatistics(ledgerOf(FIXTURE), {}, NOW)
  assert.equal(s.starting_balance, null)
  for (const f of ['max_drawdown_pct', 'sharpe', 'sortino', 'calmar'] as const) {
    assert.equal(s[f], null)
    assert.match(s.null_reasons[f], /starting_balance/)
  }
  close(s.max_drawdown, 21)
})

test('annualisation follows periodsPerYear', () => {
  const a = computeTradingStatistics(ledgerOf(FIXTURE, { startingBalance: 10_000 }), {}, NOW)
  const b = computeTradingStatistics(ledgerOf(FIXTURE, { startingBalance: 10_000, periodsPerYear: 252 }), {}, NOW)
  close(b.sharpe, a.sharpe! * Math.sqrt(252 / 365))
  close(b.calmar, a.calmar! * 252 / 365)
})

test('a past window counts the positions open at its end', () => {
  const ledger = ledgerOf(FIXTURE)
  // At T0 + 2d + 3h, the scaled-in BTC position is open (closed at +5h).
  const s = computeTradingStatistics(ledger, { sinceMs: T0, untilMs: T0 + 2 * D + 3 * H }, NOW)
  assert.equal(s.open_positions, 1)
  assert.equal(s.closed_trades, 4)
  // At T0 + 2h, the first BTC position is open.
  assert.equal(computeTradingStatistics(ledger, { sinceMs: T0, untilMs: T0 + 2 * H }, NOW).open_positions, 1)
  assert.equal(computeTradingStatistics(ledger, { sinceMs: T0, untilMs: T0 + 30 * 60_000 }, NOW).open_positions, 0)
})

test('bad windows and filters throw InvalidArgumentError', () => {
  const ledger = new TradeLedger()
  for (const q of [{ window: '3x' }, { window: '0h' }, { window: '1h', sinceMs: 0 }, { sinceMs: 10, untilMs: 5 },
    { side: 'up' }, { symbol: '' }, { sinceMs: NaN }]) {
    assert.throws(() => computeTradingStatistics(ledger, q, NOW), InvalidArgumentError, JSON.stringify(q))
  }
})
