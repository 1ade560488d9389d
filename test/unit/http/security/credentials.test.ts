import { test } from 'node:test'
import assert from 'node:assert/strict'
import { credentialsOf } from '../../../../src/http/security/credentials.ts'

test('credentials come from Authorization: Bearer or X-API-Key', () => {
  assert.deepEqual(credentialsOf({}), { kind: 'none' })
  assert.deepEqual(credentialsOf({ authorization: 'Bearer abc.def' }), { kind: 'key', key: 'abc.def' })
  assert.deepEqual(credentialsOf({ authorization: 'bearer   abc ' }), { kind: 'key', key: 'abc' })
  assert.deepEqual(credentialsOf({ 'x-api-key': ' abc ' }), { kind: 'key', key: 'abc' })
  assert.deepEqual(credentialsOf({ authorization: 'Bearer abc', 'x-api-key': 'abc' }), { kind: 'key', key: 'abc' })
})

test('other schemes, repeated or disagreeing headers and oversize keys are malformed', () => {
  const malformed = (headers: Record<string, string | string[]>): string => {
    const c = credentialsOf(headers)
    assert.equal(c.kind, 'malformed', JSON.stringify(headers))
    return c.kind === 'malformed' ? c.reason : ''
  }
  assert.match(malformed({ authorization: 'Basic dXNlcjpwYXNz' }), /Bearer/)
  assert.match(malformed({ authorization: 'Bearer' }), /Bearer/)
  assert.match(malformed({ authorization: 'Bearer a b' }), /Bearer/)
  assert.match(malformed({ authorization: 'Bearer abc', 'x-api-key': 'abd' }), /different keys/)
  assert.match(malformed({ 'x-api-key': ['a', 'b'] }), /more than once/)
  assert.match(malformed({ 'x-api-key': 'a, b' }), /more than once/)
  assert.match(malformed({ 'x-api-key': '' }), /empty/)
  assert.match(malformed({ authorization: 'Bearer ' + 'k'.repeat(513) }), /longer than 512/)
})
