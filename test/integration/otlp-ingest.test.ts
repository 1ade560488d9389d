import { test } from 'node:test'
import assert from 'node:assert/strict'
import { gzipSync } from 'node:zlib'
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { OTLPMetricExporter as ProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto'
import { OTLPMetricExporter as JsonExporter } from '@opentelemetry/exporter-metrics-otlp-http'
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { makeApp } from '../unit/http/helpers.ts'

interface MetricAnswer { series: number, statistics: { latest: number }, points: Array<{ value: number }> }

/** The official OpenTelemetry SDK with an OTLP exporter, as a bot in any language would run it. */
function sdkClient (exporter: ProtoExporter | JsonExporter, service: Record<string, string>): MeterProvider {
  return new MeterProvider({
    resource: resourceFromAttributes(service),
    // Exported only when the test flushes.
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })]
  })
}

for (const [encoding, make] of [
  ['protobuf', (url: string) => new ProtoExporter({ url })],
  ['protobuf, gzip', (url: string) => new ProtoExporter({ url, compression: CompressionAlgorithm.GZIP })],
  ['JSON', (url: string) => new JsonExporter({ url })],
  ['JSON, gzip, delta', (url: string) => new JsonExporter({ url, compression: CompressionAlgorithm.GZIP, temporalityPreference: AggregationTemporality.DELTA })]
] as const) {
  test(`OpenTelemetry SDK metrics over OTLP/HTTP (${encoding}) appear in /metric with their attributes`, async () => {
    const { app } = await makeApp()
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const provider = sdkClient(make(`${base}/v1/metrics`), { 'service.name': 'otel-bot', 'service.instance.id': 'otel-bot-7' })
    try {
      const meter = provider.getMeter('bot')
      const orders = meter.createCounter('orders.placed', { description: 'orders sent' })
      const latency = meter.createHistogram('order.latency', { unit: 's', advice: { explicitBucketBoundaries: [0.01, 0.1, 1] } })
      const equity = meter.createGauge('account.equity', { unit: 'USD' })
      orders.add(3, { exchange: 'binance', side: 'buy' })
      orders.add(2, { exchange: 'binance', side: 'buy' })
      orders.add(1, { exchange: 'okx', side: 'sell' })
      const observed = [0.005, 0.02, 0.05, 0.5, 2]
      for (const v of observed) latency.record(v, { exchange: 'binance' })
      equity.record(10_250.5, { account: 'main' })
      await provider.forceFlush()
      // A second export: the counter is then 5 + 4 = 9 for binance in both temporalities.
      orders.add(4, { exchange: 'binance', side: 'buy' })
      latency.record(0.03, { exchange: 'binance' })
      await provider.forceFlush()

      const read = async (path: string): Promise<MetricAnswer> => {
        const res = await app.inject(`/api/metrics/metric/${path}`)
        assert.equal(res.statusCode, 200, `${path}: ${res.body}`)
        return res.json()
      }
      const binance = await read('orders_placed_total?exchange=binance&side=buy&bot=otel-bot-7')
      assert.equal(binance.series, 1)
      assert.equal(binance.statistics.latest, 9)
      assert.equal((await read('orders_placed_total?exchange=okx')).statistics.latest, 1)
      assert.equal((await read('account_equity_USD?account=main')).statistics.latest, 10_250.5)
      assert.equal((await read('order_latency_seconds_count?exchange=binance')).statistics.latest, 6)
      const sum = (await read('order_latency_seconds_sum?exchange=binance')).statistics.latest
      assert.ok(Math.abs(sum - (observed.reduce((a, b) => a + b, 0) + 0.03)) < 1e-9)
      // Cumulative buckets: <=0.01: 1, <=0.1: 4, <=1: 5, +Inf: 6.
      for (const [le, want] of [['0.01', 1], ['0.1', 4], ['1', 5], ['%2BInf', 6]] as const) {
        assert.equal((await read(`order_latency_seconds_bucket?exchange=binance&le=${le}`)).statistics.latest, want, `le=${le}`)
      }
      // The mean series: each export's new observations' mean.
      const mean = await read('order_latency_seconds?exchange=binance')
      assert.deepEqual(mean.points.map((p) => Math.round(p.value * 1e6) / 1e6), [Math.round(observed.reduce((a, b) => a + b, 0) / 5 * 1e6) / 1e6, 0.03])
    } finally {
      await provider.shutdown().catch(() => {})
      await app.close()
    }
  })
}

test('bad OTLP bodies get a 400 that says what is wrong, and the service keeps answering', async () => {
  const { app } = await makeApp()
  try {
    const post = async (body: string | Buffer, type: string, encoding?: string): Promise<{ status: number, json: { error?: string, message?: string } }> => {
      const res = await app.inject({ method: 'POST', url: '/v1/metrics', payload: body, headers: { 'content-type': type, ...(encoding === undefined ? {} : { 'content-encoding': encoding }) } })
      return { status: res.statusCode, json: res.json() }
    }
    const cases: Array<[string | Buffer, string, string | undefined, RegExp]> = [
      ['{not json', 'application/json', undefined, /not JSON/],
      ['{"resourceMetrics":{}}', 'application/json', undefined, /\$\.resourceMetrics must be an array/],
      ['{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":5}]}]}]}', 'application/json', undefined, /metrics\[0\]\.name must be a string/],
      [Buffer.from([0x0a, 0xff, 0x01, 0x00]), 'application/x-protobuf', undefined, /truncated/],
      [Buffer.from('not gzip'), 'application/x-protobuf', 'gzip', /gzip body is corrupt/],
      [gzipSync(Buffer.alloc(17 * 1024 * 1024)), 'application/x-protobuf', 'gzip', /unpacks past/],
      ['{}', 'application/json', 'br', /Content-Encoding br is not supported/]
    ]
    for (const [body, type, encoding, message] of cases) {
      const { status, json } = await post(body, type, encoding)
      assert.equal(status, 400, String(message))
      assert.equal(json.error, 'BM_ERR_OTLP')
      assert.match(json.message ?? '', message)
    }
    assert.equal((await post('x', 'text/plain')).status, 415)
    assert.equal((await app.inject('/api/metrics/summary')).statusCode, 200)
  } finally {
    await app.close()
  }
})
