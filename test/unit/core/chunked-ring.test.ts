import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BLOCK_POINTS, ChunkedRing } from '../../../src/core/chunked-ring.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'
import { SealQueue } from '../../../src/core/seal-queue.ts'
import { seededRandom as rng } from '../../../src/core/seeded-random.ts'

/** The reference: every point in a sorted array, late points after equal times, the newest `capacity` kept. */
class Model {
  points: Array<[number, number]> = []
  readonly capacity: number
  constructor (capacity: number) { this.capacity = capacity }
  append (t: number, v: number): void {
    const full = this.points.length === this.capacity
    if (this.points.length > 0 && t < this.points[this.points.length - 1][0]) {
      if (full && t < this.points[0][0]) return
      let pos = this.points.length
      while (pos > 0 && this.points[pos - 1][0] > t) pos--
      this.points.splice(pos, 0, [t, v])
    } else {
      this.points.push([t, v])
    }
    if (this.points.length > this.capacity) this.points.shift()
  }
}

function contents (ring: ChunkedRing): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (let i = 0; i < ring.size; i++) out.push([ring.timeAt(i), ring.valueAt(i)])
  return out
}

function copied (ring: ChunkedRing, from = 0, to = ring.size): Array<[number, number]> {
  const t: number[] = new Array(to - from)
  const v: number[] = new Array(to - from)
  ring.copyRange(from, to, t, v, 0)
  return t.map((x, i) => [x, v[i]])
}

/** Bit-exact comparison: -0 and NaN payloads must survive. */
function sameBits (a: Array<[number, number]>, b: Array<[number, number]>): void {
  assert.equal(a.length, b.length)
  const fa = new Float64Array(a.flat())
  const fb = new Float64Array(b.flat())
  assert.deepEqual(new Uint32Array(fa.buffer), new Uint32Array(fb.buffer))
}

const T0 = 1_764_000_000_000

test('round trip of random, constant, monotonic and edge values through sealed chunks', () => {
  const r = rng(1)
  const edge = [0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** -1074, 1e-300, 1e300, 0.1, -0.1, 2 ** 53, -(2 ** 53)]
  const workloads: Array<[string, (i: number) => number]> = [
    ['random', () => r() + r() / 2 ** 32],
    ['constant', () => 42.5],
    ['monotonic', (i) => i * 0.25],
    ['edge', (i) => edge[i % edge.length]]
  ]
  for (const [name, value] of workloads) {
    const ring = new ChunkedRing(5000)
    const model = new Model(5000)
    for (let i = 0; i < 3000; i++) {
      const t = T0 + i * 1000 + (i % 7 === 0 ? 3 : 0)
      const v = value(i)
      ring.append(t, v)
      model.append(t, v)
    }
    assert.ok(ring.blockCounts.sealed >= 4, `${name}: ${JSON.stringify(ring.blockCounts)}`)
    sameBits(contents(ring), model.points)
    sameBits(copied(ring), model.points)
    sameBits(copied(ring, 500, 2100), model.points.slice(500, 2100))
  }
})

test('eviction across chunk boundaries keeps exactly the newest capacity points', () => {
  for (const capacity of [1, 7, BLOCK_POINTS - 1, BLOCK_POINTS, BLOCK_POINTS + 1, 3 * BLOCK_POINTS + 5]) {
    const queue = new SealQueue(null)
    const ring = new ChunkedRing(capacity, queue)
    const model = new Model(capacity)
    for (let i = 0; i < 5 * BLOCK_POINTS + 3; i++) {
      ring.append(T0 + i, i)
      model.append(T0 + i, i)
      if (i % 300 === 0) queue.drain()
      assert.equal(ring.size, model.points.length)
    }
    assert.deepEqual(contents(ring), model.points, `capacity ${capacity}`)
    // Memory stays within one block of the capacity.
    assert.ok(ring.byteLength <= (capacity + BLOCK_POINTS) * 16 + 1024, `capacity ${capacity}: ${ring.byteLength} bytes`)
  }
})

