import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SseParser } from '../../../web/src/sse-parser.ts'

test('SseParser assembles events from chunks split anywhere, skips comments, keeps id and retry', () => {
  const text = 'retry: 3000\n\n: heartbeat\n\nid: 17\nevent: update\ndata: {"a":\ndata: 1}\n\nid: 18\r\nevent: update\r\ndata: x\r\n\r\n'
  for (const size of [1, 2, 5, 1000]) {
    const p = new SseParser()
    const events = []
    for (let i = 0; i < text.length; i += size) events.push(...p.push(text.slice(i, i + size)))
    assert.deepEqual(events, [
      { event: 'update', data: '{"a":\n1}', id: '17' },
      { event: 'update', data: 'x', id: '18' }
    ], `chunks of ${size}`)
    assert.equal(p.retryMs, 3000)
    assert.equal(p.lastEventId, '18')
  }
})

test('SseParser: an event without a type is a message; an incomplete event waits', () => {
  const p = new SseParser()
  assert.deepEqual(p.push('data: hi\n'), [])
  assert.deepEqual(p.push('\n'), [{ event: 'message', data: 'hi', id: '' }])
})
