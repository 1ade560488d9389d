import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SeriesStore } from '../../../src/core/store.ts'
import { catalogDefinition } from '../../../src/core/metric-catalog.ts'
import { DEFAULT_SECONDS_BUCKETS } from '../../../src/core/metric-kind.ts'
import { Exposition } from '../../../src/export/exposition.ts'
import { NameClaims } from '../../../src/export/prometheus-names.ts'
import { renderStore } from '../../../src/export/prometheus-text.ts'

/** A small store with every kind, escaping, a catalog group and an overflow series. */
function smallStore (): SeriesStore {
  const store = new SeriesStore({ capacity: 4, maxLabelSetsPerMetric: 2 }, catalogDefinition)
  store.define('queue_depth', { kind: 'gauge', help: 'Orders "queued" at the C:\\ gateway\nper venue', unit: '', buckets: [] })
  const depth = store.series('queue_depth', { venue: 'a"b\\c' })
  depth.record(3, 1)
  depth.record(5, 2)
  store.series('queue_depth', { venue: 'idle' }) // no points: a gauge without a value is left out
  const opened = store.series('trade_opened', { symbol: 'BTCUSDT', side: 'long' })
  for (let t = 0; t < 3; t++) opened.record(0, t)
  const scanned = store.series('scanner_symbols_scanned')
  for (let v = 1; v <= 6; v++) scanned.record(v, v) // 21 in all; the ring keeps only 3+4+5+6
  store.series('trade_closed', { symbol: 'BTCUSDT', side: 'long' }).record(25, 3)
  store.define('fill_seconds', { kind: 'histogram', help: 'Time to fill an order.', unit: 'seconds', buckets: [0.1, 1] })
  const fill = store.series('fill_seconds', { venue: 'x' })
  for (const v of [0.05, 0.1, 0.5, 3]) fill.record(v, 1)
  store.series('fill_seconds', { le: 'own' }).record(0.2, 1)
  store.define('fills', { kind: 'counter', help: 'Order fills.', unit: '', buckets: [] })
  store.series('fills', { venue: 'a' }).record(1, 1)
  store.series('fills', { venue: 'a' }).record(1, 2)
  store.series('fills', { venue: 'b' }).record(1, 1)
  store.series('fills', { venue: 'c' }).record(1, 1) // past 2 label sets: folds
  store.series('fills', { venue: 'd' }).record(1, 1) // folds
  return store
}

const STORE_TEXT = [
  '# HELP queue_depth Orders "queued" at the C:\\\\ gateway\\nper venue',
  '# TYPE queue_depth gauge',
  'queue_depth{venue="a\\"b\\\\c"} 5',
  '# HELP breakout_trade_events_total Trade events by event type, symbol and side.',
  '# TYPE breakout_trade_events_total counter',
  'breakout_trade_events_total{event="opened",side="long",symbol="BTCUSDT"} 3',
  'breakout_trade_events_total{event="closed",side="long",symbol="BTCUSDT"} 1',
  '# HELP breakout_scanner_symbols_scanned_total Symbols scanned, summed over scanner runs.',
  '# TYPE breakout_scanner_symbols_scanned_total counter',
  'breakout_scanner_symbols_scanned_total 21',
  '# HELP fill_seconds Time to fill an order.',
  '# TYPE fill_seconds histogram',
  'fill_seconds_bucket{venue="x",le="0.1"} 2',
  'fill_seconds_bucket{venue="x",le="1"} 3',
  'fill_seconds_bucket{venue="x",le="+Inf"} 4',
  'fill_seconds_sum{venue="x"} 3.65',
  'fill_seconds_count{venue="x"} 4',
  'fill_seconds_bucket{exported_le="own",le="0.1"} 0',
  'fill_seconds_bucket{exported_le="own",le="1"} 1',
  'fill_seconds_bucket{exported_le="own",le="+Inf"} 1',
  'fill_seconds_sum{exported_le="own"} 0.2',
  'fill_seconds_count{exported_le="own"} 1',
  '# HELP fills_total Order fills.',
  '# TYPE fills_total counter',
  'fills_total{venue="a"} 2',
  'fills_total{venue="b"} 1',
  'fills_total{overflow="true"} 2',
  ''
].join('\n')

