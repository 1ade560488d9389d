import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_SECONDS_BUCKETS } from '../../../src/core/metric-kind.ts'
import type { MetricDefinition } from '../../../src/core/metric-kind.ts'
import { CATALOG_FAMILIES, counterName, mapFamily, NameClaims, occupiedNames } from '../../../src/export/prometheus-names.ts'

const def = (kind: MetricDefinition['kind'], unit = ''): MetricDefinition =>
  ({ kind, help: 'h', unit, buckets: kind === 'histogram' ? DEFAULT_SECONDS_BUCKETS : [] })

test('catalog names map to their Prometheus family and labels', () => {
  assert.deepEqual(mapFamily('trade_closed', def('counter')), {
    name: 'breakout_trade_events_total',
    type: 'counter',
    kind: 'counter',
    help: 'Trade events by event type, symbol and side.',
    unit: '',
    labels: { event: 'closed' },
    catalog: true
  })
  const latency = mapFamily('latency_market_data', def('histogram', 'seconds'))
  assert.equal(latency.name, 'breakout_latency_seconds')
  assert.deepEqual(latency.labels, { component: 'market_data' })
  const scanned = mapFamily('scanner_symbols_scanned', def('total'))
  assert.equal(scanned.name, 'breakout_scanner_symbols_scanned_total')
  assert.equal(scanned.type, 'counter')
  assert.equal(scanned.kind, 'total')
})

test('user names keep their own name; counters and totals get _total once', () => {
  assert.equal(mapFamily('spread_bps', def('gauge')).name, 'spread_bps')
  assert.equal(mapFamily('orders', def('counter')).name, 'orders_total')
  assert.equal(mapFamily('orders_total', def('counter')).name, 'orders_total')
  assert.equal(mapFamily('volume', def('total')).name, 'volume_total')
  assert.equal(mapFamily('fill_seconds', def('histogram')).type, 'histogram')
  assert.equal(counterName('a_total'), 'a_total')
  // A catalog name redefined as another kind is the user's.
  const note = mapFamily('trade_note', def('gauge'))
  assert.equal(note.name, 'trade_note')
  assert.equal(note.catalog, false)
})

test('the catalog reserves every Prometheus family of the product', () => {
  const names = CATALOG_FAMILIES.map((f) => f.name).sort()
  assert.deepEqual(names, [
    'breakout_account_balance', 'breakout_account_equity', 'breakout_account_exposure', 'breakout_account_unrealized_pnl',
    'breakout_balance_free', 'breakout_balance_total',
    'breakout_engine_cycle_seconds', 'breakout_engine_orders', 'breakout_engine_positions', 'breakout_engine_signals',
    'breakout_fill_latency_seconds', 'breakout_latency_seconds', 'breakout_risk_current', 'breakout_risk_daily_pnl', 'breakout_risk_max', 'breakout_risk_position',
    'breakout_scanner_candidates_found_total', 'breakout_scanner_filter_matches', 'breakout_scanner_scan_seconds',
    'breakout_scanner_symbols_scanned_total', 'breakout_slippage_bps', 'breakout_trade_events_total', 'breakout_trade_pnl', 'breakout_trading_rolling_sharpe_30d'
  ])
})

test('a family occupies its sample names and its OpenMetrics name', () => {
  assert.deepEqual(occupiedNames('x', 'gauge'), ['x'])
  assert.deepEqual(occupiedNames('x_total', 'counter'), ['x_total', 'x', 'x_created'])
  assert.deepEqual(occupiedNames('h', 'histogram'), ['h', 'h_bucket', 'h_sum', 'h_count', 'h_created'])
})

test('claims admit a family only when none of its names is taken', () => {
  const claims = new NameClaims()
  assert.ok(claims.claim('wait_seconds', 'histogram'))
  assert.ok(!claims.claim('wait_seconds_count', 'gauge'))
  assert.ok(!claims.claim('wait_seconds', 'gauge'))
  assert.ok(claims.claim('jobs_total', 'counter'))
  assert.ok(!claims.claim('jobs', 'gauge'), 'the counter\'s OpenMetrics family is jobs')
  assert.ok(claims.claim('jobs_running', 'gauge'))
  const copy = new NameClaims(claims)
  assert.ok(copy.claim('fresh', 'gauge'))
  assert.ok(!claims.has('fresh'), 'a copy does not write through')
  assert.ok(copy.has('jobs_total'))
})
