import { RingBuffer } from '../src/core/ring-buffer.ts'
import { ChunkedRing } from '../src/core/chunked-ring.ts'
import { encodeChunk } from '../src/core/point-chunk.ts'
import { SealQueue } from '../src/core/seal-queue.ts'
import { summarize } from '../src/core/statistics.ts'
import { fmt, measure } from './harness.ts'
import { measurePair } from './paired.ts'
import type { Section } from './harness.ts'

const SERIES = 100
const POINTS = 100_000
/** Points per sealed block of a ChunkedRing. */
const CHUNK = 512
const T0 = 1_764_000_000_000

/** Full collection, then again after pending finalizers ran (array buffers are freed late). */
async function settle (): Promise<void> {
  globalThis.gc?.()
  await new Promise((resolve) => setTimeout(resolve, 50))
  globalThis.gc?.()
}

/** A seeded generator (mulberry32). */
function rng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Workload = (s: number) => (i: number) => number

const WORKLOADS: Array<[string, Workload]> = [
  // A gauge at 0.1 resolution drifting over an hour, phase per series (CPU %, temperature).
  ['regular, slowly varying (0.1 steps of an hourly wave)', (s) => (i) => Math.round((50 + 20 * Math.sin((i + s * 97) / 3600 * 2 * Math.PI)) * 10) / 10],
  // A price at 0.01 ticks, moving on 30 % of the seconds.
  ['regular, price walk (0.01 ticks, 30 % of seconds move)', (s) => { const r = rng(s + 11); let x = 10_000; return () => { if (r() < 0.3) x += Math.round((r() - 0.5) * 10); return x / 100 } }],
  ['regular, 0.1 wave with ±0.1 noise', (s) => { const r = rng(s + 7); return (i) => Math.round((50 + 20 * Math.sin((i + s * 97) / 3600 * 2 * Math.PI) + (r() - 0.5) * 0.2) * 10) / 10 }],
  // Full 53-bit mantissas: one draw gives only 32 random bits, whose zero tail would flatter XOR encoding.
  ['regular, random values in [0, 1)', (s) => { const r = rng(s + 1); return () => r() + r() / 2 ** 32 }]
]

/**
 * Bytes per point of 100 rings with compressed chunks of 100,000 points of
 * a workload, all full blocks sealed: the rings' own count and the process
 * delta (heap + array buffers).
 */
