import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { Exposition } from '../../src/export/exposition.ts'
import { riskFamilies } from '../../src/export/risk-families.ts'
import { MetricsLogger } from '../../src/logger/metrics-logger.ts'

// The risk gauges pass Prometheus' own linter, defined and undefined alike.
test('promtool check metrics passes the risk families', async () => {
  const day = 86_400_000
  const t0 = Date.UTC(2024, 0, 1)
  const logger = new MetricsLogger({ sampler: false, onError: () => {}, trading: { startingBalance: 10_000 } })
  try {
    for (let d = 0; d < 10; d++) {
      logger.logTradeEvent('opened', 'BTCUSDT', 'long', 1, 100, null, null, { timestampMs: t0 + d * day })
      logger.logTradeEvent('closed', 'BTCUSDT', 'long', 1, d % 3 === 0 ? 96 : 103, null, null, { timestampMs: t0 + d * day + 60_000 })
    }
    const exposition = new Exposition(logger, { defaultMetrics: false, onWarning: (m) => assert.fail(m) })
    exposition.addProvider(riskFamilies(logger.trades, () => t0 + 10 * day))
    const text = await exposition.render('prometheus')
    for (const name of ['sharpe', 'ulcer_index', 'var_95', 'cvar_95', 'tail_ratio', 'kelly_fraction', 'omega']) {
      assert.match(text, new RegExp(`^breakout_trading_${name} -?[0-9.e-]+$`, 'm'), name)
    }
    const r = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' })
    assert.equal(r.stdout + r.stderr, '', 'promtool reports nothing')
    assert.equal(r.status, 0)
  } finally {
    logger.close()
  }
})
