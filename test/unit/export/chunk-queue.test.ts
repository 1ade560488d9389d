import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ChunkQueue } from '../../../src/export/chunk-queue.ts'

const chunk = (id: number, size = 4): Uint8Array => new Uint8Array(size).fill(id)
const ids = (chunks: Uint8Array[]): number[] => chunks.map((c) => c[0])

test('FIFO within the count bound; the oldest are dropped', () => {
  const q = new ChunkQueue(3, 1000)
  assert.equal(q.push(chunk(1)), 0)
  assert.equal(q.push(chunk(2)), 0)
  assert.equal(q.push(chunk(3)), 0)
  assert.equal(q.push(chunk(4)), 1)
  assert.equal(q.length, 3)
  assert.equal(q.bytes, 12)
  assert.deepEqual(ids(q.take(2)), [2, 3])
  assert.equal(q.push(chunk(5)), 0)
  assert.deepEqual(ids(q.take(10)), [4, 5])
  assert.equal(q.length, 0)
  assert.equal(q.bytes, 0)
})

test('the byte bound drops as many old chunks as needed', () => {
  const q = new ChunkQueue(100, 10)
  q.push(chunk(1, 4))
  q.push(chunk(2, 4))
  assert.equal(q.push(chunk(3, 8)), 2)
  assert.deepEqual(ids(q.take(5)), [3])
  // A chunk larger than the whole bound is itself dropped.
  assert.equal(q.push(chunk(4, 11)), 1)
  assert.equal(q.length, 0)
})

test('requeue puts a failed batch back in front, dropping its oldest if full', () => {
  const q = new ChunkQueue(4, 1000)
  for (let i = 1; i <= 4; i++) q.push(chunk(i))
  const batch = q.take(3) // 1, 2, 3
  q.push(chunk(5))
  q.push(chunk(6)) // queue: 4, 5, 6
  assert.equal(q.requeue(batch), 2) // room for one: 3 goes back, 1 and 2 are dropped
  assert.deepEqual(ids(q.take(10)), [3, 4, 5, 6])
  assert.equal(q.requeue([chunk(7), chunk(8)]), 0)
  assert.deepEqual(ids(q.take(10)), [7, 8])
})

test('wraps around its ring many times without losing order', () => {
  const q = new ChunkQueue(5, 1000)
  const seen: number[] = []
  for (let i = 0; i < 100; i++) {
    q.push(chunk(i % 256))
    if (i % 3 === 2) seen.push(...ids(q.take(2)))
  }
  seen.push(...ids(q.take(10)))
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] > seen[i - 1] || seen[i - 1] === 255)
})
