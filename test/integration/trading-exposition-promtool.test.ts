import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { Exposition } from '../../src/export/exposition.ts'
import { tradingFamilies } from '../../src/export/trading-families.ts'
import { MetricsLogger } from '../../src/logger/metrics-logger.ts'

// The trading families pass Prometheus' own linter, with the symbol label folded past its bound.
test('promtool check metrics passes the trading families', async () => {
  const logger = new MetricsLogger({ sampler: false, onError: () => {}, trading: { startingBalance: 10_000 } })
  try {
    for (let i = 0; i < 30; i++) {
      const symbol = `SYM${i % 6}USDT`
      const side = i % 2 === 0 ? 'buy' : 'sell'
      logger.logTradeEvent('opened', symbol, side, 1, 100, null, null, { fees: 0.1, timestampMs: 1000 * i })
      logger.logTradeEvent('closed', symbol, side, 1, 100 + (i % 3) - 1, null, null, { fees: 0.1, timestampMs: 1000 * i + 500 })
    }
    logger.logTradeEvent('opened', 'OPENUSDT', 'long', 1, 5)
    const exposition = new Exposition(logger, { defaultMetrics: false, onWarning: (m) => assert.fail(m) })
    exposition.addProvider(tradingFamilies(logger.trades, 4))
    const text = await exposition.render('prometheus')
    for (const line of ['breakout_trading_total_pnl ', 'breakout_trading_win_rate ', 'breakout_trading_open_positions 1',
      'breakout_trading_max_drawdown_pct ', 'breakout_trades_closed_total{outcome="win",side="long",symbol="SYM2USDT"} 5',
      'breakout_trades_closed_total{outcome="loss",overflow="true",side="short"} 5',
      'breakout_trading_symbol_pnl{side="long",symbol="SYM2USDT"} 4', 'breakout_trading_symbol_pnl{overflow="true",side="short"} ']) {
      assert.ok(text.includes('\n' + line), line)
    }
    // Four symbols keep their label; the trades of SYM4USDT and SYM5USDT are folded.
    assert.doesNotMatch(text, /breakout_trades_closed_total\{[^}]*symbol="SYM[45]USDT"/)
    const r = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' })
    assert.equal(r.stdout + r.stderr, '', 'promtool reports nothing')
    assert.equal(r.status, 0)
    const om = await exposition.render('openmetrics')
    assert.match(om, /^# TYPE breakout_trades_closed counter$/m)
    assert.match(om, /^breakout_trades_closed_total\{outcome="win",side="long",symbol="SYM2USDT"\} 5$/m)
  } finally {
    logger.close()
  }
})
