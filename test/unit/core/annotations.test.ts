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

test('beforeChange sees each add with what the bound drops, and each clear, before the store changes', () => {
  const s = new AnnotationStore(2)
  const seen: unknown[] = []
  s.beforeChange = (c) => { seen.push(c.kind === 'add' ? [c.kind, c.annotation.id, c.dropped?.id ?? null, s.size] : [c.kind, s.size]) }
  s.add({ text: 'a', timeMs: 10 }, 0)
  s.add({ text: 'b', timeMs: 20 }, 0)
  s.add({ text: 'c', timeMs: 30 }, 0) // drops a, the oldest
  s.add({ text: 'd', timeMs: 5 }, 0) // older than all of a full store: drops itself
  s.clear()
  assert.deepEqual(seen, [['add', 1, null, 0], ['add', 2, null, 1], ['add', 3, 1, 2], ['add', 4, 4, 2], ['clear', 2]])
  assert.equal(s.size, 0)
})

test('a throwing beforeChange leaves the store unchanged and gives no id away', () => {
  const s = new AnnotationStore()
  s.add({ text: 'kept', timeMs: 1 }, 0)
  s.beforeChange = () => { throw new Error('disk full') }
  assert.throws(() => s.add({ text: 'lost', timeMs: 2 }, 0), /disk full/)
  assert.throws(() => { s.clear() }, /disk full/)
  assert.deepEqual(s.list().map((a) => a.text), ['kept'])
  s.beforeChange = null
  assert.equal(s.add({ text: 'next', timeMs: 3 }, 0).id, 2)
})

test('load replaces the annotations in time order, drops the oldest past the limit, never gives an id twice', () => {
  const s = new AnnotationStore(3)
  s.add({ text: 'replaced', timeMs: 1 }, 0)
  const saved = [
    { id: 7, time: 300, time_end: null, text: 'g', tags: [] },
    { id: 2, time: 100, time_end: 150, text: 'b', tags: ['deploy'] },
    { id: 5, time: 200, time_end: null, text: 'e', tags: [] },
    { id: 4, time: 200, time_end: null, text: 'd', tags: [] }
  ]
  const dropped = s.load(saved, 9)
  assert.deepEqual(dropped.map((a) => a.id), [2])
  assert.deepEqual(s.list().map((a) => a.id), [4, 5, 7])
  assert.equal(s.add({ text: 'new', timeMs: 400 }, 0).id, 9)
  // A saved id at or above nextId (ids given out after the counter was saved) moves it on.
  const t = new AnnotationStore()
  t.load([{ id: 12, time: 1, time_end: null, text: 'x', tags: [] }], 3)
  assert.equal(t.add({ text: 'y' }, 2).id, 13)
})
