import { test } from 'node:test'
import assert from 'node:assert/strict'
import { HyperLogLog, murmur3 } from '../../../src/core/hyperloglog.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'

test('murmur3 matches a reference over UTF-16LE bytes', () => {
  // A plain-Python MurmurHash3 x86_32 (checked against the published vectors: ('', 1) -> 0x514E28B7,
  // ('test', 0) -> 0xba6bd213, ('Hello, world!', 0) -> 0xc0363e43) over s.encode('utf-16-le'):
  assert.equal(murmur3('', 0x9747b28c), 3954623016)
  assert.equal(murmur3('a', 0x9747b28c), 2863223161)
  assert.equal(murmur3('ab', 0x5bd1e995), 1101896051)
  assert.equal(murmur3('ord-12345', 0x9747b28c), 1351343105)
  assert.equal(murmur3('BTCUSDT€', 0x5bd1e995), 996723107)
})

test('estimates stay within 3 standard errors from 10 to 500,000 distinct ids', () => {
  for (const n of [10, 100, 1_000, 20_000, 500_000]) {
    const hll = new HyperLogLog(14)
    for (let i = 0; i < n; i++) hll.add('ord-' + i)
    const err = Math.abs(hll.estimate() - n) / n
    assert.ok(err <= 3 * hll.relativeError, `n=${n}: estimate ${hll.estimate()} (error ${(err * 100).toFixed(2)} %)`)
  }
  assert.equal(new HyperLogLog().estimate(), 0)
})

test('duplicates do not count; merge gives the union', () => {
  const a = new HyperLogLog(12)
  const b = new HyperLogLog(12)
  for (let r = 0; r < 5; r++) for (let i = 0; i < 3000; i++) a.add(i)
  for (let i = 2000; i < 6000; i++) b.add(i)
  assert.ok(Math.abs(a.estimate() - 3000) / 3000 <= 3 * a.relativeError)
  a.merge(b)
  assert.ok(Math.abs(a.estimate() - 6000) / 6000 <= 3 * a.relativeError, String(a.estimate()))
  assert.throws(() => a.merge(new HyperLogLog(14)), InvalidArgumentError)
  assert.throws(() => new HyperLogLog(3), InvalidArgumentError)
  a.clear()
  assert.equal(a.estimate(), 0)
})