test('a small store renders to the exact 0.0.4 text', () => {
  const out: string[] = []
  renderStore(smallStore(), 'prometheus', new NameClaims(), out, () => assert.fail('no clash expected'))
  assert.equal(out.join(''), STORE_TEXT)
})

test('OpenMetrics differs in counter family names, HELP quotes, UNIT and le', () => {
  const out: string[] = []
  renderStore(smallStore(), 'openmetrics', new NameClaims(), out, () => assert.fail('no clash expected'))
  const expected = STORE_TEXT
    .replace('# HELP queue_depth Orders "queued"', '# HELP queue_depth Orders \\"queued\\"')
    .replace('# HELP breakout_trade_events_total', '# HELP breakout_trade_events')
    .replace('# TYPE breakout_trade_events_total', '# TYPE breakout_trade_events')
    .replace('# HELP breakout_scanner_symbols_scanned_total', '# HELP breakout_scanner_symbols_scanned')
    .replace('# TYPE breakout_scanner_symbols_scanned_total', '# TYPE breakout_scanner_symbols_scanned')
    .replace('# TYPE fill_seconds histogram', '# TYPE fill_seconds histogram\n# UNIT fill_seconds seconds')
    .replaceAll('le="1"}', 'le="1.0"}')
    .replace('# HELP fills_total', '# HELP fills')
    .replace('# TYPE fills_total', '# TYPE fills')
  assert.equal(out.join(''), expected)
})

test('the exposition adds the store families and, in OpenMetrics, # EOF', async () => {
  const store = smallStore()
  const exposition = new Exposition({ store, droppedPoints: 7 }, { defaultMetrics: false })
  const internal = [
    '# HELP breakout_points_dropped_total Points dropped as invalid (bad value, timestamp, name or labels).',
    '# TYPE breakout_points_dropped_total counter',
    'breakout_points_dropped_total 7',
    '# HELP breakout_series_folded_points_total Points recorded into a metric\'s overflow series because a label-set limit was reached.',
    '# TYPE breakout_series_folded_points_total counter',
    'breakout_series_folded_points_total{metric="queue_depth"} 0',
    'breakout_series_folded_points_total{metric="trade_opened"} 0',
    'breakout_series_folded_points_total{metric="scanner_symbols_scanned"} 0',
    'breakout_series_folded_points_total{metric="trade_closed"} 0',
    'breakout_series_folded_points_total{metric="fill_seconds"} 0',
    'breakout_series_folded_points_total{metric="fills"} 2',
    '# HELP breakout_store_series Series held in the store, overflow series included.',
    '# TYPE breakout_store_series gauge',
    // queue_depth 2 (the idle one too), trade_* 2, scanner 1, fill_seconds 2, fills 2 + overflow
    'breakout_store_series 10',
    '# HELP breakout_store_points Points held in the store\'s rings.',
    '# TYPE breakout_store_points gauge',
    // 2 + 3 + 4 (of 6) + 1 + 4 + 1 + 2 + 1 + 2 (overflow)
    'breakout_store_points 20',
    ''
  ].join('\n')
  assert.equal(await exposition.render('prometheus'), STORE_TEXT + internal)
  const om = await exposition.render('openmetrics')
  assert.ok(om.endsWith('breakout_store_points 20\n# EOF\n'))
  assert.equal(om.indexOf('# EOF'), om.length - 6, 'one # EOF, at the end')
  assert.ok(!om.includes('\n\n'), 'OpenMetrics has no blank lines')
  assert.ok(om.includes('# TYPE breakout_points_dropped counter\nbreakout_points_dropped_total 7\n'))
})

