import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { loadHealthConfig } from '../../../src/health/config-file.ts'
import { DEFAULT_RULES } from '../../../src/health/default-rules.ts'
import { formatDuration } from '../../../src/core/duration.ts'

const EXAMPLE = new URL('../../../config/metrics.example.yaml', import.meta.url).pathname

test('the example config is valid in each of its profiles', () => {
  for (const profile of ['development', 'production', 'test']) {
    const c = loadHealthConfig({ file: EXAMPLE, profile })
    assert.ok(c.rules.some((r) => r.id === 'spread_wide'))
    assert.equal(c.rules.find((r) => r.id === 'daily_loss')!.enabled, true)
  }
  const prod = loadHealthConfig({ file: EXAMPLE, profile: 'production' })
  assert.deepEqual(prod.alertmanager!.labels, { env: 'production' })
  assert.equal(prod.rules.find((r) => r.id === 'cpu_high')!.forMs, 30_000)
})

test('docs/HEALTH.md lists the built-in rules as they are', () => {
  const doc = readFileSync(new URL('../../../docs/HEALTH.md', import.meta.url), 'utf8')
  for (const r of DEFAULT_RULES) {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${r.id}\` |`))
    assert.ok(row !== undefined, `no row for ${r.id}`)
    const cells = row.split('|').map((c) => c.trim())
    const show = (v: number | null): string => v === null ? '-' : `${r.direction === 'above' ? '>' : '<'} ${v}`
    assert.equal(cells[2], `\`${r.metric}\` (${r.source})`, r.id)
    assert.equal(cells[3], r.statistic === 'age' || r.source === 'value' ? r.statistic : `${r.statistic} over ${formatDuration(r.windowMs)}`, r.id)
    assert.equal(cells[4], show(r.warning), r.id)
    assert.equal(cells[5], show(r.critical), r.id)
    assert.equal(cells[6], formatDuration(r.forMs) === '0ms' ? '0' : formatDuration(r.forMs), r.id)
    assert.equal(cells[7], r.actions.length === 0 ? '' : r.actions.map((a) => `\`${a}\``).join(', '), r.id)
    assert.equal(cells[8], `\`${r.alertname}\``, r.id)
  }
})
