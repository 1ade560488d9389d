/**
 * The few protobuf wire-format primitives the remote-write message needs:
 * varints, length-delimited fields and 64-bit doubles. Hand-written rather
 * than protobufjs: the message has four fields in three types, and a general
 * codec would add a runtime dependency and a schema-loading step for them.
 * Wire format: https://protobuf.dev/programming-guides/encoding/
 */

/** Wire types used here. */
export const WireType = {
  varint: 0,
  fixed64: 1,
  lengthDelimited: 2
} as const
export type WireType = typeof WireType[keyof typeof WireType]

/** The key byte(s) of a field: `(field << 3) | wireType`, for fields 1..15 one byte. */
export function fieldKey (field: number, wireType: WireType): number {
  return (field << 3) | wireType
}

/** Bytes a varint of a non-negative safe integer takes (1..8 for values below 2^53). */
export function varintSize (value: number): number {
  let size = 1
  // Division, not `>>>`: values above 2^32 (millisecond timestamps) must survive.
  while (value >= 128) {
    value = Math.floor(value / 128)
    size++
  }
  return size
}

/**
 * A growable byte buffer with protobuf writers. Reuse one writer across
 * messages with `reset()`; `finish()` copies out the bytes written.
 */
export class ProtobufWriter {
  #bytes: Uint8Array
  #view: DataView
  #length = 0

  constructor (initialCapacity = 256) {
    this.#bytes = new Uint8Array(initialCapacity)
    this.#view = new DataView(this.#bytes.buffer)
  }

  /** Bytes written so far. */
  get length (): number {
    return this.#length
  }

  reset (): void {
    this.#length = 0
  }

  /** A copy of the bytes written. */
  finish (): Uint8Array {
    return this.#bytes.slice(0, this.#length)
  }

  /** A non-negative safe integer as a varint. */
  varint (value: number): void {
    this.#reserve(10)
    while (value >= 128) {
      this.#bytes[this.#length++] = (value % 128) | 128
      value = Math.floor(value / 128)
    }
    this.#bytes[this.#length++] = value
  }

  /** A float64, little-endian (wire type fixed64). */
  double (value: number): void {
    this.#reserve(8)
    this.#view.setFloat64(this.#length, value, true)
    this.#length += 8
  }

  /** Raw bytes, as they are. */
  raw (bytes: Uint8Array): void {
    this.#reserve(bytes.length)
    this.#bytes.set(bytes, this.#length)
    this.#length += bytes.length
  }

  /** Key, length, bytes: a string, bytes or embedded message field. */
  lengthDelimited (field: number, bytes: Uint8Array): void {
    this.varint(fieldKey(field, WireType.lengthDelimited))
    this.varint(bytes.length)
    this.raw(bytes)
  }

  #reserve (extra: number): void {
    const needed = this.#length + extra
    if (needed <= this.#bytes.length) return
    let capacity = this.#bytes.length * 2
    while (capacity < needed) capacity *= 2
    const bytes = new Uint8Array(capacity)
    bytes.set(this.#bytes.subarray(0, this.#length))
    this.#bytes = bytes
    this.#view = new DataView(bytes.buffer)
  }
}
