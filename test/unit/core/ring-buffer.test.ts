import { test } from 'node:test'
import assert from 'node:assert/strict'
import { RingBuffer } from '../../../src/core/ring-buffer.ts'

function contents (ring: RingBuffer): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (let i = 0; i < ring.size; i++) out.push([ring.timeAt(i), ring.valueAt(i)])
  return out
}

test('grows on demand up to its capacity, no further', () => {
  const ring = new RingBuffer(100, 4)
  assert.equal(ring.times.length, 4)
  for (let i = 0; i < 5; i++) ring.append(i, i)
  assert.equal(ring.times.length, 8)
  for (let i = 5; i < 300; i++) ring.append(i, i)
  assert.equal(ring.times.length, 100)
  assert.equal(ring.size, 100)
  assert.equal(ring.byteLength, 1600)
})

test('wraps around: the oldest points age out, order is kept', () => {
  const ring = new RingBuffer(5, 2)
  for (let i = 1; i <= 12; i++) ring.append(i * 10, i)
  assert.deepEqual(contents(ring), [[80, 8], [90, 9], [100, 10], [110, 11], [120, 12]])
  assert.equal(ring.head, 2)
})

test('copyRange copies across the wrap point', () => {
  const ring = new RingBuffer(4, 4)
  for (let i = 1; i <= 6; i++) ring.append(i, i * 2)
  const t = new Float64Array(4)
  const v = new Float64Array(4)
  ring.copyRange(0, 4, t, v, 0)
  assert.deepEqual([...t], [3, 4, 5, 6])
  assert.deepEqual([...v], [6, 8, 10, 12])
  const t2 = new Float64Array(2)
  const v2 = new Float64Array(2)
  ring.copyRange(1, 3, t2, v2, 0)
  assert.deepEqual([...t2], [4, 5])
})

test('lowerBound and upperBound find window edges, also after wrapping', () => {
  const ring = new RingBuffer(6, 2)
  for (const t of [1, 2, 2, 2, 3, 5, 8, 13]) ring.append(t, t)
  // kept: 2 2 3 5 8 13
  assert.deepEqual(contents(ring).map(([t]) => t), [2, 2, 3, 5, 8, 13])
  assert.equal(ring.lowerBound(2), 0)
  assert.equal(ring.upperBound(2), 2)
  assert.equal(ring.lowerBound(4), 3)
  assert.equal(ring.upperBound(13), 6)
  assert.equal(ring.lowerBound(14), 6)
  assert.equal(ring.lowerBound(-1), 0)
})

test('a late point is inserted in time order', () => {
  const ring = new RingBuffer(10, 2)
  for (const t of [10, 20, 30]) ring.append(t, t)
  ring.append(15, 15)
  ring.append(5, 5)
  assert.deepEqual(contents(ring).map(([t]) => t), [5, 10, 15, 20, 30])
  assert.equal(ring.lastTime, 30)
})

test('a late point into a full ring drops the oldest; one older than all is ignored', () => {
  const ring = new RingBuffer(4, 4)
  for (const t of [10, 20, 30, 40, 50]) ring.append(t, t) // kept 20..50, wrapped
  ring.append(35, 35)
  assert.deepEqual(contents(ring).map(([t]) => t), [30, 35, 40, 50])
  ring.append(1, 1)
  assert.deepEqual(contents(ring).map(([t]) => t), [30, 35, 40, 50])
})

test('clear empties the ring', () => {
  const ring = new RingBuffer(4)
  for (let i = 0; i < 9; i++) ring.append(i, i)
  ring.clear()
  assert.equal(ring.size, 0)
  ring.append(1, 7)
  assert.deepEqual(contents(ring), [[1, 7]])
})

test('shrink keeps the newest points, frees the larger arrays, and keeps working', () => {
  const ring = new RingBuffer(8, 8)
  for (let i = 1; i <= 11; i++) ring.append(i, i * 10) // wrapped: head is not 0
  assert.equal(ring.shrink(3), 5)
  assert.equal(ring.capacity, 3)
  assert.equal(ring.times.length, 3)
  assert.deepEqual(contents(ring), [[9, 90], [10, 100], [11, 110]])
  ring.append(12, 120)
  assert.deepEqual(contents(ring), [[10, 100], [11, 110], [12, 120]])
  ring.append(10.5, 105) // late point on a full shrunk ring
  assert.deepEqual(contents(ring), [[10.5, 105], [11, 110], [12, 120]])
  assert.equal(ring.shrink(5), 0)
  assert.equal(ring.capacity, 3)
})

test('shrink below the allocated size of a part-filled ring keeps all that fits', () => {
  const ring = new RingBuffer(100, 16)
  for (let i = 0; i < 4; i++) ring.append(i, i)
  assert.equal(ring.shrink(10), 0)
  assert.equal(ring.times.length, 10)
  for (let i = 4; i < 20; i++) ring.append(i, i)
  assert.equal(ring.size, 10)
  assert.deepEqual(contents(ring).map(([t]) => t), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19])
})
