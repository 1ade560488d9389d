import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeChunk, encodeChunk } from '../../../src/core/point-chunk.ts'
import { BitReader, BitWriter } from '../../../src/core/bit-stream.ts'
import { seededRandom as rng } from '../../../src/core/seeded-random.ts'

/** The float64 bit pattern of `x` as 16 hex digits: tells -0 from 0 and NaN payloads apart. */
function bits (x: number): string {
  const b = Buffer.alloc(8)
  b.writeDoubleBE(x)
  return b.toString('hex')
}

function roundTrip (times: number[], values: number[]): void {
  const chunk = encodeChunk(times, values)
  assert.equal(chunk.count, times.length)
  assert.equal(chunk.minTimeMs, times[0])
  assert.equal(chunk.maxTimeMs, times[times.length - 1])
  const t = new Float64Array(times.length + 2)
  const v = new Float64Array(times.length + 2)
  decodeChunk(chunk, t, v, 1)
  for (let i = 0; i < times.length; i++) {
    assert.equal(bits(t[i + 1]), bits(times[i]), `time ${i}`)
    assert.equal(bits(v[i + 1]), bits(values[i]), `value ${i}`)
  }
  // Nothing written outside [offset, offset + count).
  assert.equal(t[0], 0)
  assert.equal(t[times.length + 1], 0)
}

test('bit streams read back fields of every width at every offset', () => {
  const r = rng(1)
  const fields: Array<[number, number]> = []
  const out = new BitWriter(2)
  for (let i = 0; i < 5000; i++) {
    const n = 1 + Math.floor(r() * 32)
    const v = Math.floor(r() * 2 ** n)
    fields.push([v, n])
    out.write(v, n)
  }
  const input = new BitReader(out.finish())
  for (const [v, n] of fields) assert.equal(input.read(n), v)
})

test('round trip: random values at random (increasing) times', () => {
  const r = rng(2)
  const times: number[] = []
  const values: number[] = []
  let t = 1_764_000_000_000
  for (let i = 0; i < 2000; i++) {
    t += Math.floor(r() * 5000)
    times.push(t)
    values.push((r() - 0.5) * 10 ** Math.floor(r() * 40 - 20))
  }
  roundTrip(times, values)
})

test('round trip: constant values at a regular interval cost about 2 bits a point', () => {
  const times = Array.from({ length: 1000 }, (_, i) => 1_764_000_000_000 + i * 1000)
  const values = times.map(() => 42.125)
  roundTrip(times, values)
  const chunk = encodeChunk(times, values)
  // Header (32 + 1 + 64 + 64 bits) and the first delta, then 1 bit of time and 1 of value a point.
  assert.ok(chunk.words.byteLength <= 32 + 1000 * 2 / 8 + 8, `${chunk.words.byteLength} bytes`)
})

test('round trip: monotonic counters, a single point, repeated timestamps', () => {
  const times = Array.from({ length: 500 }, (_, i) => 1000 + i * 15_000 + (i % 3))
  roundTrip(times, times.map((_, i) => i * 3))
  roundTrip([5], [7.5])
  roundTrip([5, 5, 5, 6], [1, 2, 3, 4])
})

test('round trip: edge values and huge jumps in time and value', () => {
  const values = [0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, Number.MAX_VALUE, -Number.MAX_VALUE,
    Number.MIN_VALUE, 1, -1, 1e300, -1e-300, 0.1, 0.30000000000000004, 2 ** 53, -(2 ** 53) + 1, Infinity, -Infinity, 0]
  const times = [0, 1, 2, 3, 2 ** 40, 2 ** 40 + 1, 2 ** 52, 2 ** 52, Number.MAX_SAFE_INTEGER - 5, Number.MAX_SAFE_INTEGER - 4,
    Number.MAX_SAFE_INTEGER - 4, Number.MAX_SAFE_INTEGER - 3, Number.MAX_SAFE_INTEGER - 2, Number.MAX_SAFE_INTEGER - 1,
    Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]
  roundTrip(times, values)
  // Every delta-of-delta bucket at its bounds (14, 17, 20 bits), and past them.
  const dods = [0, 8192, -8191, 8193, -8192, 65536, 65537, -65535, -65536, 524288, -524287, 524289, -524288, 1e12, -1e12, 0]
  const t2 = [1_764_000_000_000]
  let delta = 2_000_000
  for (const dod of dods) {
    delta += dod
    t2.push(t2[t2.length - 1] + delta)
  }
  roundTrip(t2, t2.map((_, i) => i % 2 === 0 ? 1e308 : -1e-308))
  // Negative and fractional timestamps go through the float path.
  roundTrip([-5000.5, -5000.25, 0.125, 1e15 + 0.5], [1, 2, 3, 4])
})

