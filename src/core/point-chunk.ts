import { BitReader, BitWriter } from './bit-stream.ts'
import { InvalidArgumentError } from './errors.ts'

/**
 * A run of points in time order, compressed as Prometheus' head chunks and
 * Facebook's Gorilla paper (Pelkonen et al., VLDB 2015) do:
 *
 * - timestamps as delta-of-delta: a point at the same interval as the one
 *   before costs one bit; otherwise the change of interval is written in 14,
 *   17 or 20 bits (with a 2-4 bit prefix) or, past that, in 64;
 * - values XOR-ed with the previous value: a repeated value costs one bit;
 *   otherwise only the bits between the XOR's leading and trailing zeros are
 *   written, reusing the previous window (2 bits of prefix) when they fit.
 *
 * Timestamps that are not safe integers (fractions of a millisecond) are
 * written as values are, XOR-ed: exact, but larger. Values are any float64
 * bit pattern: -0, subnormals, ±max and NaN payloads come back bit for bit.
 */
export interface PointChunk {
  /** The encoded bits. */
  readonly words: Uint32Array
  /** Points in the chunk. */
  readonly count: number
  /** Time of the first and of the last point, epoch ms. */
  readonly minTimeMs: number
  readonly maxTimeMs: number
}

/** Timestamps as delta-of-delta integers. */
const TIME_DOD = 0
/** Timestamps XOR-ed as floats (some time was not a safe integer). */
const TIME_XOR = 1

const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)
// Typed arrays use the platform's byte order; which half is the high word follows from it.
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0
const LO = 1 - HI

/** Trailing zero bits of a non-zero 32-bit word. */
function ctz32 (x: number): number {
  return 31 - Math.clz32(x & -x)
}

/** State of an XOR stream: the previous value's bits and the last window written. */
class XorState {
  hi = 0
  lo = 0
  leading = -1
  trailing = 0
}

function writeFloat (out: BitWriter, value: number): void {
  f64[0] = value
  out.write(u32[HI], 32)
  out.write(u32[LO], 32)
}

function readFloat (input: BitReader): number {
  u32[HI] = input.read(32)
  u32[LO] = input.read(32)
  return f64[0]
}

function writeXor (out: BitWriter, state: XorState, value: number): void {
  f64[0] = value
  const hi = u32[HI]
  const lo = u32[LO]
  const xh = (hi ^ state.hi) >>> 0
  const xl = (lo ^ state.lo) >>> 0
  state.hi = hi
  state.lo = lo
  if (xh === 0 && xl === 0) {
    out.write(0, 1)
    return
  }
  let leading = xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl)
  const trailing = xl !== 0 ? ctz32(xl) : 32 + ctz32(xh)
  // 5 bits hold the leading count: more than 31 leading zeros are written as 31.
  if (leading > 31) leading = 31
  let t: number
  let bits: number
  if (state.leading >= 0 && leading >= state.leading && trailing >= state.trailing) {
    out.write(2, 2) // '10': the previous window
    t = state.trailing
    bits = 64 - state.leading - t
  } else {
    bits = 64 - leading - trailing
    out.write(3, 2) // '11': a new window
    out.write(leading, 5)
    out.write(bits & 63, 6) // 64 meaningful bits are written as 0
    state.leading = leading
    state.trailing = trailing
    t = trailing
  }
  // The XOR shifted right by t, as two 32-bit halves.
  let sh: number
  let sl: number
  if (t === 0) {
    sh = xh; sl = xl
  } else if (t < 32) {
    sh = xh >>> t; sl = ((xl >>> t) | (xh << (32 - t))) >>> 0
  } else {
    sh = 0; sl = xh >>> (t - 32)
  }
  if (bits > 32) {
    out.write(sh, bits - 32)
    out.write(sl, 32)
  } else {
    out.write(sl, bits)
  }
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
  u32[HI] = state.hi
  u32[LO] = state.lo
  return f64[0]
}

/** Delta-of-delta buckets: prefix, prefix width, field width. */
const DOD_BUCKETS: ReadonlyArray<readonly [number, number, number]> = [[2, 2, 14], [6, 3, 17], [14, 4, 20]]

