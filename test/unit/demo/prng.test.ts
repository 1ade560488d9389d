import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Random, splitmix32 } from '../../../src/demo/prng.ts'

// Reference outputs computed independently in Python (unsigned 32-bit arithmetic
// with masks): splitmix32 finalizer; sfc32 state a, b, c, d = splitmix32 of
// seed + k * 0x9e3779b9 (k = 1..4, mod 2**32), then 12 outputs discarded.
const SPLITMIX = [[0, 0], [1, 2261973619], [0x9e3779b9, 1684164658], [123456789, 956453899]] as const
const SFC32: ReadonlyArray<readonly [number, readonly number[]]> = [
  [0, [548183886, 1097162541, 2219297441, 1664216021, 3479288465]],
  [42, [3825871779, 1851418855, 1383259262, 890322987, 2796912455]],
  [2 ** 32 - 1, [2246433216, 2156899173, 2040853526, 3823104220, 1358629326]]
]

test('splitmix32 matches the reference finalizer', () => {
  for (const [input, output] of SPLITMIX) assert.equal(splitmix32(input), output)
})

test('sfc32 outputs match the reference for several seeds', () => {
  for (const [seed, outputs] of SFC32) {
    const rng = new Random(seed)
    assert.deepEqual(outputs.map(() => rng.nextUint32()), outputs, `seed ${seed}`)
  }
})

test('a seed is taken modulo 2**32: -1 replays seed 4294967295', () => {
  const a = new Random(-1)
  const b = new Random(2 ** 32 - 1)
  assert.equal(a.seed, 2 ** 32 - 1)
  for (let i = 0; i < 10; i++) assert.equal(a.next(), b.next())
})

test('uniform draws stay in range; normal draws have mean 0 and variance 1', () => {
  const rng = new Random(7)
  const n = 100_000
  let sum = 0
  let sumSq = 0
  for (let i = 0; i < n; i++) {
    const u = rng.next()
    assert.ok(u >= 0 && u < 1)
    const k = rng.int(6)
    assert.ok(Number.isInteger(k) && k >= 0 && k < 6)
    const z = rng.normal()
    sum += z
    sumSq += z * z
  }
  // Standard errors: 1/sqrt(n) = 0.0032 for the mean, sqrt(2/n) = 0.0045 for the variance.
  assert.ok(Math.abs(sum / n) < 0.015, `mean ${sum / n}`)
  assert.ok(Math.abs(sumSq / n - 1) < 0.02, `variance ${sumSq / n}`)
})

test('forked streams are reproducible and differ from each other and from the parent', () => {
  const draw = (r: Random): number[] => Array.from({ length: 5 }, () => r.nextUint32())
  const root = new Random(9)
  const one = draw(root.fork(1))
  root.next()
  // A fork depends on the seed, not on how far the parent has run.
  assert.deepEqual(draw(root.fork(1)), one)
  assert.notDeepEqual(draw(root.fork(2)), one)
  assert.notDeepEqual(draw(new Random(9)), one)
})
