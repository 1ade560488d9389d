import { OtlpDecodeError } from '../../core/errors.ts'
import { emptyMetric } from './otlp-model.ts'
import type { OtlpHistogramPoint, OtlpMetric, OtlpNumberPoint, OtlpResourceMetrics, OtlpSummaryPoint } from './otlp-model.ts'

type Json = Record<string, unknown>

/**
 * Decodes an `ExportMetricsServiceRequest` in OTLP/JSON: the protobuf JSON
 * mapping with lowerCamelCase names (snake_case accepted too), 64-bit
 * integers as strings or numbers, enums as numbers. Throws OtlpDecodeError
 * naming the path of what is wrong.
 */
export function decodeOtlpJson (doc: unknown): OtlpResourceMetrics[] {
  const root = object(doc, '$')
  return list(field(root, 'resourceMetrics'), '$.resourceMetrics').map((rm, i) => {
    const where = `$.resourceMetrics[${i}]`
    const r = object(rm, where)
    const resource: Record<string, string> = {}
    const res = field(r, 'resource')
    if (res !== undefined) attributes(field(object(res, `${where}.resource`), 'attributes'), `${where}.resource.attributes`, resource)
    const metrics: OtlpMetric[] = []
    list(field(r, 'scopeMetrics'), `${where}.scopeMetrics`).forEach((sm, j) => {
      const w = `${where}.scopeMetrics[${j}]`
      list(field(object(sm, w), 'metrics'), `${w}.metrics`).forEach((m, k) => metrics.push(metric(object(m, `${w}.metrics[${k}]`), `${w}.metrics[${k}]`)))
    })
    return { resource, metrics }
  })
}

function metric (m: Json, where: string): OtlpMetric {
  const out = emptyMetric()
  out.name = str(field(m, 'name'), `${where}.name`)
  out.unit = field(m, 'unit') === undefined ? '' : str(field(m, 'unit'), `${where}.unit`)
  const gauge = field(m, 'gauge')
  const sum = field(m, 'sum')
  const histogram = field(m, 'histogram')
  const exponential = field(m, 'exponentialHistogram')
  const summary = field(m, 'summary')
  if (gauge !== undefined || sum !== undefined) {
    const data = object(gauge ?? sum, `${where}.${gauge === undefined ? 'sum' : 'gauge'}`)
    out.kind = gauge === undefined ? 'sum' : 'gauge'
    out.monotonic = field(data, 'isMonotonic') === true
    out.temporality = num(field(data, 'aggregationTemporality') ?? 0, `${where}.aggregationTemporality`)
    out.points = list(field(data, 'dataPoints'), `${where}.dataPoints`).map((p, i) => numberPoint(object(p, `${where}.dataPoints[${i}]`), `${where}.dataPoints[${i}]`))
  } else if (histogram !== undefined) {
    const data = object(histogram, `${where}.histogram`)
    out.kind = 'histogram'
    out.temporality = num(field(data, 'aggregationTemporality') ?? 0, `${where}.aggregationTemporality`)
    out.histogramPoints = list(field(data, 'dataPoints'), `${where}.dataPoints`).map((p, i) => histogramPoint(object(p, `${where}.dataPoints[${i}]`), `${where}.dataPoints[${i}]`))
  } else if (exponential !== undefined) {
    const data = object(exponential, `${where}.exponentialHistogram`)
    out.kind = 'exponential_histogram'
    out.temporality = num(field(data, 'aggregationTemporality') ?? 0, `${where}.aggregationTemporality`)
    // Count and sum only: the exponential buckets are not kept.
    out.histogramPoints = list(field(data, 'dataPoints'), `${where}.dataPoints`).map((p, i) => {
      const point = histogramPoint(object(p, `${where}.dataPoints[${i}]`), `${where}.dataPoints[${i}]`)
      return { ...point, bucketCounts: [], bounds: [] }
    })
  } else if (summary !== undefined) {
    const data = object(summary, `${where}.summary`)
    out.kind = 'summary'
    out.summaryPoints = list(field(data, 'dataPoints'), `${where}.dataPoints`).map((p, i) => summaryPoint(object(p, `${where}.dataPoints[${i}]`), `${where}.dataPoints[${i}]`))
  }
  return out
}

