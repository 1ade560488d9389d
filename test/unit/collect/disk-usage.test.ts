import { test } from 'node:test'
import assert from 'node:assert/strict'
import { statfsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { diskUsagePercent, readDiskUsagePercent } from '../../../src/collect/disk-usage.ts'
import type { StatfsBlocks } from '../../../src/collect/disk-usage.ts'

test('diskUsagePercent leaves the root reserve out of the total, as psutil', () => {
  // used = 600 blocks, available = 300 (100 more are reserved for root).
  const percent = diskUsagePercent({ bsize: 4096, blocks: 1000, bfree: 400, bavail: 300 })
  assert.ok(percent !== null)
  assert.ok(Math.abs(percent - 600 / 900 * 100) < 1e-9)
  assert.equal(diskUsagePercent({ bsize: 512, blocks: 10, bfree: 10, bavail: 10 }), 0)
  assert.equal(diskUsagePercent({ bsize: 512, blocks: 10, bfree: 0, bavail: 0 }), 100)
})

test('diskUsagePercent is null for a filesystem without blocks', () => {
  assert.equal(diskUsagePercent({ bsize: 4096, blocks: 0, bfree: 0, bavail: 0 }), null)
})

function enoent (path: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, statfs '${path}'`), { code: 'ENOENT' })
}

test('readDiskUsagePercent walks up to the nearest existing directory', () => {
  const asked: string[] = []
  const statfs = (path: string): StatfsBlocks => {
    asked.push(path)
    if (path !== '/srv') throw enoent(path)
    return { bsize: 4096, blocks: 100, bfree: 75, bavail: 75 }
  }
  assert.equal(readDiskUsagePercent('/srv/bot/data', statfs), 25)
  assert.deepEqual(asked, ['/srv/bot/data', '/srv/bot', '/srv'])
})

test('readDiskUsagePercent rethrows errors other than a missing directory', () => {
  const statfs = (): StatfsBlocks => {
    throw Object.assign(new Error('EACCES'), { code: 'EACCES' })
  }
  assert.throws(() => readDiskUsagePercent('/srv/bot', statfs), { code: 'EACCES' })
})

test('readDiskUsagePercent throws when even the root is missing', () => {
  const statfs = (path: string): StatfsBlocks => { throw enoent(path) }
  assert.throws(() => readDiskUsagePercent('/a/b', statfs), { code: 'ENOENT' })
})

test('readDiskUsagePercent measures a real directory and a not-yet-made one', () => {
  const expected = diskUsagePercent(statfsSync(tmpdir()))
  assert.ok(expected !== null && expected >= 0 && expected <= 100)
  const direct = readDiskUsagePercent(tmpdir())
  const missing = readDiskUsagePercent(join(tmpdir(), 'bm-no-such-dir', 'deeper'))
  // Other writers may change the figure a little between the calls.
  assert.ok(direct !== null && Math.abs(direct - expected) < 1, `${direct} vs ${expected}`)
  assert.ok(missing !== null && Math.abs(missing - expected) < 1, `${missing} vs ${expected}`)
})
