import { test } from 'node:test'
import assert from 'node:assert/strict'
import { uncompress } from 'snappyjs'
import { encodeSampleChunk, encodeWriteRequest, snappyBlock } from '../../../src/export/remote-write-encoding.ts'
import type { RemoteSample } from '../../../src/export/remote-write-encoding.ts'
import { decodeWriteRequest } from './remote-write-proto.ts'

const T = 1735689600123

test('a WriteRequest decodes back to the samples, labels sorted', () => {
  const samples: RemoteSample[] = [
    { labels: { __name__: 'breakout_engine_positions', state: 'trading' }, value: 2, timestampMs: T },
    { labels: { symbol: 'BTCUSDT', __name__: 'breakout_trades_closed_total', side: 'long', outcome: 'win' }, value: 17, timestampMs: T + 1 },
    { labels: { __name__: 'breakout_risk_daily_pnl' }, value: -325.75, timestampMs: T + 2 },
    { labels: { __name__: 'zero_at_epoch' }, value: 0, timestampMs: 0 }
  ]
  const { bytes, skipped } = encodeWriteRequest(samples, { job: 'breakout-bot', instance: 'bot-1' })
  assert.equal(skipped, 0)
  const series = decodeWriteRequest(bytes)
  assert.equal(series.length, 4)
  assert.deepEqual(series[1].labels, [
    { name: '__name__', value: 'breakout_trades_closed_total' },
    { name: 'instance', value: 'bot-1' },
    { name: 'job', value: 'breakout-bot' },
    { name: 'outcome', value: 'win' },
    { name: 'side', value: 'long' },
    { name: 'symbol', value: 'BTCUSDT' }
  ])
  assert.deepEqual(series.map((s) => s.samples), [
    [{ value: 2, timestamp: T }],
    [{ value: 17, timestamp: T + 1 }],
    [{ value: -325.75, timestamp: T + 2 }],
    [{ value: 0, timestamp: 0 }]
  ])
  for (const s of series) {
    const names = s.labels.map((l) => l.name)
    assert.deepEqual(names, [...names].sort(), 'labels sorted by name')
  }
})

test('a series label wins over an external label; empty values are left out', () => {
  const { bytes } = encodeWriteRequest(
    [{ labels: { __name__: 'm', instance: 'own', empty: '' }, value: 1, timestampMs: T }],
    { instance: 'external', region: 'eu' }
  )
  const [series] = decodeWriteRequest(bytes)
  assert.deepEqual(series.labels, [
    { name: '__name__', value: 'm' },
    { name: 'instance', value: 'own' },
    { name: 'region', value: 'eu' }
  ])
})

test('special float values survive: NaN, infinities, -0', () => {
  const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 5e-324]
  const { bytes } = encodeWriteRequest(values.map((value, i) => ({ labels: { __name__: 'f' }, value, timestampMs: T + i })))
  const decoded = decodeWriteRequest(bytes).map((s) => s.samples[0].value)
  assert.ok(Number.isNaN(decoded[0]))
  assert.deepEqual(decoded.slice(1), values.slice(1))
  assert.ok(Object.is(decoded[3], -0))
})

test('non-ASCII label values are UTF-8', () => {
  const { bytes } = encodeWriteRequest([{ labels: { __name__: 'm', note: 'Zürich €' }, value: 1, timestampMs: T }])
  assert.equal(decodeWriteRequest(bytes)[0].labels[1].value, 'Zürich €')
})

test('samples that cannot be sent are refused', () => {
  const bad: RemoteSample[] = [
    { labels: { job: 'x' }, value: 1, timestampMs: T }, // no name
    { labels: { __name__: '1bad' }, value: 1, timestampMs: T },
    { labels: { __name__: 'm', 'bad-label': 'x' }, value: 1, timestampMs: T },
    { labels: { __name__: 'm' }, value: 1, timestampMs: -1 },
    { labels: { __name__: 'm' }, value: 1, timestampMs: 1.5 },
    { labels: { __name__: 'm' }, value: 1, timestampMs: Number.NaN }
  ]
  for (const s of bad) assert.equal(encodeSampleChunk(s, {}), null, JSON.stringify(s))
  const { bytes, skipped } = encodeWriteRequest([...bad, { labels: { __name__: 'ok' }, value: 1, timestampMs: T }])
  assert.equal(skipped, bad.length)
  assert.equal(decodeWriteRequest(bytes).length, 1)
})

test('the snappy block round-trips and compresses repetitive requests', () => {
  const samples: RemoteSample[] = []
  for (let i = 0; i < 500; i++) {
    samples.push({ labels: { __name__: 'breakout_latency_seconds_bucket', component: 'order_execution', le: String(i % 12) }, value: i, timestampMs: T })
  }
  const { bytes } = encodeWriteRequest(samples)
  const compressed = snappyBlock(bytes)
  assert.ok(compressed.length < bytes.length / 3, `${compressed.length} vs ${bytes.length}`)
  assert.deepEqual(uncompress(compressed), bytes)
  assert.equal(decodeWriteRequest(uncompress(compressed)).length, 500)
})

test('an empty request is zero bytes (a valid, empty WriteRequest)', () => {
  const { bytes } = encodeWriteRequest([])
  assert.equal(bytes.length, 0)
  assert.deepEqual(decodeWriteRequest(bytes), [])
})