test('many blocks aging out between reads: the ring still reads exactly the newest points', () => {
  for (const capacity of [1000, 86_400]) {
    const queue = new SealQueue(null, 8)
    const ring = new ChunkedRing(capacity, queue)
    const total = capacity + 70 * BLOCK_POINTS + 17
    // No read in between: aged-out blocks pile up before any read tidies them away.
    for (let i = 0; i < total; i++) ring.append(T0 + i, i)
    assert.equal(ring.size, capacity)
    assert.equal(ring.timeAt(0), T0 + total - capacity)
    assert.equal(ring.valueAt(capacity - 1), total - 1)
    const values = copied(ring).map(([, v]) => v)
    assert.deepEqual(values, Array.from({ length: capacity }, (_, i) => total - capacity + i))
    assert.equal(ring.lowerBound(T0 + total - capacity), 0)
    const { sealed, raw } = ring.blockCounts
    assert.ok((sealed + raw - 1) * BLOCK_POINTS < capacity + BLOCK_POINTS, `${sealed + raw} blocks for capacity ${capacity}`)
  }
})

test('last N spanning the raw head and sealed chunks, and windows by time', () => {
  const ring = new ChunkedRing(10_000)
  for (let i = 0; i < 2000; i++) ring.append(T0 + i * 1000, i)
  assert.ok(ring.blockCounts.sealed >= 2)
  const last = copied(ring, ring.size - 1000, ring.size)
  assert.deepEqual(last.map(([, v]) => v), Array.from({ length: 1000 }, (_, i) => 1000 + i))
  assert.equal(ring.lowerBound(T0 + 700_000), 700)
  assert.equal(ring.upperBound(T0 + 700_000), 701)
  assert.equal(ring.lowerBound(T0 + 700_500), 701)
  assert.equal(ring.lowerBound(T0 - 1), 0)
  assert.equal(ring.upperBound(T0 + 10_000_000), 2000)
  assert.equal(ring.lowerBound(T0 + 10_000_000), 2000)
  assert.equal(ring.lastTime, T0 + 1_999_000)
})

test('equal times across a block boundary: bounds bracket all of them', () => {
  const ring = new ChunkedRing(10_000)
  for (let i = 0; i < BLOCK_POINTS - 2; i++) ring.append(i, i)
  for (let i = 0; i < 6; i++) ring.append(1000, i)
  for (let i = 0; i < 10; i++) ring.append(2000 + i, i)
  assert.equal(ring.lowerBound(1000), BLOCK_POINTS - 2)
  assert.equal(ring.upperBound(1000), BLOCK_POINTS + 4)
})

test('random appends, late points, drains and reads agree with a reference model', () => {
  const r = rng(7)
  for (const capacity of [50, 1000, 3000]) {
    const queue = new SealQueue(null, 3)
    const ring = new ChunkedRing(capacity, queue)
    const model = new Model(capacity)
    let t = T0
    for (let i = 0; i < 6000; i++) {
      const late = r() < 0.05
      const time = late ? t - Math.floor(r() * 4000) : (t += Math.floor(r() * 3))
      const v = Math.round(r() * 1000) / 10
      ring.append(time, v)
      model.append(time, v)
      if (r() < 0.01) queue.drain()
      if (i % 997 === 0) {
        assert.deepEqual(contents(ring), model.points)
        const q = model.points[Math.floor(model.points.length / 2)][0]
        assert.equal(ring.lowerBound(q), model.points.findIndex(([x]) => x >= q))
      }
    }
    assert.deepEqual(copied(ring), model.points, `capacity ${capacity}`)
    assert.equal(ring.lastTime, model.points[model.points.length - 1][0])
  }
})

test('a late point into a sealed chunk reopens it and it is sealed again', () => {
  const queue = new SealQueue(null)
  const ring = new ChunkedRing(100_000, queue)
  for (let i = 0; i < 3 * BLOCK_POINTS; i++) ring.append(i * 10, i)
  queue.drain()
  const sealed = ring.blockCounts.sealed
  const version = ring.version
  ring.append(55, -1)
  assert.ok(ring.version > version)
  assert.equal(ring.blockCounts.sealed, sealed - 1)
  queue.drain()
  assert.equal(ring.blockCounts.sealed, sealed)
  assert.deepEqual(copied(ring, 4, 9), [[40, 4], [50, 5], [55, -1], [60, 6], [70, 7]])
  assert.equal(ring.size, 3 * BLOCK_POINTS + 1)
})

