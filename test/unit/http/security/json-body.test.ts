import { test } from 'node:test'
import assert from 'node:assert/strict'
import { jsonDepthExceeds } from '../../../../src/http/security/json-body.ts'

test('jsonDepthExceeds counts nesting of arrays and objects', () => {
  assert.equal(jsonDepthExceeds('[]', 1), false)
  assert.equal(jsonDepthExceeds('[[]]', 1), true)
  assert.equal(jsonDepthExceeds('[{"a":{"b":[1]}}]', 4), false)
  assert.equal(jsonDepthExceeds('[{"a":{"b":[1]}}]', 3), true)
  assert.equal(jsonDepthExceeds('[' + '[],'.repeat(1000) + '[]]', 2), false, 'siblings do not add up')
  assert.equal(jsonDepthExceeds('['.repeat(33) + ']'.repeat(33), 32), true)
  assert.equal(jsonDepthExceeds('['.repeat(4_000_000), 32), true)
})

test('brackets inside strings, escaped quotes included, do not count', () => {
  assert.equal(jsonDepthExceeds('["[[[[[[", "{{{{"]', 1), false)
  assert.equal(jsonDepthExceeds('["a\\"[[[[", "\\\\"]', 1), false)
  assert.equal(jsonDepthExceeds('["\\\\", [[[]]]]', 3), true)
  assert.equal(jsonDepthExceeds('{"k[":{"v":"}}}}"}}', 2), false)
})
