import { test, mock } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import { KeyRing, digestsEqual, keyFingerprint, parseApiKeys } from '../../../../src/http/security/api-keys.ts'
import { ConfigError } from '../../../../src/core/errors.ts'

const READ = 'read-key-aaaaaaaaaaaaaaaa'
const WRITE = 'write-key-bbbbbbbbbbbbbbbb'
const ADMIN = 'admin-key-cccccccccccccccc'

test('parseApiKeys keeps digests and fingerprints, never the keys', () => {
  const keys = parseApiKeys(`read:${READ}, write:${WRITE}\nadmin:${ADMIN},,`, 'METRICS_API_KEYS')
  assert.deepEqual(keys.map((k) => k.scope), ['read', 'write', 'admin'])
  // Reference: printf %s read-key-aaaaaaaaaaaaaaaa | sha256sum
  assert.equal(keys[0].sha256, crypto.createHash('sha256').update(READ).digest('hex'))
  assert.equal(keys[0].id, keys[0].sha256.slice(0, 8))
  assert.equal(keys[0].id, keyFingerprint(READ))
  assert.ok(!JSON.stringify(keys).includes(READ) && !JSON.stringify(keys).includes(ADMIN))
  assert.ok(Object.isFrozen(keys[0]))
})

test('parseApiKeys takes a key as its sha256 digest, and drops exact duplicates', () => {
  const digest = crypto.createHash('sha256').update(ADMIN).digest('hex')
  const keys = parseApiKeys(`admin:sha256:${digest.toUpperCase()},admin:${ADMIN},read:${ADMIN}`, 'test')
  assert.equal(keys.length, 2)
  const ring = new KeyRing(keys)
  assert.equal(ring.size, 1, 'one key with two scopes')
  assert.deepEqual([...ring.identify(ADMIN)?.scopes ?? []].sort(), ['admin', 'read'])
})

test('parseApiKeys refuses bad entries, naming the entry and never the key', () => {
  const cases: Array<[string, RegExp]> = [
    ['reader:' + READ, /entry 1: must be scope:key with scope read, write or admin/],
    [READ, /entry 1: must be scope:key/],
    ['read:short-key', /entry 1: key must be 16 to 512 characters/],
    [`read:${READ},write:has space in it ok`, /entry 2: key must be printable ASCII/],
    ['admin:' + 'x'.repeat(513), /key must be 16 to 512/]
  ]
  for (const [spec, message] of cases) {
    assert.throws(() => parseApiKeys(spec, 'METRICS_API_KEYS'), (e: unknown) => {
      assert.ok(e instanceof ConfigError)
      assert.match(e.message, message)
      assert.ok(!e.message.includes(READ) && !e.message.includes('short-key'), e.message)
      return true
    })
  }
})

test('KeyRing identifies configured keys and nothing else', () => {
  const ring = new KeyRing(parseApiKeys(`read:${READ},write:${WRITE},admin:${ADMIN}`, 'test'))
  assert.deepEqual(ring.counts(), { read: 1, write: 1, admin: 1 })
  assert.deepEqual([...ring.identify(WRITE)?.scopes ?? []], ['write'])
  assert.equal(ring.identify(WRITE)?.id, keyFingerprint(WRITE))
  assert.equal(ring.identify(WRITE + 'x'), null)
  assert.equal(ring.identify(WRITE.slice(0, -1)), null)
  assert.equal(ring.identify(''), null)
  assert.equal(new KeyRing([]).identify(READ), null)
})

// Timing cannot be measured reliably in a test; what can be proved is that
// every check goes through crypto.timingSafeEqual, on two 32-byte digests,
// once per configured key whichever key (if any) matches: no early exit,
// no comparison of the raw key.
test('identify compares fixed-length digests with timingSafeEqual, against every key', (t) => {
  const ring = new KeyRing(parseApiKeys(`read:${READ},write:${WRITE},admin:${ADMIN}`, 'test'))
  const spy = t.mock.method(crypto, 'timingSafeEqual')
  for (const presented of [READ, ADMIN, 'not-a-key-at-all-xxxxxxxx', 'x', 'y'.repeat(500)]) {
    spy.mock.resetCalls()
    ring.identify(presented)
    assert.equal(spy.mock.callCount(), 3, `three comparisons for ${presented.slice(0, 10)}`)
    const presentedDigest = crypto.createHash('sha256').update(presented).digest()
    for (const call of spy.mock.calls) {
      const [a, b] = call.arguments as [Buffer, Buffer]
      assert.equal(a.length, 32)
      assert.equal(b.length, 32)
      assert.ok(a.equals(presentedDigest), 'the presented key is compared as its digest')
    }
  }
  mock.restoreAll()
})

test('digestsEqual refuses anything but two 32-byte digests', () => {
  const d = crypto.createHash('sha256').update('a').digest()
  assert.equal(digestsEqual(d, Buffer.from(d)), true)
  assert.equal(digestsEqual(d, crypto.createHash('sha256').update('b').digest()), false)
  assert.throws(() => digestsEqual(d, Buffer.alloc(16)), RangeError)
})
