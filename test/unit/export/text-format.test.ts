import { test } from 'node:test'
import assert from 'node:assert/strict'
import { escapeHelp, escapeLabelValue, familyHeader, formatBound, formatValue, renderLabels } from '../../../src/export/text-format.ts'

test('label values escape backslash, double quote and line feed, in that spelling', () => {
  assert.equal(escapeLabelValue('plain'), 'plain')
  assert.equal(escapeLabelValue('a\\b'), 'a\\\\b')
  assert.equal(escapeLabelValue('say "hi"'), 'say \\"hi\\"')
  assert.equal(escapeLabelValue('two\nlines'), 'two\\nlines')
  assert.equal(escapeLabelValue('\\"\n'), '\\\\\\"\\n')
  // Other characters, tabs and non-ASCII included, go out as they are.
  assert.equal(escapeLabelValue('tab\there ünï'), 'tab\there ünï')
})

test('HELP escapes the double quote only in OpenMetrics', () => {
  const help = 'Use "C:\\data"\nfor files'
  assert.equal(escapeHelp(help, 'prometheus'), 'Use "C:\\\\data"\\nfor files')
  assert.equal(escapeHelp(help, 'openmetrics'), 'Use \\"C:\\\\data\\"\\nfor files')
})

test('values read back as the same float64; infinities and NaN are spelled as Prometheus does', () => {
  for (const v of [0, 1, -2, 0.1, 1 / 3, 1e-7, 1.5e21, 123456789.125, Number.MAX_VALUE, 5e-324]) {
    assert.equal(Number(formatValue(v)), v)
  }
  assert.equal(formatValue(0.1), '0.1')
  assert.equal(formatValue(-0), '0')
  assert.equal(formatValue(Infinity), '+Inf')
  assert.equal(formatValue(-Infinity), '-Inf')
  assert.equal(formatValue(NaN), 'NaN')
})

test('integral bounds get .0 in OpenMetrics only', () => {
  assert.equal(formatBound(1, 'prometheus'), '1')
  assert.equal(formatBound(1, 'openmetrics'), '1.0')
  assert.equal(formatBound(0.25, 'openmetrics'), '0.25')
  assert.equal(formatBound(1e21, 'openmetrics'), '1e+21')
  assert.equal(formatBound(Infinity, 'openmetrics'), '+Inf')
})

test('labels render in the order given, escaped, with braces', () => {
  assert.equal(renderLabels([]), '')
  assert.equal(renderLabels([['b', '1'], ['a', 'x"y']]), '{b="1",a="x\\"y"}')
})

test('OpenMetrics metadata names a counter without _total and writes UNIT only when the name ends in it', () => {
  assert.equal(familyHeader('jobs_total', 'counter', 'Jobs.', '', 'prometheus'), '# HELP jobs_total Jobs.\n# TYPE jobs_total counter\n')
  assert.equal(familyHeader('jobs_total', 'counter', 'Jobs.', '', 'openmetrics'), '# HELP jobs Jobs.\n# TYPE jobs counter\n')
  assert.equal(familyHeader('wait_seconds', 'histogram', 'Wait.', 'seconds', 'openmetrics'),
    '# HELP wait_seconds Wait.\n# TYPE wait_seconds histogram\n# UNIT wait_seconds seconds\n')
  assert.equal(familyHeader('wait', 'histogram', 'Wait.', 'seconds', 'openmetrics'), '# HELP wait Wait.\n# TYPE wait histogram\n')
  assert.equal(familyHeader('sent_bytes_total', 'counter', 'Sent.', 'bytes', 'openmetrics'),
    '# HELP sent_bytes Sent.\n# TYPE sent_bytes counter\n# UNIT sent_bytes bytes\n')
})
