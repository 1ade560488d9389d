import { OtlpDecodeError } from '../../core/errors.ts'
import { emptyMetric } from './otlp-model.ts'
import type { OtlpHistogramPoint, OtlpMetric, OtlpNumberPoint, OtlpResourceMetrics, OtlpSummaryPoint } from './otlp-model.ts'
import { ProtobufReader } from './protobuf-reader.ts'

const NS_PER_MS = 1e6

/** Decodes an `ExportMetricsServiceRequest` in protobuf. Throws OtlpDecodeError. */
export function decodeOtlpProtobuf (body: Uint8Array): OtlpResourceMetrics[] {
  const r = new ProtobufReader(body)
  const out: OtlpResourceMetrics[] = []
  while (!r.done) {
    const { field, wireType } = r.key()
    if (field === 1 && wireType === 2) out.push(resourceMetrics(r.message()))
    else r.skip(wireType)
  }
  return out
}

function resourceMetrics (r: ProtobufReader): OtlpResourceMetrics {
  const rm: OtlpResourceMetrics = { resource: {}, metrics: [] }
  while (!r.done) {
    const { field, wireType } = r.key()
    if (field === 1 && wireType === 2) {
      const res = r.message()
      while (!res.done) {
        const k = res.key()
        if (k.field === 1 && k.wireType === 2) keyValue(res.message(), rm.resource)
        else res.skip(k.wireType)
      }
    } else if (field === 2 && wireType === 2) {
      const scope = r.message()
      while (!scope.done) {
        const k = scope.key()
        if (k.field === 2 && k.wireType === 2) rm.metrics.push(metric(scope.message()))
        else scope.skip(k.wireType)
      }
    } else {
      r.skip(wireType)
    }
  }
  return rm
}

function metric (r: ProtobufReader): OtlpMetric {
  const m = emptyMetric()
  while (!r.done) {
    const { field, wireType } = r.key()
    if (field === 1 && wireType === 2) m.name = r.string()
    else if (field === 3 && wireType === 2) m.unit = r.string()
    else if ((field === 5 || field === 7) && wireType === 2) {
      m.kind = field === 5 ? 'gauge' : 'sum'
      const data = r.message()
      while (!data.done) {
        const k = data.key()
        if (k.field === 1 && k.wireType === 2) m.points.push(numberPoint(data.message()))
        else if (k.field === 2 && k.wireType === 0) m.temporality = data.varint()
        else if (k.field === 3 && k.wireType === 0) m.monotonic = data.varint() !== 0
        else data.skip(k.wireType)
      }
    } else if (field === 9 && wireType === 2) {
      m.kind = 'histogram'
      const data = r.message()
      while (!data.done) {
        const k = data.key()
        if (k.field === 1 && k.wireType === 2) m.histogramPoints.push(histogramPoint(data.message()))
        else if (k.field === 2 && k.wireType === 0) m.temporality = data.varint()
        else data.skip(k.wireType)
      }
    } else if (field === 10 && wireType === 2) {
      m.kind = 'exponential_histogram'
      const data = r.message()
      while (!data.done) {
        const k = data.key()
        if (k.field === 1 && k.wireType === 2) m.histogramPoints.push(exponentialPoint(data.message()))
        else if (k.field === 2 && k.wireType === 0) m.temporality = data.varint()
        else data.skip(k.wireType)
      }
    } else if (field === 11 && wireType === 2) {
      m.kind = 'summary'
      const data = r.message()
      while (!data.done) {
        const k = data.key()
        if (k.field === 1 && k.wireType === 2) m.summaryPoints.push(summaryPoint(data.message()))
        else data.skip(k.wireType)
      }
    } else {
      r.skip(wireType)
    }
  }
  return m
}

function numberPoint (r: ProtobufReader): OtlpNumberPoint {
  const p: OtlpNumberPoint = { attributes: {}, timeMs: 0, value: Number.NaN }
  while (!r.done) {
    const { field, wireType } = r.key()
    if (field === 7 && wireType === 2) keyValue(r.message(), p.attributes)
    else if (field === 3 && wireType === 1) p.timeMs = r.fixed64() / NS_PER_MS
    else if (field === 4 && wireType === 1) p.value = r.double()
    else if (field === 6 && wireType === 1) p.value = r.fixed64(true)
    else r.skip(wireType)
  }
  return p
}