async function chunkedRingBytes (workload: Workload): Promise<{ ring: number, process: number }> {
  await settle()
  const before = process.memoryUsage()
  const queue = new SealQueue(null)
  const rings: ChunkedRing[] = []
  let bytes = 0
  for (let s = 0; s < SERIES; s++) {
    const next = workload(s)
    const ring = new ChunkedRing(POINTS, queue)
    for (let i = 0; i < POINTS; i++) ring.append(T0 + i * 1000, next(i))
    queue.drain()
    bytes += ring.byteLength
    rings.push(ring)
  }
  await settle()
  const after = process.memoryUsage()
  if (rings.length !== SERIES) throw new Error('rings lost')
  return { ring: bytes / (SERIES * POINTS), process: (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / (SERIES * POINTS) }
}

/** Process memory of 100 raw rings of 100,000 points: today's store. */
async function rawRingBytes (): Promise<number> {
  await settle()
  const before = process.memoryUsage()
  const rings: RingBuffer[] = []
  for (let s = 0; s < SERIES; s++) {
    const ring = new RingBuffer(POINTS)
    for (let i = 0; i < POINTS; i++) ring.append(T0 + i * 1000, i)
    rings.push(ring)
  }
  await settle()
  const after = process.memoryUsage()
  const bytes = (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / (SERIES * POINTS)
  if (rings.length !== SERIES) throw new Error('rings lost')
  return bytes
}

/**
 * Compressed history: bytes per point against today's raw rings, the cost
 * of reading a 10,000-point window back for statistics, and what encoding
 * adds per recorded point.
 */
export async function chunksBench (): Promise<Section> {
  if (globalThis.gc === undefined) throw new Error('run with --expose-gc (npm run bench does)')
  const raw = await rawRingBytes()
  const rows: string[][] = [['before: raw ring (two Float64Arrays), process delta', fmt(raw, 2), '']]
  const notes: string[] = []
  for (const [name, workload] of WORKLOADS) {
    const m = await chunkedRingBytes(workload)
    rows.push([`ChunkedRing: ${name}`, fmt(m.process, 2), fmt(m.ring, 2)])
    const goal = name.includes('random') ? 10 : name.includes('noise') ? null : 3
    if (goal !== null) notes.push(`${name}: ${fmt(m.process, 2)} bytes a point, process delta (goal <= ${goal}): ${m.process <= goal ? 'met' : 'NOT met'}.`)
  }
  // Window statistics over 10,000 points: copy out of a raw ring, or decode chunks, then summarize.
  const r = rng(5)
  const n = 10_000
  const ring = new RingBuffer(n)
  const t = new Float64Array(n)
  const v = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    t[i] = T0 + i * 1000
    v[i] = Math.round((0.01 + r() * 0.005) * 1e6) / 1e6
    ring.append(t[i], v[i])
  }
  const chunked = new ChunkedRing(n, null)
  for (let i = 0; i < n; i++) chunked.append(t[i], v[i])
  chunked.sealAll()
  let sink = 0
  // Raw and chunked side by side, in CPU time (bench/paired.ts): the same read, the same summary.
  const pair = measurePair({
    name: 'before: RingBuffer: copy 10,000 points + summarize',
    run: (ops) => {
      for (let k = 0; k < ops; k++) {
        const times: number[] = new Array(n)
        const values: number[] = new Array(n)
        ring.copyRange(0, n, times, values, 0)
        sink += summarize(times, values).count
      }
    }
  }, {
    name: `ChunkedRing (chunks of ${CHUNK}, raw head): copy 10,000 points + summarize`,
    run: (ops) => {
      for (let k = 0; k < ops; k++) {
        const times: number[] = new Array(n)
        const values: number[] = new Array(n)
        chunked.copyRange(0, n, times, values, 0)
        sink += summarize(times, values).count
      }
    }
  }, { ops: 40, rounds: 21, warmupRounds: 3 })
  const [encode] = measure([
    {
      name: `encode one chunk of ${CHUNK} points (random 6-digit values)`,
      run: (ops) => { for (let k = 0; k < ops; k++) sink += encodeChunk(t, v, 0, CHUNK).count }
    }
  ], { ops: 20, rounds: 11, warmupRounds: 2 })
  if (sink === 1) console.log('')
  const results = [pair.a, pair.b, encode]
  const copy = pair.a
  const decode = pair.b
  const slowdown = pair.ratio
  const encodeNsPerPoint = encode.nsPerOp / CHUNK
  notes.push(`Window statistics over 10,000 points: ${fmt(copy.nsPerOp / 1000, 0)} µs from a raw ring, ${fmt(decode.nsPerOp / 1000, 0)} µs decoding chunks (medians in CPU time): ${fmt(slowdown, 2)}x, the median of 21 paired rounds (goal <= 2x): ${slowdown <= 2 ? 'met' : 'NOT met'}.`)
  notes.push(`Sealing costs ${fmt(encodeNsPerPoint, 1)} ns a point, once, when a full block of ${CHUNK} raw points is compressed. It runs off the record path: a full head is queued and sealed in batches on setImmediate; only a caller that never yields (more than 256 blocks waiting) pays it inside a record.`)
  notes.push('Bytes a point are the process delta (heap + array buffers) for 100 rings of 100,000 points; "ring" is what the rings count (sealed words plus 160 bytes a chunk, raw head arrays). The noisy wave has no byte goal: noise in the last digit defeats XOR encoding.')
  return {
    title: `Compressed history: ${SERIES} series x ${POINTS.toLocaleString('en-US')} points at 1 s`,
    table: [['store', 'bytes/point (process)', 'bytes/point (ring)'], ...rows, ['', '', ''],
      ...results.map((x) => [x.name, `${fmt(x.nsPerOp / 1000, 1)} µs/op`, `MAD ${fmt(x.madNs / 1000, 1)}`])],
    notes
  }
}
