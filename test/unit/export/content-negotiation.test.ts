import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CONTENT_TYPES, negotiateFormat } from '../../../src/export/content-negotiation.ts'

const format = (accept: string | string[] | undefined | null): string => negotiateFormat(accept).format

test('Prometheus 2.x asks for OpenMetrics first and gets it', () => {
  const prometheus2 = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
  assert.deepEqual(negotiateFormat(prometheus2), { format: 'openmetrics', contentType: CONTENT_TYPES.openmetrics })
  assert.equal(CONTENT_TYPES.openmetrics, 'application/openmetrics-text; version=1.0.0; charset=utf-8')
})

test('no header, */*, a browser or curl get the 0.0.4 text format', () => {
  for (const accept of [undefined, null, '', '*/*', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'application/json']) {
    assert.deepEqual(negotiateFormat(accept), { format: 'prometheus', contentType: 'text/plain; version=0.0.4; charset=utf-8' })
  }
})

test('weights decide; equal weights go to the range listed first', () => {
  assert.equal(format('text/plain;version=0.0.4;q=0.9, application/openmetrics-text;version=1.0.0'), 'openmetrics')
  assert.equal(format('application/openmetrics-text;q=0.4, text/plain'), 'prometheus')
  assert.equal(format('application/openmetrics-text, text/plain'), 'openmetrics')
  assert.equal(format('text/plain, application/openmetrics-text'), 'prometheus')
  assert.equal(format('application/openmetrics-text;q=0'), 'prometheus')
  // The most specific range sets a type's weight: text/plain is refused, */* lets OpenMetrics in.
  assert.equal(format('text/plain;q=0, */*'), 'openmetrics')
  assert.equal(format('application/*'), 'openmetrics')
})

test('unknown versions, odd spelling and junk are handled without throwing', () => {
  assert.equal(format('application/openmetrics-text;version=2.0.0'), 'prometheus')
  assert.equal(format('text/plain;version=1.0.0, application/openmetrics-text;version=0.0.1;q=0.1'), 'openmetrics')
  assert.equal(format('APPLICATION/OpenMetrics-Text ; Version="1.0.0" ; Q=1'), 'openmetrics')
  assert.equal(format('application/openmetrics-text;q=abc'), 'prometheus')
  assert.equal(format('application/openmetrics-text;q=1.5'), 'prometheus')
  assert.equal(format(';;;,,,=;q'), 'prometheus')
  assert.equal(format('application/openmetrics-text,' + 'x'.repeat(5000)), 'prometheus')
  assert.equal(format(['text/plain;q=0.1', 'application/openmetrics-text']), 'openmetrics')
})
