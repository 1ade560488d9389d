import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { RemoteWriter } from '../../src/export/remote-write.ts'
import type { RemoteSample } from '../../src/export/remote-write-encoding.ts'
import { eventually, startVictoriaMetrics, tempDir } from './helpers/index.ts'

test('remote write lands samples in a real VictoriaMetrics, exactly', async () => {
  const dir = await tempDir('vm-write')
  const vm = await startVictoriaMetrics(join(dir.path, 'data'))
  try {
    // Whole seconds a minute ago: well inside retention, and exact in export.
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 60_000
    // VictoriaMetrics stores a block of floats as decimals with one shared
    // exponent: values of similar magnitude come back exact.
    const values = [0, 1.5, -325.75, 61250.125, 0.25]
    const sent: RemoteSample[] = []
    for (let i = 0; i < values.length; i++) {
      sent.push({ labels: { __name__: 'bm_rw_test_gauge', symbol: 'BTCUSDT' }, value: values[i], timestampMs: t0 + i * 1000 })
      sent.push({ labels: { __name__: 'bm_rw_test_total', side: 'long' }, value: i * 10, timestampMs: t0 + i * 1000 })
    }
    const writer = new RemoteWriter({
      url: vm.writeUrl,
      collect: () => sent,
      externalLabels: { job: 'breakout-bot', instance: 'it-1' },
      maxBatchSamples: 3
    })
    await writer.collectNow()
    assert.equal(await writer.flush(), true, writer.stats.lastError ?? '')
    assert.equal(writer.stats.sentSamples, 10)
    await vm.forceFlush()

    const exported = await eventually(async () => {
      const series = await vm.exportSeries('{__name__=~"bm_rw_test_.*"}')
      return series.length === 2 && series.every((s) => s.values.length === 5) ? series : undefined
    }, 10_000, 'both series exported')
    const gauge = exported.find((s) => s.metric.__name__ === 'bm_rw_test_gauge')
    assert.deepEqual(gauge?.metric, { __name__: 'bm_rw_test_gauge', instance: 'it-1', job: 'breakout-bot', symbol: 'BTCUSDT' })
    assert.deepEqual(gauge?.values, values)
    assert.deepEqual(gauge?.timestamps, values.map((_, i) => t0 + i * 1000))

    // And through the PromQL API, as Grafana would read it.
    const result = await vm.query('bm_rw_test_total{job="breakout-bot",side="long"}')
    assert.equal(result.length, 1)
    assert.equal(result[0].value[1], '40')
    await writer.stop()
  } finally {
    await vm.stop()
    await dir.remove()
  }
})

test('a stopped receiver neither blocks the caller nor grows the queue; data flows again after restart', async () => {
  const dir = await tempDir('vm-outage')
  const dataDir = join(dir.path, 'data')
  let vm = await startVictoriaMetrics(dataDir)
  const port = vm.port
  let round = 0
  const perRound = 250
  const collect = (): RemoteSample[] => {
    round++
    const ts = Date.now()
    return Array.from({ length: perRound }, (_, i) => ({ labels: { __name__: 'bm_rw_outage', series: String(i) }, value: round, timestampMs: ts }))
  }
  const writer = new RemoteWriter({ url: vm.writeUrl, collect, maxQueueSamples: 1000, minBackoffMs: 10, maxBackoffMs: 50, onError: () => {} })
  try {
    await writer.collectNow()
    assert.equal(await writer.flush(), true)
    await vm.stop()

    // Receiver gone: 40 rounds of 250 samples against a queue of 1,000.
    for (let i = 0; i < 40; i++) {
      assert.equal(await writer.collectNow(), perRound)
      assert.equal(await writer.flush(), false)
      assert.ok(writer.stats.queuedSamples <= 1000)
      // 1,000 samples of 61 encoded bytes each.
      assert.ok(writer.stats.queuedBytes <= 1000 * 61)
    }
    const during = writer.stats
    assert.equal(during.sentSamples, perRound)
    assert.equal(during.queuedSamples, 1000)
    assert.equal(during.droppedQueueFull, 40 * perRound - 1000)
    assert.match(during.lastError ?? '', /failed/)

    // The receiver comes back on the same address: the newest 1,000 land.
    vm = await startVictoriaMetrics(dataDir, port)
    await eventually(async () => (await writer.flush()) ? true : undefined, 15_000, 'queue drained after restart')
    assert.equal(writer.stats.sentSamples, perRound + 1000)
    await vm.forceFlush()
    const latest = await eventually(async () => {
      const r = await vm.query('max(max_over_time(bm_rw_outage[10m]))')
      return r.length === 1 && r[0].value[1] === String(round) ? r : undefined
    }, 10_000, 'the newest round is queryable')
    assert.equal(latest[0].value[1], '41')
  } finally {
    await writer.stop()
    await vm.stop()
    await dir.remove()
  }
})
