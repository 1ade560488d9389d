import { test } from 'node:test'
import assert from 'node:assert/strict'
import { lookupKey, normalizeLabels, validateMetricName } from '../../../src/core/label-set.ts'
import { InvalidLabelError, InvalidMetricNameError } from '../../../src/core/errors.ts'

test('valid metric names pass, bad ones throw a coded error', () => {
  for (const ok of ['engine_cycle_time', 'a', '_x', 'ns:metric_1']) validateMetricName(ok)
  for (const bad of ['', '1abc', 'has space', 'dash-name', 'é', 'x'.repeat(201), 42, null]) {
    assert.throws(() => validateMetricName(bad), (e: unknown) => e instanceof InvalidMetricNameError && e.code === 'BM_ERR_INVALID_NAME' && e.statusCode === 400)
  }
})

test('labels are sorted, stringified and frozen', () => {
  const { labels, key } = normalizeLabels({ symbol: 'BTCUSDT', side: 'buy', n: 3, ok: true })
  assert.deepEqual(Object.keys(labels), ['n', 'ok', 'side', 'symbol'])
  assert.equal(labels.n, '3')
  assert.equal(labels.ok, 'true')
  assert.ok(Object.isFrozen(labels))
  assert.equal(key, lookupKey(labels))
})

test('bad labels throw InvalidLabelError naming the label', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ 'bad-name': 'x' }, /bad-name/],
    [{ __reserved: 'x' }, /reserved/],
    [{ a: 'line\nbreak' }, /control/],
    [{ a: 'x'.repeat(257) }, /longer than 256/],
    [{ a: { nested: 1 } }, /string, number or boolean/],
    [{ a: null }, /string, number or boolean/],
    [Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`l${i}`, 'v'])), /more than 16/],
    [['array'], /must be an object/]
  ]
  for (const [tags, message] of cases) {
    assert.throws(() => normalizeLabels(tags as never), (e: unknown) => e instanceof InvalidLabelError && message.test(e.message), String(message))
  }
})

test('lookup keys cannot be forged by a value holding the separators', () => {
  const honest = lookupKey({ a: 'x', b: 'y' })
  const forged = lookupKey({ a: 'x\u0002b\u0001y' })
  assert.notEqual(honest, forged)
  assert.equal(lookupKey({}), '')
})
