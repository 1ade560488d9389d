import { test } from 'node:test'
import assert from 'node:assert/strict'
import protobuf from 'protobufjs'
import { AggregationTemporality, AggregationType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import type { ViewOptions } from '@opentelemetry/sdk-metrics'
import { OTLPMetricExporter as ProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto'
import { OTLPMetricExporter as JsonExporter } from '@opentelemetry/exporter-metrics-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { makeApp } from '../unit/http/helpers.ts'

interface Statistics { count: number, mean: number, p50: number, p90: number, latest: number, estimated_count?: number }
interface MetricAnswer { series: number, statistics: Statistics, points: Array<{ value: number }> }

/** The official OpenTelemetry SDK with an OTLP exporter; exports only when the test flushes. */
function sdkClient (exporter: ProtoExporter | JsonExporter, views: ViewOptions[] = []): MeterProvider {
  return new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'otel-bot', 'service.instance.id': 'otel-bot-3' }),
    views,
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })]
  })
}

/**
 * Reference for the weighted percentile of docs/ANALYSIS.md, written here
 * independently: values sorted, placed at u_k = S_{k-1} / (S_n - w_n),
 * linear interpolation between them.
 */
function weightedPercentile (values: number[], weights: number[], p: number): number {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b])
  const total = weights.reduce((a, b) => a + b, 0)
  const span = total - weights[order[order.length - 1]]
  const u: number[] = []
  let before = 0
  for (const i of order) { u.push(before / span); before += weights[i] }
  let k = 0
  while (k + 1 < order.length && u[k + 1] <= p) k++
  if (k === order.length - 1) return values[order[k]]
  return values[order[k]] + (p - u[k]) / (u[k + 1] - u[k]) * (values[order[k + 1]] - values[order[k]])
}

const near = (a: number, b: number, what: string): void => { assert.ok(Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`) }

const exporters = [
  ['protobuf, cumulative', (url: string) => new ProtoExporter({ url })],
  ['JSON, delta', (url: string) => new JsonExporter({ url, temporalityPreference: AggregationTemporality.DELTA })]
] as const

for (const [encoding, make] of exporters) {
  test(`a histogram's summary weighs each export by its observations (${encoding})`, async () => {
    const { app, logger } = await makeApp()
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const provider = sdkClient(make(`${base}/v1/metrics`))
    try {
      const fill = provider.getMeter('bot').createHistogram('fill.time', { unit: 's', advice: { explicitBucketBoundaries: [0.1, 1, 10] } })
      // Three exports of very different sizes: 1, 1000 and 3 observations.
      const exports = [[9], Array.from({ length: 1000 }, (_, i) => 0.5 + (i % 10) * 0.01), [4, 5, 6]]
      for (const values of exports) {
        for (const v of values) fill.record(v, { venue: 'x' })
        await provider.forceFlush()
      }
      const res = await app.inject('/api/metrics/metric/fill_time_seconds?venue=x')
      assert.equal(res.statusCode, 200, res.body)
      const answer = res.json<MetricAnswer>()
      const means = exports.map((v) => v.reduce((a, b) => a + b, 0) / v.length)
      const counts = exports.map((v) => v.length)
      // One point per export, its mean ...
      assert.equal(answer.points.length, 3)
      answer.points.forEach((p, i) => { near(p.value, means[i], `export ${i} mean`) })
      // ... and statistics over the observations: Σ sum / Σ count, not the mean of the three means.
      const all = exports.flat()
      near(answer.statistics.mean, all.reduce((a, b) => a + b, 0) / all.length, 'weighted mean')
      assert.ok(Math.abs(answer.statistics.mean - means.reduce((a, b) => a + b, 0) / 3) > 1, 'differs from the unweighted mean')
      assert.equal(answer.statistics.estimated_count, 1004)
      near(answer.statistics.p50, weightedPercentile(means, counts, 0.5), 'weighted p50')
      near(answer.statistics.p90, weightedPercentile(means, counts, 0.9), 'weighted p90')
      // Downsampled, each bucket and the statistics weigh the same way.
      const stepped = (await app.inject('/api/metrics/metric/fill_time_seconds?venue=x&step=1d')).json<MetricAnswer & { buckets: Array<{ count: number, mean: number, estimated_count?: number }> }>()
      // (Two buckets only if the exports straddle midnight UTC.)
      assert.equal(stepped.buckets.reduce((a, b) => a + b.count, 0), 3)
      assert.equal(stepped.buckets.reduce((a, b) => a + (b.estimated_count ?? b.count), 0), 1004)
      near(stepped.buckets.reduce((a, b) => a + b.mean * (b.estimated_count ?? b.count), 0) / 1004, answer.statistics.mean, 'bucket means')
      near(stepped.statistics.mean, answer.statistics.mean, 'stepped statistics mean')
      // The library's summary of the name agrees.
      const summary = logger.getMetricsSummary('fill_time_seconds') as Statistics
      near(summary.mean, answer.statistics.mean, 'getMetricsSummary mean')
    } finally {
      await provider.shutdown().catch(() => {})
      await app.close()
    }
  })

  test(`exponential histograms become count, sum and the weighted summary (${encoding})`, async () => {
    const { app } = await makeApp()
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const provider = sdkClient(make(`${base}/v1/metrics`), [{ instrumentName: 'slippage', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }])
    try {
      const slippage = provider.getMeter('bot').createHistogram('slippage', { unit: 'bps' })
      const first = [2, 3]
      const second = Array.from({ length: 200 }, (_, i) => 10 + (i % 7))
      for (const v of first) slippage.record(v, { symbol: 'BTCUSDT' })
      await provider.forceFlush()
      for (const v of second) slippage.record(v, { symbol: 'BTCUSDT' })
      await provider.forceFlush()
      const read = async (path: string): Promise<MetricAnswer> => {
        const res = await app.inject(`/api/metrics/metric/${path}`)
        assert.equal(res.statusCode, 200, `${path}: ${res.body}`)
        return res.json()
      }
      const all = [...first, ...second]
      const total = all.reduce((a, b) => a + b, 0)
      assert.equal((await read('slippage_bps_count?symbol=BTCUSDT&bot=otel-bot-3')).statistics.latest, 202)
      near((await read('slippage_bps_sum?symbol=BTCUSDT')).statistics.latest, total, 'sum')
      const mean = await read('slippage_bps?symbol=BTCUSDT')
      assert.deepEqual(mean.points.map((p) => p.value), [2.5, second.reduce((a, b) => a + b, 0) / 200])
      near(mean.statistics.mean, total / 202, 'weighted mean')
      // The exponential buckets are not kept as `le` series.
      assert.equal((await app.inject('/api/metrics/metric/slippage_bps_bucket')).statusCode, 404)
    } finally {
      await provider.shutdown().catch(() => {})
      await app.close()
    }
  })
}

