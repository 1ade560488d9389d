import { BitReader } from './bit-stream.ts'
import type { PointChunk } from './point-chunk.ts'

/**
 * Decoding the chunks of core/point-chunk.ts. Reads are the product's hot
 * path (every window over sealed history decodes), so the common layout,
 * integer times as delta-of-delta, is decoded by one loop that peeks 32
 * bits at a time from the words and takes every field of a point from
 * them, with no reader object and no per-bit calls. Chunks with times XOR-ed
 * as floats (fractional milliseconds, rare) take a plain bit-reader path.
 */

/** Timestamps as delta-of-delta integers. */
export const TIME_DOD = 0
/** Timestamps XOR-ed as floats (some time was not a safe integer). */
export const TIME_XOR = 1

/** One float64 seen as two 32-bit words, to move between a number and its bits. */
export const f64 = new Float64Array(1)
export const u32 = new Uint32Array(f64.buffer)
// Typed arrays use the platform's byte order; which half is the high word follows from it.
export const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0
export const LO = 1 - HI

/** The 32 bits of the stream from bit `pos` on, zeros past its end. */
function peek (words: Uint32Array, pos: number): number {
  const w = pos >>> 5
  const b = pos & 31
  const n = words.length
  const a = w < n ? words[w] : 0
  if (b === 0) return a
  const next = w + 1 < n ? words[w + 1] : 0
  return ((a << b) | (next >>> (32 - b))) >>> 0
}

/** The float64 with these high and low words. */
function fromWords (hi: number, lo: number): number {
  u32[HI] = hi
  u32[LO] = lo
  return f64[0]
}

/**
 * Decodes a chunk's points into the output arrays at `offset` (plain or
 * typed arrays with room for the chunk's count of points from there).
 */
export function decodeChunk (chunk: PointChunk, outTimes: Float64Array | number[], outValues: Float64Array | number[], offset = 0): void {
  const words = chunk.words
  if (words.length < 2 || (words[1] >>> 31) !== TIME_DOD) {
    decodeGeneric(words, outTimes, outValues, offset)
    return
  }
  const count = words[0]
  // Locals, not module bindings, in the loop below.
  const bits64 = u32
  const float = f64
  const hiAt = HI
  const loAt = LO
  let time = fromWords(peek(words, 33), peek(words, 65))
  let hi = peek(words, 97)
  let lo = peek(words, 129)
  let value = fromWords(hi, lo)
  let pos = 161
  outTimes[offset] = time
  outValues[offset] = value
  let delta = 0
  // The XOR window in force: zero bits above and below the meaningful ones.
  let leading = 0
  let trailing = 0
  for (let i = 1; i < count; i++) {
    // Delta-of-delta: '0', or '10', '110', '1110' and a 14, 17 or 20-bit field, or '1111' and a float64.
    const x = peek(words, pos)
    // The bits after the time field: taken from the same 32 when the time cost one bit (the common case).
    let y: number
    if ((x & 0x80000000) === 0) {
      pos += 1
      y = x << 1
    } else if ((x & 0x40000000) === 0) {
      delta += ((x >>> 16) & 0x3fff) - 8191
      pos += 16
      y = peek(words, pos)
    } else if ((x & 0x20000000) === 0) {
      delta += ((x >>> 12) & 0x1ffff) - 65535
      pos += 20
      y = peek(words, pos)
    } else if ((x & 0x10000000) === 0) {
      delta += ((x >>> 8) & 0xfffff) - 524287
      pos += 24
      y = peek(words, pos)
    } else {
      delta += fromWords(peek(words, pos + 4), peek(words, pos + 36))
      pos += 68
      y = peek(words, pos)
    }
    time += delta
    outTimes[offset + i] = time
    // Value: '0' repeats it; '10' XOR in the previous window; '11', 5 bits leading, 6 bits width, a new window.
    if ((y & 0x80000000) === 0) {
      pos += 1
    } else {
      if ((y & 0x40000000) === 0) {
        pos += 2
      } else {
        leading = (y >>> 25) & 31
        let width = (y >>> 19) & 63
        if (width === 0) width = 64
        trailing = 64 - leading - width
        pos += 13
      }
      const bits = 64 - leading - trailing
      let xh: number
      let xl: number
      if (bits <= 32) {
        const s = peek(words, pos) >>> (32 - bits)
        if (trailing === 0) {
          xh = 0; xl = s
        } else if (trailing < 32) {
          xh = s >>> (32 - trailing); xl = s << trailing
        } else {
          xh = s << (trailing - 32); xl = 0
        }
      } else {
        const sh = peek(words, pos) >>> (64 - bits)
        const sl = peek(words, pos + bits - 32)
        if (trailing === 0) {
          xh = sh; xl = sl
        } else {
          xh = (sh << trailing) | (sl >>> (32 - trailing)); xl = sl << trailing
        }
      }
      pos += bits
      hi ^= xh
      lo ^= xl
      bits64[hiAt] = hi
      bits64[loAt] = lo
      value = float[0]
    }
    outValues[offset + i] = value
  }
}

/** State of an XOR stream: the previous value's bits and the last window written or read. */
export class XorState {
  hi = 0
  lo = 0
  leading = -1
  trailing = 0
}

function readXor (input: BitReader, state: XorState): number {
  if (input.bit() === 1) {
    let t: number
    let bits: number
    if (input.bit() === 0) {
      t = state.trailing
      bits = 64 - state.leading - t
    } else {
      const leading = input.read(5)
      bits = input.read(6)
      if (bits === 0) bits = 64
      t = 64 - leading - bits
      state.leading = leading
      state.trailing = t
    }
    let sh = 0
    let sl: number
    if (bits > 32) {
      sh = input.read(bits - 32)
      sl = input.read(32)
    } else {
      sl = input.read(bits)
    }
    let xh: number
    let xl: number
    if (t === 0) {
      xh = sh; xl = sl
    } else if (t < 32) {
      xh = ((sh << t) | (sl >>> (32 - t))) >>> 0; xl = (sl << t) >>> 0
    } else {
      xh = (sl << (t - 32)) >>> 0; xl = 0
    }
    state.hi = (state.hi ^ xh) >>> 0
    state.lo = (state.lo ^ xl) >>> 0
  }
  return fromWords(state.hi, state.lo)
}

/** Chunks whose times are XOR-ed floats, one field at a time. */
function decodeGeneric (words: Uint32Array, outTimes: Float64Array | number[], outValues: Float64Array | number[], offset: number): void {
  const input = new BitReader(words)
  const count = input.read(32)
  input.bit()
  const times = new XorState()
  times.hi = input.read(32)
  times.lo = input.read(32)
  const vals = new XorState()
  vals.hi = input.read(32)
  vals.lo = input.read(32)
  outTimes[offset] = fromWords(times.hi, times.lo)
  outValues[offset] = fromWords(vals.hi, vals.lo)
  for (let i = 1; i < count; i++) {
    outTimes[offset + i] = readXor(input, times)
    outValues[offset + i] = readXor(input, vals)
  }
}