test('sealing off the record path: full heads wait in the queue, bounded', () => {
  const queue = new SealQueue(null, 4)
  const ring = new ChunkedRing(1_000_000, queue)
  for (let i = 0; i < 3 * BLOCK_POINTS; i++) ring.append(i, i)
  assert.deepEqual(ring.blockCounts, { sealed: 0, raw: 3 })
  const version = ring.version
  queue.drain()
  assert.deepEqual(ring.blockCounts, { sealed: 2, raw: 1 })
  assert.equal(ring.version, version, 'sealing keeps the points, so cached reads stay valid')
  for (let i = 3 * BLOCK_POINTS; i < 20 * BLOCK_POINTS; i++) ring.append(i, i)
  assert.ok(queue.pending <= 4)
  assert.ok(ring.blockCounts.raw <= 5)
  assert.equal(ring.valueAt(9_999), 9_999)
})

test('the scheduler drains the queue in batches', async () => {
  const ring = new ChunkedRing(1_000_000, new SealQueue())
  for (let i = 0; i < 40 * BLOCK_POINTS; i++) ring.append(i, i)
  const deadline = Date.now() + 5000
  while (ring.blockCounts.raw > 1 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve))
  assert.deepEqual(ring.blockCounts, { sealed: 39, raw: 1 })
})

test('shrink, clear and importPoints keep the RingBuffer semantics', () => {
  const ring = new ChunkedRing(5000)
  for (let i = 0; i < 4000; i++) ring.append(i, i)
  assert.equal(ring.shrink(1500), 2500)
  assert.equal(ring.size, 1500)
  assert.equal(ring.timeAt(0), 2500)
  assert.equal(ring.shrink(2000), 0)
  ring.importPoints(Float64Array.of(1, 2600, 9000), Float64Array.of(-1, -2, -3))
  assert.equal(ring.size, 1500)
  assert.deepEqual(copied(ring, 0, 3), [[2502, 2502], [2503, 2503], [2504, 2504]])
  assert.deepEqual(copied(ring, 1497), [[3998, 3998], [3999, 3999], [9000, -3]])
  assert.throws(() => { ring.importPoints(Float64Array.of(2, 1), Float64Array.of(0, 0)) }, InvalidArgumentError)
  ring.clear()
  assert.equal(ring.size, 0)
  assert.equal(ring.lastTime, -Infinity)
  ring.append(5, 5)
  assert.deepEqual(contents(ring), [[5, 5]])
})

test('exportChunks and importChunks round trip the chunks as they are', () => {
  const r = rng(3)
  const a = new ChunkedRing(2000)
  for (let i = 0; i < 3333; i++) a.append(T0 + i * 1000, Math.round(r() * 1e4) / 100)
  const saved = a.exportChunks()
  assert.ok(saved.chunks.length >= 3)
  assert.ok(saved.skip > 0)
  const b = new ChunkedRing(2000)
  b.importChunks(saved)
  assert.deepEqual(contents(b), contents(a))
  assert.equal(b.lastTime, a.lastTime)
  // The chunk words are adopted, not re-encoded.
  assert.equal(b.exportChunks().chunks[0].words, saved.chunks[0].words)
  // A smaller ring keeps the newest points; a ring with points merges.
  const c = new ChunkedRing(700)
  c.importChunks(saved)
  assert.deepEqual(contents(c), contents(a).slice(-700))
  const d = new ChunkedRing(5000)
  d.append(T0 - 5, 1)
  d.importChunks(saved)
  assert.deepEqual(contents(d), [[T0 - 5, 1], ...contents(a)])
})

test('importChunks rejects chunks that do not decode to points in order, leaving the ring as it was', () => {
  const a = new ChunkedRing(5000)
  for (let i = 0; i < 1200; i++) a.append(T0 + i, i)
  const saved = a.exportChunks()
  const b = new ChunkedRing(5000)
  b.append(1, 1)
  const bad = [
    { ...saved, skip: 10_000 },
    { ...saved, chunks: [{ words: new Uint32Array(2) }] },
    { ...saved, chunks: [{ words: Uint32Array.of(0xffffffff, 0, 0, 0, 0, 0) }] },
    { ...saved, chunks: [...saved.chunks].reverse() },
    { ...saved, timesMs: Float64Array.of(1), values: Float64Array.of(1) },
    { ...saved, values: new Float64Array(0) }
  ]
  for (const s of bad) {
    assert.throws(() => { b.importChunks(s) }, InvalidArgumentError)
    assert.deepEqual(contents(b), [[1, 1]])
  }
})
