import { OtlpDecodeError } from '../../core/errors.ts'

/**
 * A protobuf wire-format reader: varints, fixed 32/64-bit values and
 * length-delimited fields, enough to walk an OTLP metrics request
 * (opentelemetry-proto `metrics/v1/metrics.proto`). Hand-written, as the
 * remote-write writer: a general codec would be a runtime dependency and a
 * schema-loading step for a dozen fields. Wire format:
 * https://protobuf.dev/programming-guides/encoding/
 */
export class ProtobufReader {
  readonly buf: Uint8Array
  pos: number
  readonly end: number
  private readonly view: DataView

  constructor (buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf
    this.pos = start
    this.end = end
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  }

  get done (): boolean {
    return this.pos >= this.end
  }

  /** A varint as a number (exact up to 2^53; larger counts lose precision, as any JS number). */
  varint (): number {
    let result = 0
    let scale = 1
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new OtlpDecodeError('protobuf: truncated varint')
      const b = this.buf[this.pos++]
      result += (b & 0x7f) * scale
      if ((b & 0x80) === 0) return result
      scale *= 128
    }
    throw new OtlpDecodeError('protobuf: varint longer than 10 bytes')
  }

  /** An int64 varint, two's complement: negative values are 10-byte varints, past a number's precision. */
  int64 (): bigint {
    let result = 0n
    for (let i = 0n; i < 10n; i++) {
      if (this.pos >= this.end) throw new OtlpDecodeError('protobuf: truncated varint')
      const b = this.buf[this.pos++]
      result |= BigInt(b & 0x7f) << (7n * i)
      if ((b & 0x80) === 0) return BigInt.asIntN(64, result)
    }
    throw new OtlpDecodeError('protobuf: varint longer than 10 bytes')
  }

  /** A field's key: its number and wire type. */
  key (): { field: number, wireType: number } {
    const k = this.varint()
    return { field: Math.floor(k / 8), wireType: k & 7 }
  }

  double (): number {
    this.need(8)
    const v = this.view.getFloat64(this.pos, true)
    this.pos += 8
    return v
  }

  /** fixed64 / sfixed64 as a number (nanosecond times lose sub-microsecond digits, which ms do not need). */
  fixed64 (signed = false): number {
    this.need(8)
    const v = signed ? this.view.getBigInt64(this.pos, true) : this.view.getBigUint64(this.pos, true)
    this.pos += 8
    return Number(v)
  }

  /** A length-delimited field's bounds, the reader moved past it. */
  bytes (): { start: number, end: number } {
    const len = this.varint()
    this.need(len)
    const start = this.pos
    this.pos += len
    return { start, end: this.pos }
  }

  /** A sub-message reader over a length-delimited field. */
  message (): ProtobufReader {
    const { start, end } = this.bytes()
    return new ProtobufReader(this.buf, start, end)
  }

  string (): string {
    const { start, end } = this.bytes()
    return decoder.decode(this.buf.subarray(start, end))
  }

  /** Skips a field of the given wire type (unknown fields are allowed by protobuf). */
  skip (wireType: number): void {
    switch (wireType) {
      case 0: this.varint(); return
      case 1: this.need(8); this.pos += 8; return
      case 2: this.bytes(); return
      case 5: this.need(4); this.pos += 4; return
      default: throw new OtlpDecodeError(`protobuf: unsupported wire type ${wireType}`)
    }
  }

  /** Packed (or single) fixed64 / double values of a repeated field, appended to `out`. */
  repeated64 (wireType: number, read: (r: ProtobufReader) => number, out: number[]): void {
    if (wireType === 1) { out.push(read(this)); return }
    if (wireType !== 2) throw new OtlpDecodeError(`protobuf: wire type ${wireType} where a repeated 64-bit field was expected`)
    const sub = this.message()
    while (!sub.done) out.push(read(sub))
  }

  private need (n: number): void {
    if (this.pos + n > this.end) throw new OtlpDecodeError('protobuf: truncated message')
  }
}

const decoder = new TextDecoder('utf-8', { fatal: false })