function numberPoint (p: Json, where: string): OtlpNumberPoint {
  const attrs: Record<string, string> = {}
  attributes(field(p, 'attributes'), `${where}.attributes`, attrs)
  const asDouble = field(p, 'asDouble')
  const asInt = field(p, 'asInt')
  const value = asDouble !== undefined ? num(asDouble, `${where}.asDouble`) : asInt !== undefined ? num(asInt, `${where}.asInt`) : Number.NaN
  return { attributes: attrs, timeMs: timeMs(field(p, 'timeUnixNano'), `${where}.timeUnixNano`), value }
}

function histogramPoint (p: Json, where: string): OtlpHistogramPoint {
  const attrs: Record<string, string> = {}
  attributes(field(p, 'attributes'), `${where}.attributes`, attrs)
  const sum = field(p, 'sum')
  return {
    attributes: attrs,
    timeMs: timeMs(field(p, 'timeUnixNano'), `${where}.timeUnixNano`),
    count: num(field(p, 'count') ?? 0, `${where}.count`),
    sum: sum === undefined ? null : num(sum, `${where}.sum`),
    bucketCounts: list(field(p, 'bucketCounts'), `${where}.bucketCounts`).map((c, i) => num(c, `${where}.bucketCounts[${i}]`)),
    bounds: list(field(p, 'explicitBounds'), `${where}.explicitBounds`).map((b, i) => num(b, `${where}.explicitBounds[${i}]`))
  }
}

function summaryPoint (p: Json, where: string): OtlpSummaryPoint {
  const attrs: Record<string, string> = {}
  attributes(field(p, 'attributes'), `${where}.attributes`, attrs)
  return {
    attributes: attrs,
    timeMs: timeMs(field(p, 'timeUnixNano'), `${where}.timeUnixNano`),
    count: num(field(p, 'count') ?? 0, `${where}.count`),
    sum: num(field(p, 'sum') ?? 0, `${where}.sum`),
    quantiles: list(field(p, 'quantileValues'), `${where}.quantileValues`).map((q, i) => {
      const w = `${where}.quantileValues[${i}]`
      const o = object(q, w)
      return { quantile: num(field(o, 'quantile') ?? 0, `${w}.quantile`), value: num(field(o, 'value') ?? 0, `${w}.value`) }
    })
  }
}

function attributes (raw: unknown, where: string, into: Record<string, string>): void {
  list(raw, where).forEach((kv, i) => {
    const o = object(kv, `${where}[${i}]`)
    const key = str(field(o, 'key'), `${where}[${i}].key`)
    const v = field(o, 'value')
    if (v === undefined || v === null) return
    const any = object(v, `${where}[${i}].value`)
    const s = field(any, 'stringValue')
    if (typeof s === 'string') { into[key] = s; return }
    const b = field(any, 'boolValue')
    if (typeof b === 'boolean') { into[key] = String(b); return }
    for (const name of ['intValue', 'doubleValue']) {
      const n = field(any, name)
      if (n !== undefined) { into[key] = String(num(n, `${where}[${i}].value.${name}`)); return }
    }
    // Arrays, maps and bytes are not labels.
  })
}

/** A field by its JSON name or its proto (snake_case) name. */
function field (o: Json, camel: string): unknown {
  if (camel in o) return o[camel]
  const snake = camel.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())
  return o[snake]
}

function object (v: unknown, where: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new OtlpDecodeError(`${where} must be an object`)
  return v as Json
}

function list (v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${where} must be an array`)
  return v
}

function str (v: unknown, where: string): string {
  if (typeof v !== 'string') throw new OtlpDecodeError(`${where} must be a string`)
  return v
}

/** A number, or a 64-bit integer written as a decimal string, as the JSON mapping allows; NaN/Infinity as strings too. */
function num (v: unknown, where: string): number {
  if (typeof v === 'number') return v
  if (typeof v === 'string' && /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|NaN|-?Infinity)$/.test(v)) return Number(v)
  throw new OtlpDecodeError(`${where} must be a number, got ${JSON.stringify(v)?.slice(0, 40)}`)
}

function timeMs (v: unknown, where: string): number {
  if (v === undefined) return 0
  return num(v, where) / 1e6
}
