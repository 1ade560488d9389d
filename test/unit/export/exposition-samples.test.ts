import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseExposition } from '../../../src/export/exposition-samples.ts'
import { Exposition } from '../../../src/export/exposition.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'

const T = 1735689600000

test('parses names, labels, escapes, special values and explicit timestamps', () => {
  const text = [
    '# HELP breakout_engine_positions Open positions.',
    '# TYPE breakout_engine_positions gauge',
    'breakout_engine_positions{state="trading"} 2',
    'up 1',
    'x_bucket{le="+Inf",path="a\\\\b",q="say \\"hi\\"",nl="1\\n2"} 7',
    'inf_value +Inf',
    'neg -Inf',
    'nan NaN',
    'nan_prom_client Nan',
    'sci 1.5e-3',
    'with_ts{a="b"} 3 1700000000000',
    'trailing_comma{a="b",} 4',
    '',
    'bad{a="unterminated} 1',
    'bad_value{a="b"} abc',
    '{a="b"} 1'
  ].join('\n')
  const { samples, skipped } = parseExposition(text, T)
  assert.equal(skipped, 3)
  const by = (name: string): { labels: Readonly<Record<string, string>>, value: number, timestampMs: number } | undefined =>
    samples.find((s) => s.labels.__name__ === name)
  assert.deepEqual(by('breakout_engine_positions'), { labels: { __name__: 'breakout_engine_positions', state: 'trading' }, value: 2, timestampMs: T })
  assert.deepEqual(by('up')?.labels, { __name__: 'up' })
  assert.deepEqual(by('x_bucket')?.labels, { __name__: 'x_bucket', le: '+Inf', path: 'a\\b', q: 'say "hi"', nl: '1\n2' })
  assert.equal(by('inf_value')?.value, Number.POSITIVE_INFINITY)
  assert.equal(by('neg')?.value, Number.NEGATIVE_INFINITY)
  assert.ok(Number.isNaN(by('nan')?.value))
  assert.ok(Number.isNaN(by('nan_prom_client')?.value))
  assert.equal(by('sci')?.value, 0.0015)
  assert.equal(by('with_ts')?.timestampMs, 1700000000000)
  assert.deepEqual(by('trailing_comma')?.labels, { __name__: 'trailing_comma', a: 'b' })
})

test('reads back every series of the real exposition', async () => {
  const logger = new MetricsLogger({ sampler: false })
  try {
    logger.logEngineCycle(0.012, 'scanning', 2, 1, 0)
    logger.logTradeEvent('opened', 'BTCUSDT', 'long', 0.5, 61_250)
    logger.logMetric('spread_bps', 1.8, { symbol: 'ETH "quoted"' })
    const exposition = new Exposition(logger)
    const text = await exposition.render()
    const { samples, skipped } = parseExposition(text, T)
    assert.equal(skipped, 0)
    const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))
    assert.equal(samples.length, lines.length)
    const count = samples.find((s) => s.labels.__name__ === 'breakout_engine_cycle_seconds_count')
    assert.deepEqual(count?.labels, { __name__: 'breakout_engine_cycle_seconds_count', state: 'scanning' })
    assert.equal(count?.value, 1)
    assert.equal(samples.find((s) => s.labels.__name__ === 'spread_bps')?.labels.symbol, 'ETH "quoted"')
    assert.ok(samples.some((s) => s.labels.__name__ === 'process_resident_memory_bytes'))
  } finally {
    logger.close()
  }
})