test('counters, totals and histograms do not go down when ring points age out', () => {
  const store = new SeriesStore({ capacity: 2 }, catalogDefinition)
  const cycle = store.series('engine_cycle_time', { state: 'trading' })
  const opened = store.series('trade_opened', { symbol: 'ETHUSDT', side: 'short' })
  const scanned = store.series('scanner_symbols_scanned')
  const values: number[] = []
  const render = (): string => {
    const out: string[] = []
    renderStore(store, 'prometheus', new NameClaims(), out, () => {})
    return out.join('')
  }
  for (let i = 1; i <= 10; i++) {
    cycle.record(i / 100, i)
    opened.record(0, i)
    scanned.record(10, i)
    const text = render()
    values.push(Number(/breakout_trade_events_total\{[^}]*\} (\d+)/.exec(text)![1]))
    assert.match(text, new RegExp(`^breakout_scanner_symbols_scanned_total ${i * 10}$`, 'm'))
    assert.match(text, new RegExp(`^breakout_engine_cycle_seconds_count\\{state="trading"\\} ${i}$`, 'm'))
    assert.match(text, new RegExp(`^breakout_engine_cycle_seconds_bucket\\{state="trading",le="\\+Inf"\\} ${i}$`, 'm'))
  }
  assert.equal(cycle.ring.size, 2)
  assert.deepEqual(values, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
})

test('latency_* and scanner_filter_* group into one family each, with cumulative buckets', () => {
  const store = new SeriesStore({}, catalogDefinition)
  store.series('latency_order_execution').record(0.0004, 1)
  store.series('latency_market_data', { component: 'own', venue: 'v1' }).record(0.003, 1)
  store.series('latency_order_execution').record(20, 2)
  store.series('scanner_filter_volume_surge').record(7, 1)
  store.series('scanner_filter_range_break').record(3, 1)
  const out: string[] = []
  renderStore(store, 'prometheus', new NameClaims(), out, () => {})
  const text = out.join('')
  assert.equal(text.split('# TYPE breakout_latency_seconds histogram').length, 2)
  assert.equal(text.split('# TYPE breakout_scanner_filter_matches gauge').length, 2)
  const execution = text.split('\n').filter((l) => l.startsWith('breakout_latency_seconds_bucket{component="order_execution"'))
  assert.equal(execution.length, DEFAULT_SECONDS_BUCKETS.length + 1)
  assert.equal(execution[0], 'breakout_latency_seconds_bucket{component="order_execution",le="0.0005"} 1')
  assert.equal(execution.at(-2), 'breakout_latency_seconds_bucket{component="order_execution",le="10"} 1')
  assert.equal(execution.at(-1), 'breakout_latency_seconds_bucket{component="order_execution",le="+Inf"} 2')
  assert.match(text, /^breakout_latency_seconds_sum\{component="order_execution"\} 20\.0004$/m)
  // The series' own `component` label would clash with the catalog's.
  assert.match(text, /^breakout_latency_seconds_count\{component="market_data",exported_component="own",venue="v1"\} 1$/m)
  assert.match(text, /^breakout_scanner_filter_matches\{filter="volume_surge"\} 7\nbreakout_scanner_filter_matches\{filter="range_break"\} 3$/m)
})

