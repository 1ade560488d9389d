import { test } from 'node:test'
import assert from 'node:assert/strict'
import { AnnotationStore, toGrafana } from '../../../src/core/annotations.ts'
import { InvalidArgumentError } from '../../../src/core/errors.ts'

test('annotations are kept in time order, filtered by window and tags', () => {
  const s = new AnnotationStore()
  s.add({ text: 'deploy v2', tags: ['deploy'], timeMs: 3000 }, 0)
  s.add({ text: 'deploy v1', tags: ['deploy', 'canary'], timeMs: 1000 }, 0)
  s.add({ text: 'volatility', tags: ['market'], timeMs: 2000, timeEndMs: 2500 }, 0)
  s.add({ text: 'now' }, 4000)
  assert.deepEqual(s.list().map((a) => a.text), ['deploy v1', 'volatility', 'deploy v2', 'now'])
  assert.deepEqual(s.list({ tags: ['deploy'] }).map((a) => a.id), [2, 1])
  assert.deepEqual(s.list({ tags: ['deploy', 'canary'] }).map((a) => a.id), [2])
  // A region overlapping the window counts.
  assert.deepEqual(s.list({ sinceMs: 2400, untilMs: 3000 }).map((a) => a.text), ['volatility', 'deploy v2'])
  assert.deepEqual(s.list({ limit: 1 }).map((a) => a.text), ['now'])
  assert.equal(s.get(4)!.time, 4000)
})

test('bounded: past the limit the oldest go', () => {
  const s = new AnnotationStore(3)
  for (let i = 0; i < 5; i++) s.add({ text: 'a' + i, timeMs: i }, 0)
  assert.equal(s.size, 3)
  assert.deepEqual(s.list().map((a) => a.text), ['a2', 'a3', 'a4'])
})

test('Grafana format: time, timeEnd, title, text, tags', () => {
  const s = new AnnotationStore()
  const a = s.add({ text: 'deploy v3\nrolled out to all', tags: ['deploy'], timeMs: 10, timeEndMs: 20 }, 0)
  assert.deepEqual(toGrafana(a), { id: 1, time: 10, timeEnd: 20, title: 'deploy v3', text: 'deploy v3\nrolled out to all', tags: ['deploy'] })
  assert.equal('timeEnd' in toGrafana(s.add({ text: 'x' }, 5)), false)
})

test('bad input is a 400-class error naming the field', () => {
  const s = new AnnotationStore()
  assert.throws(() => s.add({ text: '' }, 0), /text/)
  assert.throws(() => s.add({ text: 'x', tags: ['bad tag'] }, 0), /tags/)
  assert.throws(() => s.add({ text: 'x', timeMs: 10, timeEndMs: 5 }, 0), /time_end/)
  assert.throws(() => s.add({ text: 'x', timeMs: NaN }, 0), InvalidArgumentError)
})