/**
 * The OTLP messages a Summary travels in (opentelemetry-proto metrics/v1,
 * collector/metrics/v1), encoded with protobufjs: the SDK for JavaScript has
 * no Summary aggregation, and this codec is independent of the decoder under test.
 */
const OTLP_PROTO = `
syntax = "proto3";
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; } }
message KeyValue { string key = 1; AnyValue value = 2; }
message Resource { repeated KeyValue attributes = 1; }
message ValueAtQuantile { double quantile = 1; double value = 2; }
message SummaryDataPoint { repeated KeyValue attributes = 7; fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3;
  fixed64 count = 4; double sum = 5; repeated ValueAtQuantile quantile_values = 6; }
message Summary { repeated SummaryDataPoint data_points = 1; }
message Metric { string name = 1; string description = 2; string unit = 3; Summary summary = 11; }
message ScopeMetrics { repeated Metric metrics = 2; }
message ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
`

test('OTLP summaries become _count, _sum and quantile series, from JSON and from protobuf', async () => {
  const { app } = await makeApp()
  try {
    const attr = (key: string, value: string): { key: string, value: { stringValue: string } } => ({ key, value: { stringValue: value } })
    const request = (bot: string, count: number, sum: number, quantiles: Array<[number, number]>): Record<string, unknown> => ({
      resourceMetrics: [{
        resource: { attributes: [attr('service.name', bot)] },
        scopeMetrics: [{
          metrics: [{
            name: 'rpc.duration',
            unit: 'ms',
            summary: {
              dataPoints: [{
                attributes: [attr('method', 'place_order'), attr('quantile', 'dropped')],
                timeUnixNano: String(Date.now() * 1e6),
                count: String(count),
                sum,
                quantileValues: quantiles.map(([quantile, value]) => ({ quantile, value }))
              }]
            }
          }]
        }]
      }]
    })
    const json = await app.inject({ method: 'POST', url: '/v1/metrics', payload: request('bot-json', 40, 812.5, [[0.5, 18], [0.99, 61]]) })
    assert.equal(json.statusCode, 200, json.body)
    assert.deepEqual(json.json(), {})

    const Request = protobuf.parse(OTLP_PROTO, { keepCase: false }).root.lookupType('ExportMetricsServiceRequest')
    const message = Request.fromObject(request('bot-proto', 7, 70, [[0, 3], [0.5, 9], [1, 25]]))
    const proto = await app.inject({
      method: 'POST',
      url: '/v1/metrics',
      payload: Buffer.from(Request.encode(message).finish()),
      headers: { 'content-type': 'application/x-protobuf' }
    })
    assert.equal(proto.statusCode, 200, proto.body)
    assert.equal(proto.rawPayload.length, 0, 'an empty ExportMetricsServiceResponse: nothing rejected')

    const latest = async (path: string): Promise<number> => {
      const res = await app.inject(`/api/metrics/metric/${path}`)
      assert.equal(res.statusCode, 200, `${path}: ${res.body}`)
      return res.json<MetricAnswer>().statistics.latest
    }
    for (const [bot, count, sum, quantiles] of [['bot-json', 40, 812.5, [['0.5', 18], ['0.99', 61]]], ['bot-proto', 7, 70, [['0', 3], ['0.5', 9], ['1', 25]]]] as const) {
      assert.equal(await latest(`rpc_duration_milliseconds_count?bot=${bot}&method=place_order`), count)
      assert.equal(await latest(`rpc_duration_milliseconds_sum?bot=${bot}`), sum)
      for (const [q, value] of quantiles) assert.equal(await latest(`rpc_duration_milliseconds?bot=${bot}&quantile=${q}`), value, `${bot} q=${q}`)
    }
    // The attribute named `quantile` does not overwrite the quantile label.
    const series = (await app.inject('/api/metrics/metric/rpc_duration_milliseconds?bot=bot-proto')).json<MetricAnswer>()
    assert.equal(series.series, 3)
  } finally {
    await app.close()
  }
})