function writeDod (out: BitWriter, dod: number): void {
  if (dod === 0) {
    out.write(0, 1)
    return
  }
  for (const [prefix, prefixBits, bits] of DOD_BUCKETS) {
    const half = 2 ** (bits - 1)
    if (dod > -half && dod <= half) {
      out.write(prefix, prefixBits)
      out.write(dod + half - 1, bits)
      return
    }
  }
  out.write(15, 4)
  writeFloat(out, dod)
}

function readDod (input: BitReader): number {
  if (input.bit() === 0) return 0
  for (let i = 0; i < DOD_BUCKETS.length; i++) {
    if (input.bit() === 0) {
      const bits = DOD_BUCKETS[i][2]
      return input.read(bits) - 2 ** (bits - 1) + 1
    }
  }
  return readFloat(input)
}

/**
 * Encodes points [from, to) of the arrays. Times must be finite and in
 * non-decreasing order.
 *
 * @throws {InvalidArgumentError} on an empty range, a non-finite time or a time before the previous one.
 */
export function encodeChunk (timesMs: ArrayLike<number>, values: ArrayLike<number>, from = 0, to = timesMs.length): PointChunk {
  const count = to - from
  if (count <= 0) throw new InvalidArgumentError('points', 'a chunk holds at least one point')
  let integral = true
  for (let i = from; i < to; i++) {
    const t = timesMs[i]
    if (!Number.isFinite(t)) throw new InvalidArgumentError('points', `time at index ${i} is not finite`)
    if (i > from && t < timesMs[i - 1]) throw new InvalidArgumentError('points', `time at index ${i} is before the one at index ${i - 1}: chunks take points in time order`)
    if (!Number.isSafeInteger(t)) integral = false
  }
  // A delta of two safe integers can leave the safe range only past ±2^53 ms (285,000 years).
  if (integral && timesMs[to - 1] - timesMs[from] > Number.MAX_SAFE_INTEGER) integral = false
  const out = new BitWriter(Math.ceil(count / 8) + 8)
  out.write(count, 32)
  out.write(integral ? TIME_DOD : TIME_XOR, 1)
  writeFloat(out, timesMs[from])
  writeFloat(out, values[from])
  const times = new XorState()
  f64[0] = timesMs[from]
  times.hi = u32[HI]
  times.lo = u32[LO]
  const vals = new XorState()
  f64[0] = values[from]
  vals.hi = u32[HI]
  vals.lo = u32[LO]
  let prevDelta = 0
  for (let i = from + 1; i < to; i++) {
    if (integral) {
      const delta = timesMs[i] - timesMs[i - 1]
      writeDod(out, delta - prevDelta)
      prevDelta = delta
    } else {
      writeXor(out, times, timesMs[i])
    }
    writeXor(out, vals, values[i])
  }
  return { words: out.finish(), count, minTimeMs: timesMs[from], maxTimeMs: timesMs[to - 1] }
}

/**
 * Decodes a chunk's points into the output arrays at `offset` (plain or
 * typed arrays with room for `chunk.count` points from there).
 */
export function decodeChunk (chunk: PointChunk, outTimes: Float64Array | number[], outValues: Float64Array | number[], offset = 0): void {
  const input = new BitReader(chunk.words)
  const count = input.read(32)
  const integral = input.bit() === TIME_DOD
  let time = readFloat(input)
  const times = new XorState()
  times.hi = u32[HI]
  times.lo = u32[LO]
  const first = readFloat(input)
  const vals = new XorState()
  vals.hi = u32[HI]
  vals.lo = u32[LO]
  outTimes[offset] = time
  outValues[offset] = first
  let delta = 0
  for (let i = 1; i < count; i++) {
    if (integral) {
      delta += readDod(input)
      time += delta
    } else {
      time = readXor(input, times)
    }
    outTimes[offset + i] = time
    outValues[offset + i] = readXor(input, vals)
  }
}

/** Bytes a chunk holds in memory: its words and a fixed charge for the objects around them. */
export function chunkBytes (chunk: PointChunk): number {
  return chunk.words.byteLength + CHUNK_OVERHEAD_BYTES
}

/** What V8 spends on a chunk's object, its typed array and its ArrayBuffer besides the data, measured on Node 24. */
export const CHUNK_OVERHEAD_BYTES = 160
