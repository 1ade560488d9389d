import { BitWriter } from './bit-stream.ts'
import { InvalidArgumentError } from './errors.ts'
import { f64, HI, LO, TIME_DOD, TIME_XOR, u32, XorState } from './point-chunk-decode.ts'

export { decodeChunk } from './point-chunk-decode.ts'

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

/** Trailing zero bits of a non-zero 32-bit word. */
function ctz32 (x: number): number {
  return 31 - Math.clz32(x & -x)
}

function writeFloat (out: BitWriter, value: number): void {
  f64[0] = value
  out.write(u32[HI], 32)
  out.write(u32[LO], 32)
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

/** Bytes a chunk holds in memory: its words and a fixed charge for the objects around them. */
export function chunkBytes (chunk: PointChunk): number {
  return chunk.words.byteLength + CHUNK_OVERHEAD_BYTES
}

/** What V8 spends on a chunk's object, its typed array and its ArrayBuffer besides the data, measured on Node 24. */
export const CHUNK_OVERHEAD_BYTES = 160
