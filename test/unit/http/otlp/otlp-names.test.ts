import { test } from 'node:test'
import assert from 'node:assert/strict'
import { prometheusName } from '../../../../src/http/otlp/otlp-record.ts'
import { decodeOtlpProtobuf } from '../../../../src/http/otlp/otlp-protobuf.ts'

test('OTLP names become Prometheus names: characters, unit words, _total for monotonic sums', () => {
  const cases: Array<[string, string, 'gauge' | 'sum' | 'histogram', boolean, string]> = [
    ['http.server.duration', 's', 'histogram', false, 'http_server_duration_seconds'],
    ['orders.placed', '', 'sum', true, 'orders_placed_total'],
    ['orders.placed', '{orders}', 'sum', true, 'orders_placed_total'],
    ['queue.depth', '{items}', 'sum', false, 'queue_depth'],
    ['memory.used', 'By', 'gauge', false, 'memory_used_bytes'],
    ['cpu.utilization', '1', 'gauge', false, 'cpu_utilization_ratio'],
    ['requests', '1', 'sum', true, 'requests_total'],
    ['latency_seconds', 's', 'gauge', false, 'latency_seconds'],
    ['bytes.sent_total', 'By', 'sum', true, 'bytes_sent_total'],
    ['2fa-checks', '', 'gauge', false, '_2fa_checks'],
    ['fills', 'fills/s', 'gauge', false, 'fills_fills_per_s']
  ]
  for (const [name, unit, kind, monotonic, want] of cases) assert.equal(prometheusName({ name, unit, kind, monotonic }), want, `${name} ${unit}`)
})

test('the protobuf reader takes negative int attributes, sfixed64 values and packed buckets', () => {
  // Hand-assembled: ResourceMetrics{ scope_metrics{ metrics{ name "g", gauge{ dp{ as_int -3, attr k=int -2 } } } } }
  const varint = (n: bigint): number[] => {
    const out: number[] = []
    let v = BigInt.asUintN(64, n)
    while (v >= 0x80n) { out.push(Number(v & 0x7fn) | 0x80); v >>= 7n }
    out.push(Number(v))
    return out
  }
  const ld = (field: number, bytes: number[]): number[] => [field * 8 + 2, ...varint(BigInt(bytes.length)), ...bytes]
  const sfixed = (n: bigint): number[] => { const b = Buffer.alloc(8); b.writeBigInt64LE(n); return [...b] }
  const attr = ld(7, [...ld(1, [0x6b]), ...ld(2, [3 * 8, ...varint(-2n)])])
  const dp = [...attr, 6 * 8 + 1, ...sfixed(-3n)]
  const metric = [...ld(1, [0x67]), ...ld(5, ld(1, dp))]
  const body = Uint8Array.from(ld(1, ld(2, ld(2, metric))))
  const [rm] = decodeOtlpProtobuf(body)
  assert.deepEqual(rm.metrics[0].points, [{ attributes: { k: '-2' }, timeMs: 0, value: -3 }])
  assert.equal(rm.metrics[0].kind, 'gauge')
})