test('times out of order, non-finite or an empty range are refused', () => {
  assert.throws(() => encodeChunk([1, 3, 2], [0, 0, 0]), { code: 'BM_ERR_INVALID_ARGUMENT', message: /index 2 is before the one at index 1/ })
  assert.throws(() => encodeChunk([1, NaN], [0, 0]), { code: 'BM_ERR_INVALID_ARGUMENT', message: /not finite/ })
  assert.throws(() => encodeChunk([1, Infinity], [0, 0]), { code: 'BM_ERR_INVALID_ARGUMENT' })
  assert.throws(() => encodeChunk([], []), { code: 'BM_ERR_INVALID_ARGUMENT', message: /at least one point/ })
  // A sub-range is checked and encoded on its own.
  const chunk = encodeChunk([9, 1, 2, 3, 0], [0, 10, 20, 30, 0], 1, 4)
  const t: number[] = []
  const v: number[] = []
  decodeChunk(chunk, t, v)
  assert.deepEqual([t, v], [[1, 2, 3], [10, 20, 30]])
})

test('sizes: a regular slowly varying series under 3 bytes a point, random values under 10', () => {
  const r = rng(3)
  const n = 10_000
  const times = Array.from({ length: n }, (_, i) => 1_764_000_000_000 + i * 1000)
  // A gauge at 0.1 resolution drifting over an hour (a CPU percentage, a temperature).
  const slow = times.map((_, i) => Math.round((50 + 20 * Math.sin(i / 3600 * 2 * Math.PI)) * 10) / 10)
  const random = times.map(() => r())
  let slowBytes = 0
  let randomBytes = 0
  for (let from = 0; from < n; from += 512) {
    const to = Math.min(n, from + 512)
    slowBytes += encodeChunk(times, slow, from, to).words.byteLength
    randomBytes += encodeChunk(times, random, from, to).words.byteLength
  }
  assert.ok(slowBytes / n <= 3, `slowly varying: ${slowBytes / n} bytes a point`)
  assert.ok(randomBytes / n <= 10, `random: ${randomBytes / n} bytes a point`)
})

/** A reference decoder written from the format alone, one field at a time, for integer times. */
function referenceDecode (words: Uint32Array): Array<[string, string]> {
  const input = new BitReader(words)
  const f = new DataView(new ArrayBuffer(8))
  const float = (): number => { f.setUint32(0, input.read(32)); f.setUint32(4, input.read(32)); return f.getFloat64(0) }
  const count = input.read(32)
  assert.equal(input.read(1), 0, 'integer times')
  let time = float()
  let value = float()
  const out: Array<[string, string]> = [[bits(time), bits(value)]]
  let delta = 0
  let leading = 0
  let trailing = 0
  for (let i = 1; i < count; i++) {
    let width = 0
    if (input.read(1) === 1) width = input.read(1) === 0 ? 14 : input.read(1) === 0 ? 17 : input.read(1) === 0 ? 20 : 64
    if (width === 64) delta += float()
    else if (width > 0) delta += input.read(width) - 2 ** (width - 1) + 1
    time += delta
    if (input.read(1) === 1) {
      if (input.read(1) === 1) {
        leading = input.read(5)
        const n = input.read(6)
        trailing = 64 - leading - (n === 0 ? 64 : n)
      }
      let xor = 0n
      for (let k = 0; k < 64 - leading - trailing; k++) xor = (xor << 1n) | BigInt(input.read(1))
      f.setFloat64(0, value)
      f.setBigUint64(0, f.getBigUint64(0) ^ (xor << BigInt(trailing)))
      value = f.getFloat64(0)
    }
    out.push([bits(time), bits(value)])
  }
  return out
}

test('the word-at-a-time decoder agrees with a field-by-field reference on mixed streams', () => {
  const r = rng(9)
  for (let round = 0; round < 40; round++) {
    const n = 1 + Math.floor(r() * 600)
    const times: number[] = []
    const values: number[] = []
    let t = 1_764_000_000_000
    let step = 1000
    let v = 100
    for (let i = 0; i < n; i++) {
      const k = r()
      // Intervals that repeat, jitter, jump into every delta-of-delta bucket, or repeat a time.
      if (k < 0.1) step = Math.floor(r() * 2 ** (4 + Math.floor(r() * 30)))
      else if (k < 0.3) step += Math.floor((r() - 0.5) * 10)
      t += Math.max(0, step)
      times.push(t)
      const m = r()
      // Values that repeat, reuse the XOR window, or open a new window of any width.
      if (m < 0.4) v = v + 0
      else if (m < 0.7) v = Math.round((v + (r() - 0.5)) * 100) / 100
      else if (m < 0.9) v = (r() - 0.5) * 10 ** Math.floor(r() * 60 - 30)
      else v = [0, -0, 5e-324, Number.MAX_VALUE, -1, 2 ** 52][Math.floor(r() * 6)]
      values.push(v)
    }
    const chunk = encodeChunk(times, values)
    const typedT = new Float64Array(n)
    const typedV = new Float64Array(n)
    decodeChunk(chunk, typedT, typedV)
    const plainT: number[] = new Array(n)
    const plainV: number[] = new Array(n)
    decodeChunk(chunk, plainT, plainV)
    const expected = referenceDecode(chunk.words)
    assert.deepEqual(Array.from(typedT, (x, i) => [bits(x), bits(typedV[i])]), expected, `round ${round}`)
    assert.deepEqual(plainT.map((x, i) => [bits(x), bits(plainV[i])]), expected, `round ${round}`)
    assert.deepEqual(expected, times.map((x, i) => [bits(x), bits(values[i])]), `round ${round}`)
  }
})
