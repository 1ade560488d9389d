import { test } from 'node:test'
import assert from 'node:assert/strict'
import { PersistenceError } from '../../../src/core/errors.ts'
import { toPersistenceError } from '../../../src/persist/persist-errors.ts'

test('SQLite result codes and errno names map to the reason a user acts on', () => {
  const cases: Array<[unknown, string]> = [
    [{ errcode: 13, message: 'database or disk is full' }, 'full'],
    [{ errcode: 13 | (1 << 8), message: 'extended SQLITE_FULL' }, 'full'],
    [{ code: 'ENOSPC', message: 'no space left on device' }, 'full'],
    [{ code: 'EFBIG', message: 'file too large' }, 'full'],
    [{ code: 'EDQUOT', message: 'quota exceeded' }, 'full'],
    [{ errcode: 778, message: 'disk I/O error' }, 'io'], // SQLITE_IOERR_WRITE: what a read-only file under an open descriptor gives
    [{ errcode: 5, message: 'database is locked' }, 'locked'],
    [{ code: 'EROFS', message: 'read-only file system' }, 'unwritable']
  ]
  for (const [error, reason] of cases) {
    const mapped = toPersistenceError(error, '/data/breakout-metrics.db', 'writing a trade event')
    assert.ok(mapped instanceof PersistenceError)
    assert.equal(mapped.reason, reason, JSON.stringify(error))
    assert.equal(mapped.statusCode, 503)
    assert.match(mapped.message, /^persistence \(\w+\) \/data\/breakout-metrics\.db: writing a trade event: /)
  }
  assert.match(toPersistenceError({ errcode: 13, message: 'full' }, '/d', 'x').message, /free space/)
  assert.match(toPersistenceError({ errcode: 10, message: 'io' }, '/d', 'x').message, /read-only.*retries/)
})
