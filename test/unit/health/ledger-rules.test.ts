import { test } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { DEFAULT_RULES } from '../../../src/health/default-rules.ts'
import { ruleFromConfig } from '../../../src/health/rules-config.ts'
import { ConfigError } from '../../../src/core/errors.ts'
import { FakeClock } from './helpers.ts'

const DAY = 86_400_000

function logger (clock: FakeClock, startingBalance: number | null, enableDailyLoss = false): MetricsLogger {
  const rules = DEFAULT_RULES.filter((r) => r.id === 'drawdown' || r.id === 'daily_loss')
    .map((r) => r.id === 'daily_loss' ? { ...r, enabled: enableDailyLoss } : r)
  return new MetricsLogger({ sampler: false, clock, trading: { startingBalance }, health: { rules } })
}

const exit = (l: MetricsLogger, pnl: number, at: number): void => {
  l.logTradeEvent('closed', 'BTCUSDT', 'long', 1, 100, pnl, null, { timestampMs: at })
}

test('the built-in drawdown rule reads the ledger: it fires and runs pause_entries', async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 5, 12))
  const l = logger(clock, 10_000)
  const paused: string[] = []
  l.onRemediate('pause_entries', ({ check }) => { paused.push(check); return 'paused' })
  try {
    exit(l, 500, clock.t) // peak 10,500
    assert.equal(l.health!.evaluate().issues.length, 0)
    exit(l, -1200, clock.advance(1000)) // 9,300: 11.43 %
    let report = l.health!.evaluate()
    assert.deepEqual(report.issues.map((i) => [i.check, i.severity]), [['drawdown', 'warning']])
    exit(l, -1000, clock.advance(1000)) // 8,300: (10,500 - 8,300) / 10,500 = 20.95 %
    report = l.health!.evaluate()
    const issue = report.issues.find((i) => i.check === 'drawdown')
    assert.equal(issue?.severity, 'critical')
    assert.ok(Math.abs((issue?.value ?? 0) - 20.95) < 0.01, String(issue?.value))
    for (let i = 0; i < 200 && l.health!.auditLog().length === 0; i++) await sleep(5)
    assert.deepEqual(paused, ['drawdown'])
    assert.deepEqual(l.health!.auditLog().map((a) => [a.check, a.action, a.outcome]), [['drawdown', 'pause_entries', 'ok']])
  } finally {
    l.close()
  }
})

test('without a starting balance drawdown_pct has no value: the rule stays ok', () => {
  const clock = new FakeClock()
  const l = logger(clock, null)
  try {
    exit(l, -5000, clock.t)
    assert.equal(l.health!.evaluate().issues.length, 0)
  } finally {
    l.close()
  }
})

test('daily_loss reads the ledger\'s daily_pnl unless the bot logs risk_daily_pnl', () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 5, 12))
  const l = logger(clock, null, true)
  try {
    exit(l, -400, Date.UTC(2026, 0, 4, 23)) // yesterday: not today's loss
    exit(l, -300, clock.t)
    assert.equal(l.health!.evaluate().issues.length, 0) // -300 today
    exit(l, -300, clock.advance(1000)) // -600 today
    assert.deepEqual(l.health!.evaluate().issues.map((i) => [i.check, i.severity, i.value]), [['daily_loss', 'warning', -600]])
    // The bot's own figure wins while it has a point in the window.
    l.logRiskMetrics(0.1, 1, 0.05, -1500)
    assert.deepEqual(l.health!.evaluate().issues.map((i) => [i.check, i.severity, i.value]), [['daily_loss', 'critical', -1500]])
    l.logRiskMetrics(0.1, 1, 0.05, 20)
    clock.advance(1000)
    assert.equal(l.health!.evaluate().issues.length, 0)
    // A day later the bot's point is out of the window: the ledger's (empty) day is read again.
    clock.advance(DAY + 1000)
    assert.equal(l.health!.evaluate().issues.length, 0)
  } finally {
    l.close()
  }
})

test('fallback is a rule key; value rules refuse it', () => {
  const r = ruleFromConfig({ id: 'my_loss', metric: 'bot_pnl', fallback: 'daily_pnl', warning: -10, direction: 'below' }, 'x', null)
  assert.equal(r.fallback, 'daily_pnl')
  assert.throws(() => ruleFromConfig({ id: 'v', source: 'value', metric: 'drawdown_pct', fallback: 'daily_pnl', warning: 1 }, 'x', null), ConfigError)
})
