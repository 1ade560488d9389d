import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ingestEvents } from '../../../src/http/ingest.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { healthConfigFrom } from '../../../src/health/health-config.ts'
import { DEFAULT_RULES } from '../../../src/health/default-rules.ts'

let now = Date.UTC(2026, 11, 2, 12)
const clock = { now: () => now }

test('logBalance and balance items record balance_free and balance_total by asset', () => {
  const logger = new MetricsLogger({ sampler: false, health: false, clock })
  logger.logBalance('BTC', 0.25, 0.5)
  const result = ingestEvents(logger, [
    { type: 'balance', asset: 'USDT', free: 1200.5, total: 4000 },
    { type: 'balance', asset: 'USDT', free: 10, total: 5 },
    { type: 'balance', asset: 'USDT', free: 1, total: 2, locked: 1 },
    { type: 'balance', free: 1, total: 2 },
    { type: 'balance', asset: 'ETH', free: Number.NaN, total: 2 }
  ])
  assert.equal(result.accepted, 1)
  assert.deepEqual(result.rejected.map((r) => [r.index, r.message.split(':')[0]]), [[1, 'free'], [2, 'locked'], [3, 'asset'], [4, 'free']])
  assert.equal(result.rejected[0].message, 'free: must not exceed total, got free 10 and total 5')
  const read = (name: string, asset: string): number[] => [...logger.query(name, { labels: { asset } }).values]
  assert.deepEqual(read('balance_free', 'BTC'), [0.25])
  assert.deepEqual(read('balance_total', 'BTC'), [0.5])
  assert.deepEqual(read('balance_free', 'USDT'), [1200.5])
  assert.deepEqual(read('balance_total', 'USDT'), [4000])
  logger.close()
})

test('balance_low is off until configured', () => {
  const rule = DEFAULT_RULES.find((r) => r.id === 'balance_low')!
  assert.equal(rule.enabled, false)
  assert.deepEqual(rule.actions, ['pause_entries'])
})

test('balance_low warns, then goes critical and pauses entries, on the matched asset\'s free balance', async () => {
  const health = healthConfigFrom({ rules: [{ id: 'balance_low', enabled: true, match: { asset: 'USDT' }, warning: 500, critical: 100 }] })
  const logger = new MetricsLogger({ sampler: false, clock, health: { ...health, intervalMs: 3_600_000 } })
  const paused: string[] = []
  logger.onRemediate('pause_entries', (ctx) => { paused.push(`${ctx.check}:${ctx.severity}:${ctx.value}`); return 'entries paused' })
  const severity = (): string | undefined => logger.health!.evaluate().issues.find((i) => i.check === 'balance_low')?.severity
  logger.logBalance('USDT', 2000, 2000)
  // Another asset's small figure is not the account's headroom.
  logger.logBalance('BTC', 0.01, 0.01)
  assert.equal(severity(), undefined)
  now += 1000
  logger.logBalance('USDT', 400, 2000)
  assert.equal(severity(), 'warning')
  assert.deepEqual(paused, [])
  now += 1000
  logger.logBalance('USDT', 50, 2000)
  assert.equal(severity(), 'critical')
  for (let i = 0; i < 100 && paused.length === 0; i++) await new Promise((resolve) => setImmediate(resolve))
  assert.deepEqual(paused, ['balance_low:critical:50'])
  now += 1000
  logger.logBalance('USDT', 900, 2000)
  assert.equal(severity(), undefined)
  logger.close()
})