function histogramPoint (r: ProtobufReader): OtlpHistogramPoint {
  const p: OtlpHistogramPoint = { attributes: {}, timeMs: 0, count: 0, sum: null, bucketCounts: [], bounds: [] }
  while (!r.done) {
    const { field, wireType } = r.key()
    if (field === 9 && wireType === 2) keyValue(r.message(), p.attributes)
    else if (field === 3 && wireType === 1) p.timeMs = r.fixed64() / NS_PER_MS
    else if (field === 4 && wireType === 1) p.count = r.fixed64()
    else if (field === 5 && wireType === 1) p.sum = r.double()
    else if (field === 6) r.repeated64(wireType, (s) => s.fixed64(), p.bucketCounts)
    else if (field === 7) r.repeated64(wireType, (s) => s.double(), p.bounds)
    else r.skip(wireType)
  }
  return p
}

/** ExponentialHistogramDataPoint: attributes, time, count and sum; the exponential buckets are not kept. */
function exponentialPoint (r: ProtobufReader): OtlpHistogramPoint {
  const p: OtlpHistogramPoint = { attributes: {}, timeMs: 0, count: 0, sum: null, bucketCounts: [], bounds: [] }
  while (!r.done) {
    const { field, wireType } = r.key()
    if (field === 1 && wireType === 2) keyValue(r.message(), p.attributes)
    else if (field === 3 && wireType === 1) p.timeMs = r.fixed64() / NS_PER_MS
    else if (field === 4 && wireType === 1) p.count = r.fixed64()
    else if (field === 5 && wireType === 1) p.sum = r.double()
    else r.skip(wireType)
  }
  return p
}

/** SummaryDataPoint: attributes (field 7), time, count, sum and ValueAtQuantile entries. */
function summaryPoint (r: ProtobufReader): OtlpSummaryPoint {
  const p: OtlpSummaryPoint = { attributes: {}, timeMs: 0, count: 0, sum: 0, quantiles: [] }
  while (!r.done) {
    const { field, wireType } = r.key()
    if (field === 7 && wireType === 2) keyValue(r.message(), p.attributes)
    else if (field === 3 && wireType === 1) p.timeMs = r.fixed64() / NS_PER_MS
    else if (field === 4 && wireType === 1) p.count = r.fixed64()
    else if (field === 5 && wireType === 1) p.sum = r.double()
    else if (field === 6 && wireType === 2) {
      const q = r.message()
      const entry = { quantile: 0, value: 0 }
      while (!q.done) {
        const k = q.key()
        if (k.field === 1 && k.wireType === 1) entry.quantile = q.double()
        else if (k.field === 2 && k.wireType === 1) entry.value = q.double()
        else q.skip(k.wireType)
      }
      p.quantiles.push(entry)
    } else r.skip(wireType)
  }
  return p
}

/** A KeyValue into `into`: scalar values as label text; arrays, maps and bytes are left out. */
function keyValue (r: ProtobufReader, into: Record<string, string>): void {
  let key = ''
  let value: string | null = null
  while (!r.done) {
    const { field, wireType } = r.key()
    if (field === 1 && wireType === 2) key = r.string()
    else if (field === 2 && wireType === 2) value = anyValue(r.message())
    else r.skip(wireType)
  }
  if (key === '') throw new OtlpDecodeError('protobuf: an attribute without a key')
  if (value !== null) into[key] = value
}

function anyValue (r: ProtobufReader): string | null {
  let value: string | null = null
  while (!r.done) {
    const { field, wireType } = r.key()
    if (field === 1 && wireType === 2) value = r.string()
    else if (field === 2 && wireType === 0) value = r.varint() !== 0 ? 'true' : 'false'
    else if (field === 3 && wireType === 0) value = String(r.int64())
    else if (field === 4 && wireType === 1) value = String(r.double())
    else r.skip(wireType)
  }
  return value
}