test('a catalog name redefined as another kind is exposed under its own name', () => {
  const store = new SeriesStore({}, catalogDefinition)
  store.define('trade_note', { kind: 'gauge', help: 'A note.', unit: '', buckets: [] })
  store.series('trade_note').record(4, 1)
  store.series('trade_opened').record(0, 1)
  const out: string[] = []
  renderStore(store, 'prometheus', new NameClaims(), out, () => {})
  const text = out.join('')
  assert.match(text, /^# TYPE trade_note gauge\ntrade_note 4$/m)
  assert.match(text, /^breakout_trade_events_total\{event="opened"\} 1$/m)
  assert.doesNotMatch(text, /event="note"/)
})

test('a user\'s overflow label cannot duplicate the overflow series', () => {
  const store = new SeriesStore({ maxLabelSetsPerMetric: 1 })
  store.series('m', { overflow: 'true' }).record(1, 1)
  store.series('m', { other: 'x' }).record(2, 1) // folds
  const out: string[] = []
  renderStore(store, 'prometheus', new NameClaims(), out, () => {})
  assert.equal(out.join(''), '# HELP m m (recorded with logMetric)\n# TYPE m gauge\nm{exported_overflow="true"} 1\nm{overflow="true"} 2\n')
})

test('label text is rendered once and cached on the series', () => {
  const store = new SeriesStore({}, catalogDefinition)
  const s = store.series('trade_opened', { symbol: 'SOLUSDT', side: 'long' })
  s.record(0, 1)
  assert.equal(s.labelText, null)
  const render = (): string => {
    const out: string[] = []
    renderStore(store, 'prometheus', new NameClaims(), out, () => {})
    return out.join('')
  }
  render()
  assert.equal(s.labelText, '{event="opened",side="long",symbol="SOLUSDT"}')
  // The cached text is what the next render uses, not a fresh rendering of the labels.
  s.labelText = '{cached="yes"}'
  s.record(0, 2)
  assert.match(render(), /^breakout_trade_events_total\{cached="yes"\} 2$/m)
})

test('a series whose values did not change keeps its rendered text; one that changed is rendered again', () => {
  const build = (): SeriesStore => {
    const store = new SeriesStore({}, catalogDefinition)
    store.define('fill_seconds', { kind: 'histogram', help: 'Fill time.', unit: 'seconds', buckets: [0.1, 1] })
    store.define('orders', { kind: 'counter', help: 'Orders.', unit: '', buckets: [] })
    return store
  }
  const render = (store: SeriesStore, format: 'prometheus' | 'openmetrics' = 'prometheus'): string => {
    const out: string[] = []
    renderStore(store, format, new NameClaims(), out, () => {})
    return out.join('')
  }
  // The same changes applied to two stores: `warm` rendered between them (its cache in play), `cold` only at the end.
  const changes: Array<(store: SeriesStore) => void> = [
    (st) => { st.series('spread', { symbol: 'BTC' }).record(1.5, 1); st.series('spread', { symbol: 'ETH' }).record(2.25, 1) },
    (st) => { st.series('fill_seconds', { venue: 'a' }).record(0.5, 2); st.series('orders').record(1, 2) },
    (st) => { st.series('spread', { symbol: 'ETH' }).record(3.125, 3) },
    (st) => { st.series('fill_seconds', { venue: 'a' }).record(5, 4); st.series('orders').record(1, 4) },
    (st) => { st.series('spread', { symbol: 'SOL' }).record(7, 5) },
    (st) => { st.series('spread', { symbol: 'BTC' }).clear() },
    (st) => { st.series('spread', { symbol: 'BTC' }).record(9, 6) }
  ]
  const warm = build()
  for (let i = 0; i < changes.length; i++) {
    changes[i](warm)
    const cold = build()
    for (let j = 0; j <= i; j++) changes[j](cold)
    assert.equal(render(warm), render(cold), `after change ${i}`)
    assert.equal(render(warm, 'openmetrics'), render(cold, 'openmetrics'), `after change ${i}, OpenMetrics`)
    // Rendering again with nothing changed gives the same text.
    assert.equal(render(warm), render(cold))
  }
  assert.match(render(warm), /^spread\{symbol="ETH"\} 3\.125$/m)
  assert.match(render(warm), /^fill_seconds_bucket\{venue="a",le="\+Inf"\} 2$/m)
  assert.match(render(warm), /^spread\{symbol="BTC"\} 9$/m)
})

test('a user family whose name is taken is left out and reported', () => {
  const store = new SeriesStore({}, catalogDefinition)
  store.series('breakout_engine_positions').record(1, 1) // the catalog's name for engine_positions
  store.define('orders', { kind: 'counter', help: 'Orders.', unit: '', buckets: [] })
  store.series('orders').record(1, 1)
  store.series('orders_total').record(5, 1) // a gauge: its name is the counter's
  store.series('orders_total_count').record(5, 1) // no clash
  const clashes: string[] = []
  const out: string[] = []
  renderStore(store, 'prometheus', new NameClaims(), out, (metric, promName) => clashes.push(`${metric}->${promName}`))
  const claims = new NameClaims()
  claims.claim('breakout_engine_positions', 'gauge')
  const out2: string[] = []
  const clashes2: string[] = []
  renderStore(store, 'prometheus', claims, out2, (metric, promName) => clashes2.push(`${metric}->${promName}`))
  assert.deepEqual(clashes, ['orders_total->orders_total'])
  assert.deepEqual(clashes2, ['breakout_engine_positions->breakout_engine_positions', 'orders_total->orders_total'])
  const text = out2.join('')
  assert.match(text, /^orders_total 1$/m)
  assert.match(text, /^orders_total_count 5$/m)
  assert.doesNotMatch(text, /breakout_engine_positions/)
})
