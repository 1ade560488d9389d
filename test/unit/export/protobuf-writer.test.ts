import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ProtobufWriter, varintSize } from '../../../src/export/protobuf-writer.ts'

// Expected bytes computed with python3: the LEB128 loop `(n & 127) | 128`
// while n >= 128, and struct.pack('<d', x).
test('varints match the protobuf encoding, past 2^32', () => {
  const cases: Array<[number, number[]]> = [
    [0, [0x00]],
    [1, [0x01]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [300, [0xac, 0x02]],
    [1735689600000, [0x80, 0xf8, 0xa5, 0xf9, 0xc1, 0x32]],
    [Number.MAX_SAFE_INTEGER, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]]
  ]
  for (const [value, bytes] of cases) {
    const w = new ProtobufWriter(1)
    w.varint(value)
    assert.deepEqual([...w.finish()], bytes, `varint ${value}`)
    assert.equal(varintSize(value), bytes.length, `varintSize ${value}`)
  }
})

test('doubles are little-endian IEEE 754', () => {
  const w = new ProtobufWriter(2)
  w.double(1.5)
  assert.equal(Buffer.from(w.finish()).toString('hex'), '000000000000f83f')
})

test('the buffer grows and reset starts over', () => {
  const w = new ProtobufWriter(4)
  const big = new Uint8Array(1000).fill(7)
  w.lengthDelimited(1, big)
  assert.equal(w.length, 1 + 2 + 1000)
  const out = w.finish()
  assert.deepEqual([...out.subarray(0, 3)], [0x0a, 0xe8, 0x07])
  assert.equal(out[1002], 7)
  w.reset()
  w.varint(5)
  assert.deepEqual([...w.finish()], [5])
})
