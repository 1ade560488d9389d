import { test } from 'node:test'
import assert from 'node:assert/strict'
import { QuantileSketch, SKETCH_BIN_LIMIT } from '../../../src/core/quantile-sketch.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'

/** Latency-like values from 0.1 ms to ~10 s, deterministic. */
function latencies (n: number): Float64Array {
  const v = new Float64Array(n)
  for (let i = 0; i < n; i++) v[i] = 0.0001 * Math.exp(11.5 * (((i * 2654435761) >>> 0) / 2 ** 32) ** 2)
  return v
}

/** The value of rank ⌊q(n − 1)⌋ of the sorted values: the rank DDSketch answers for. */
function exactAt (sorted: Float64Array, q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]
}

test('quantiles are within the relative accuracy of the exact value at that rank', () => {
  const v = latencies(100_000)
  const sketch = new QuantileSketch(0.01)
  for (const x of v) sketch.add(x)
  const sorted = Float64Array.from(v).sort()
  for (const q of [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1]) {
    const exact = exactAt(sorted, q)
    const got = sketch.quantile(q)
    assert.ok(Math.abs(got - exact) <= 0.01 * exact * (1 + 1e-9), `q=${q}: ${got} vs ${exact}`)
  }
  const s = sketch.summary()!
  assert.equal(s.count, 100_000)
  assert.equal(s.min, sorted[0])
  assert.equal(s.max, sorted[sorted.length - 1])
  assert.equal(s.relative_accuracy, 0.01)
})

test('negative values and zeros are placed correctly', () => {
  const sketch = new QuantileSketch(0.02)
  for (let i = -500; i <= 500; i++) sketch.add(i)
  assert.ok(Math.abs(sketch.quantile(0.25) - -250) <= 0.02 * 250)
  assert.ok(Math.abs(sketch.quantile(0.75) - 250) <= 0.02 * 250)
  assert.equal(sketch.quantile(0.5), 0)
})

test('memory stays bounded over a huge range; high quantiles stay accurate', () => {
  const sketch = new QuantileSketch(0.01)
  const values: number[] = []
  for (let e = -300; e <= 300; e += 0.01) values.push(10 ** e)
  for (const x of values) sketch.add(x)
  assert.ok(sketch.byteLength <= SKETCH_BIN_LIMIT * 8, `${sketch.byteLength} bytes`)
  assert.equal(sketch.count, values.length)
  const exact = values[Math.floor(0.99 * (values.length - 1))]
  assert.ok(Math.abs(sketch.quantile(0.99) - exact) <= 0.01 * exact * (1 + 1e-9))
})

test('values over 30 decades in shuffled order: the high quantiles keep their accuracy', () => {
  // 2,048 bins at 1 % span about 17.8 decades; the lowest values fold, the top ones stay apart.
  const n = 50_000
  const values = new Float64Array(n)
  for (let i = 0; i < n; i++) values[i] = 10 ** (-15 + 30 * (((i * 2654435761) >>> 0) / 2 ** 32))
  const sketch = new QuantileSketch(0.01)
  for (const x of values) sketch.add(x)
  const sorted = Float64Array.from(values).sort()
  for (const q of [0.6, 0.9, 0.99, 0.999, 1]) {
    const exact = exactAt(sorted, q)
    assert.ok(Math.abs(sketch.quantile(q) - exact) <= 0.01 * exact * (1 + 1e-9), `q=${q}: ${sketch.quantile(q)} vs ${exact}`)
  }
  // Folded values read back no higher than the lowest kept bin, never above their true rank's value.
  assert.ok(sketch.quantile(0.1) <= exactAt(sorted, 0.45))
  assert.equal(sketch.count, n)
  assert.equal(sketch.quantile(0), sorted[0])
})

test('weights count a sampled point as the points it stands for; merge adds sketches', () => {
  const a = new QuantileSketch()
  const b = new QuantileSketch()
  a.add(1, 99)
  b.add(100, 1)
  a.merge(b)
  assert.equal(a.count, 100)
  assert.ok(Math.abs(a.quantile(0.5) - 1) <= 0.01)
  assert.ok(Math.abs(a.quantile(1) - 100) <= 1)
  assert.throws(() => a.merge(new QuantileSketch(0.05)), InvalidArgumentError)
  assert.equal(new QuantileSketch().summary(), null)
  assert.ok(Number.isNaN(new QuantileSketch().quantile(0.5)))
  assert.throws(() => new QuantileSketch(0), InvalidArgumentError)
})

test('a sketch rebuilt from its exported state answers the same, collapsed bins and all', () => {
  const a = new QuantileSketch(0.01)
  // Negatives, zeros, weights, and 600 decades: past the bin limit, so the lowest bins collapsed.
  for (let i = 0; i < 6000; i++) a.add(10 ** (i / 10 - 300), 1 + (i % 3))
  for (let i = 1; i <= 50; i++) a.add(-i / 7)
  a.add(0, 4)
  const state = a.exportState()
  assert.ok(state.positive.keys.length <= SKETCH_BIN_LIMIT)
  const b = QuantileSketch.fromState(state)
  assert.deepEqual(b.summary(), a.summary())
  for (const q of [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.99, 0.999, 1]) assert.equal(b.quantile(q), a.quantile(q), String(q))
  assert.deepEqual(b.exportState(), state)
  // An empty sketch too.
  const empty = QuantileSketch.fromState(new QuantileSketch(0.02).exportState())
  assert.equal(empty.summary(), null)
  assert.equal(empty.relativeAccuracy, 0.02)
})

test('a malformed saved sketch throws InvalidArgumentError', () => {
  const a = new QuantileSketch()
  a.add(1)
  a.add(2)
  const state = a.exportState()
  const bins = (keys: number[], counts: number[]): { keys: Float64Array, counts: Float64Array } => ({ keys: Float64Array.from(keys), counts: Float64Array.from(counts) })
  for (const bad of [
    { ...state, relativeAccuracy: 0 },
    { ...state, positive: bins([1, 2], [1]) },
    { ...state, positive: bins([35, 0.5], [1, 1]) },
    { ...state, positive: bins([35, 34], [1, 1]) },
    { ...state, positive: bins([0, 35], [1, -1]) },
    { ...state, count: NaN },
    { ...state, min: 3 },
    { ...state, count: 0 }
  ]) {
    assert.throws(() => QuantileSketch.fromState(bad), InvalidArgumentError, JSON.stringify(bad))
  }
})
