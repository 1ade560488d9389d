import { test } from 'node:test'
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import { defaultReaders } from '../../../src/collect/system-readers.ts'

test('off Linux, the /proc counts are null and Node figures remain', () => {
  for (const platform of ['darwin', 'win32', 'freebsd'] as const) {
    const readers = defaultReaders(tmpdir(), platform)
    assert.equal(readers.threadCount(), null, platform)
    assert.equal(readers.openFdCount(), null, platform)
    assert.equal(readers.inetConnectionCount(), null, platform)
    for (const name of ['cpuMicros', 'rssBytes', 'totalMemoryBytes', 'heapUsedBytes', 'diskUsagePercent'] as const) {
      const value = readers[name]()
      assert.ok(typeof value === 'number' && value >= 0, `${platform} ${name}: ${value}`)
    }
  }
})

test('on Linux, every reader gives a number', { skip: process.platform !== 'linux' }, async () => {
  const readers = defaultReaders(tmpdir(), 'linux')
  assert.equal(typeof readers.inetConnectionCountAsync, 'function', 'the socket count can be read off the loop')
  for (const [name, read] of Object.entries(readers)) {
    const value = await read()
    assert.ok(typeof value === 'number' && value >= 0, `${name}: ${value}`)
  }
  // A Node process always has a main thread plus V8 and libuv helpers.
  assert.ok((readers.threadCount() ?? 0) > 1)
})
