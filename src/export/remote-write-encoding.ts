import { createRequire } from 'node:module'
import type * as Snappy from 'snappyjs'
import { ProtobufWriter, WireType, fieldKey, varintSize } from './protobuf-writer.ts'

/**
 * One sample to remote-write: its series' labels (the metric name under
 * `__name__`), its value and its time.
 *
 * @example
 * { labels: { __name__: 'breakout_engine_positions', state: 'trading' }, value: 2, timestampMs: 1735689600000 }
 */
export interface RemoteSample {
  labels: Readonly<Record<string, string>>
  value: number
  /** Epoch milliseconds. */
  timestampMs: number
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const utf8 = new TextEncoder()

// Field numbers of prometheus/prompb (remote.proto, types.proto).
const WRITE_REQUEST_TIMESERIES = 1
const TIMESERIES_LABELS = 1
const TIMESERIES_SAMPLES = 2
const LABEL_NAME_FIELD = 1
const LABEL_VALUE_FIELD = 2
const SAMPLE_VALUE = 1
const SAMPLE_TIMESTAMP = 2

/**
 * Encodes one sample as one `timeseries` field of a prometheus.WriteRequest
 * (key, length, TimeSeries with its labels and one Sample). WriteRequest is
 * nothing but that repeated field, so a batch is these chunks concatenated.
 *
 * The spec asks for labels sorted by name, unique, with non-empty values, and
 * a `__name__`: labels are merged with `externalLabels` (the sample's own
 * win, as Prometheus does), empty values dropped and names sorted. Returns
 * null for a sample that cannot be sent (no or bad name, bad label name,
 * timestamp not a non-negative integer).
 */
export function encodeSampleChunk (
  sample: RemoteSample,
  externalLabels: Readonly<Record<string, string>>,
  writer: ProtobufWriter = new ProtobufWriter()
): Uint8Array | null {
  const { timestampMs } = sample
  if (!Number.isSafeInteger(timestampMs) || timestampMs < 0) return null
  const name = sample.labels.__name__
  if (typeof name !== 'string' || !METRIC_NAME.test(name)) return null

  const merged: Record<string, string> = { ...externalLabels, ...sample.labels }
  const names = Object.keys(merged).filter((n) => merged[n] !== '').sort()
  const labels: Array<[Uint8Array, Uint8Array]> = []
  for (const n of names) {
    if (n !== '__name__' && !LABEL_NAME.test(n)) return null
    labels.push([utf8.encode(n), utf8.encode(String(merged[n]))])
  }

  const labelKey = fieldKey(LABEL_NAME_FIELD, WireType.lengthDelimited)
  const valueKey = fieldKey(LABEL_VALUE_FIELD, WireType.lengthDelimited)
  let seriesSize = 0
  const labelSizes: number[] = []
  for (const [n, v] of labels) {
    const size = 1 + varintSize(n.length) + n.length + 1 + varintSize(v.length) + v.length
    labelSizes.push(size)
    seriesSize += 1 + varintSize(size) + size
  }
  const sampleSize = 1 + 8 + 1 + varintSize(timestampMs)
  seriesSize += 1 + varintSize(sampleSize) + sampleSize

  writer.reset()
  writer.varint(fieldKey(WRITE_REQUEST_TIMESERIES, WireType.lengthDelimited))
  writer.varint(seriesSize)
  for (let i = 0; i < labels.length; i++) {
    const [n, v] = labels[i]
    writer.varint(fieldKey(TIMESERIES_LABELS, WireType.lengthDelimited))
    writer.varint(labelSizes[i])
    writer.varint(labelKey)
    writer.varint(n.length)
    writer.raw(n)
    writer.varint(valueKey)
    writer.varint(v.length)
    writer.raw(v)
  }
  writer.varint(fieldKey(TIMESERIES_SAMPLES, WireType.lengthDelimited))
  writer.varint(sampleSize)
  writer.varint(fieldKey(SAMPLE_VALUE, WireType.fixed64))
  writer.double(sample.value)
  writer.varint(fieldKey(SAMPLE_TIMESTAMP, WireType.varint))
  writer.varint(timestampMs)
  return writer.finish()
}

/** Concatenates chunks from `encodeSampleChunk` into a WriteRequest. */
export function joinChunks (chunks: readonly Uint8Array[]): Uint8Array {
  let total = 0
  for (const c of chunks) total += c.length
  const out = new Uint8Array(total)
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.length
  }
  return out
}

/**
 * A whole WriteRequest for `samples`, uncompressed protobuf. Samples that
 * cannot be encoded are left out; `skipped` counts them.
 */
export function encodeWriteRequest (
  samples: readonly RemoteSample[],
  externalLabels: Readonly<Record<string, string>> = {}
): { bytes: Uint8Array, skipped: number } {
  const writer = new ProtobufWriter()
  const chunks: Uint8Array[] = []
  let skipped = 0
  for (const s of samples) {
    const chunk = encodeSampleChunk(s, externalLabels, writer)
    if (chunk === null) skipped++
    else chunks.push(chunk)
  }
  return { bytes: joinChunks(chunks), skipped }
}

/** A protobuf writer for `encodeSampleChunk`, reused across samples: 512 bytes to start, grown as needed. */
export function newEncoder (): ProtobufWriter {
  return new ProtobufWriter(512)
}

/**
 * Snappy block format (not the framed format), as remote write 1.0 requires.
 * snappyjs: pure JavaScript, no native build.
 */
export function snappyBlock (bytes: Uint8Array): Uint8Array {
  snappy ??= createRequire(import.meta.url)('snappyjs') as typeof Snappy
  return snappy.compress(bytes)
}

/**
 * snappyjs, required by the first batch rather than imported with the
 * library: it is the library's only CommonJS package, and importing one from
 * an ES module first starts Node's CommonJS export lexer (about 6 ms of CPU
 * here), which a bot that never remote-writes should not pay at import
 * (bench/import.bench.ts). `require` needs no lexer.
 */
let snappy: typeof Snappy | null = null
