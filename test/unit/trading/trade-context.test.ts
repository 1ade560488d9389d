import { test } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidTradeEventError } from '../../../src/core/errors.ts'
import { TradeLedger } from '../../../src/trading/trade-ledger.ts'
import { ContextLabels, CONTEXT_LIMITS, OTHER_CONTEXT_VALUE } from '../../../src/trading/trade-context.ts'
import { ev, H, T0 } from './fixture.ts'

test('records carry the opening\'s strategy and entry tag and each exit\'s reason', () => {
  const ledger = new TradeLedger()
  assert.equal(ledger.apply({ ...ev('opened', 'BTCUSDT', 'buy', 2, 100, T0), strategy: 'breakout', entry_tag: 'volume_spike' }).status, 'opened')
  ledger.apply({ ...ev('reduced', 'BTCUSDT', 'buy', 1, 110, T0 + H), exit_reason: 'take_profit_1' })
  ledger.apply({ ...ev('closed', 'BTCUSDT', 'buy', 0, 90, T0 + 2 * H), exit_reason: 'stop_loss' })
  // An exit without a reason, and an orphan with a strategy of its own.
  ledger.apply(ev('opened', 'ETHUSDT', 'sell', 1, 50, T0))
  ledger.apply(ev('closed', 'ETHUSDT', 'sell', 1, 40, T0 + 3 * H))
  ledger.apply({ ...ev('closed', 'SOLUSDT', 'long', 1, 20, T0 + 4 * H, { pnl: 5 }), strategy: 'mean_revert', exit_reason: 'timeout' })
  const ctx = ledger.trades.map((t) => [t.symbol, t.strategy, t.entry_tag, t.exit_reason])
  assert.deepEqual(ctx, [
    ['BTCUSDT', 'breakout', 'volume_spike', 'take_profit_1'],
    ['BTCUSDT', 'breakout', 'volume_spike', 'stop_loss'],
    ['ETHUSDT', null, null, null],
    ['SOLUSDT', 'mean_revert', null, 'timeout']
  ])
})

test('context values are checked: length, control characters, and the event kind that takes each', () => {
  const ledger = new TradeLedger()
  const bad: Array<[Record<string, unknown>, string]> = [
    [{ ...ev('opened', 'BTCUSDT', 'long', 1, 1, T0), strategy: 'x'.repeat(CONTEXT_LIMITS.valueLength + 1) }, 'strategy'],
    [{ ...ev('opened', 'BTCUSDT', 'long', 1, 1, T0), strategy: '' }, 'strategy'],
    [{ ...ev('opened', 'BTCUSDT', 'long', 1, 1, T0), entry_tag: 'a\nb' }, 'entry_tag'],
    [{ ...ev('opened', 'BTCUSDT', 'long', 1, 1, T0), entry_tag: 7 }, 'entry_tag'],
    [{ ...ev('opened', 'BTCUSDT', 'long', 1, 1, T0), exit_reason: 'tp' }, 'exit_reason'],
    [{ ...ev('closed', 'BTCUSDT', 'long', 1, 1, T0, { pnl: 1 }), entry_tag: 'x' }, 'entry_tag']
  ]
  for (const [event, field] of bad) {
    const r = ledger.apply(event as any)
    assert.equal(r.status, 'rejected', field)
    if (r.status !== 'rejected') continue
    assert.ok(r.error instanceof InvalidTradeEventError)
    assert.equal(r.error.reason, field)
  }
  assert.equal(ledger.trades.length, 0)
  assert.equal(ledger.openPositionCount, 0)
})

test('past 1,000 distinct values a field folds new values into other and counts them', () => {
  const ledger = new TradeLedger()
  for (let i = 0; i < CONTEXT_LIMITS.maxDistinct + 5; i++) {
    ledger.apply({ ...ev('opened', 'S' + i, 'long', 1, 10, T0 + i), strategy: 'strat_' + i })
    ledger.apply({ ...ev('closed', 'S' + i, 'long', 1, 11, T0 + i + 1), exit_reason: 'r' })
  }
  const strategies = new Set(ledger.trades.map((t) => t.strategy))
  assert.equal(strategies.size, CONTEXT_LIMITS.maxDistinct + 1)
  assert.ok(strategies.has(OTHER_CONTEXT_VALUE))
  assert.ok(strategies.has('strat_999') && !strategies.has('strat_1000'))
  assert.deepEqual(ledger.context.folded(), { strategy: 5, entry_tag: 0, exit_reason: 0 })
  // A value already kept is kept after the limit is reached.
  ledger.apply({ ...ev('opened', 'X', 'long', 1, 10, T0 + 5000), strategy: 'strat_3' })
  assert.equal(ledger.openPositions().find((p) => p.symbol === 'X')?.strategy, 'strat_3')
  ledger.clear()
  assert.deepEqual(ledger.context.folded(), { strategy: 0, entry_tag: 0, exit_reason: 0 })
})

test('a rejected event does not use up a distinct value', () => {
  const labels = new ContextLabels(2)
  assert.equal(labels.fold('strategy', 'a'), 'a')
  assert.equal(labels.fold('strategy', null), null)
  assert.equal(labels.fold('strategy', 'b'), 'b')
  assert.equal(labels.fold('strategy', 'c'), OTHER_CONTEXT_VALUE)
  assert.equal(labels.fold('entry_tag', 'c'), 'c')
  const ledger = new TradeLedger({ maxOpenPositions: 1 })
  ledger.apply(ev('opened', 'A', 'long', 1, 1, T0))
  const r = ledger.apply({ ...ev('opened', 'B', 'long', 1, 1, T0), strategy: 'never' })
  assert.equal(r.status, 'rejected')
  assert.deepEqual(ledger.context.distinct(), { strategy: 0, entry_tag: 0, exit_reason: 0 })
})
