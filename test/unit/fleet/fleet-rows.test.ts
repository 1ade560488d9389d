import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { buildFleetRows } from '../../../src/fleet/fleet-rows.ts'
import type { FigureKey } from '../../../src/fleet/fleet-queries.ts'
import { fleetFigures, utcDayStartMs } from '../../../src/fleet/fleet-queries.ts'
import { FleetView } from '../../../src/fleet/fleet-view.ts'
import { promQueryClient } from '../../../src/fleet/prom-query.ts'
import type { VectorSample } from '../../../src/fleet/prom-query.ts'

const NOW = 1_800_000_000_000

function answers (entries: Array<[FigureKey, Array<[string, number, Record<string, string>?]>]>): Map<FigureKey, VectorSample[]> {
  return new Map(entries.map(([k, rows]) => [k, rows.map(([bot, value, labels]) => ({ labels: { bot, ...labels }, value }))]))
}

test('one row per bot heard of, with its labels, url, presence and figures; NaN is null', () => {
  const rows = buildFleetRows(answers([
    ['last_seen', [['a', (NOW - 5000) / 1000], ['b', (NOW - 61_000) / 1000]]],
    ['labels', [['a', 1, { __name__: 'breakout_store_series', strategy: 'breakout', bot_url: 'http://h:1/', instance: 'h:1' }], ['b', 1, { instance: 'h:2' }]]],
    ['total_pnl', [['a', 12.5], ['b', -3]]],
    ['today_pnl', [['a', 2], ['b', -3]]],
    ['cycle_p99', [['a', Number.NaN]]],
    ['win_rate', [['a', 0.5], ['ghost', 1]]]
  ]), [
    { alertname: 'BotLosingStreak', severity: 'warning', summary: '', starts_at: '', labels: { bot: 'a' } },
    { alertname: 'BreakoutHighCpu', severity: 'critical', summary: '', starts_at: '', labels: { instance: 'h:2' } }
  ], NOW, 60_000)
  assert.deepEqual(rows.map((r) => [r.bot, r.status, r.health]), [['b', 'stale', 'down'], ['a', 'up', 'warning']])
  const a = rows[1]
  assert.deepEqual(a.labels, { strategy: 'breakout', instance: 'h:1' })
  assert.equal(a.url, 'http://h:1/')
  assert.equal(a.last_sample_ms, NOW - 5000)
  assert.equal(a.total_pnl, 12.5)
  assert.equal(a.cycle_p99_seconds, null)
  assert.equal(a.win_rate, 0.5)
  assert.equal(a.equity, null)
  assert.deepEqual(rows[0].alerts.map((x) => x.alertname), ['BreakoutHighCpu'])
})

test('worst first: down, critical, warning, then the biggest loss today, then by name', () => {
  const seen: Array<[string, number]> = ['h', 'c', 'w', 'l', 'g', 'd'].map((b) => [b, (NOW - (b === 'd' ? 120_000 : 1000)) / 1000])
  const rows = buildFleetRows(answers([['last_seen', seen], ['today_pnl', [['l', -50], ['g', 40], ['h', 0], ['c', 10], ['w', 5]]]]), [
    { alertname: 'X', severity: 'critical', summary: '', starts_at: '', labels: { bot: 'c' } },
    { alertname: 'Y', severity: 'warning', summary: '', starts_at: '', labels: { bot: 'w' } }
  ], NOW, 60_000)
  assert.deepEqual(rows.map((r) => r.bot), ['d', 'c', 'w', 'l', 'h', 'g'])
  assert.equal(rows.find((r) => r.bot === 'h')?.health, 'healthy')
  assert.equal(buildFleetRows(answers([['last_seen', seen]]), null, NOW, 60_000).find((r) => r.bot === 'h')?.health, 'unknown')
})

test('each figure is one query for all bots; today starts at 00:00 UTC', () => {
  const day = utcDayStartMs(Date.UTC(2026, 11, 2, 13, 5))
  assert.equal(day, Date.UTC(2026, 11, 2))
  const figures = fleetFigures(day)
  assert.equal(new Set(figures.map((f) => f.key)).size, figures.length)
  for (const f of figures) assert.match(f.expr, /bot!=""/)
  assert.match(figures.find((f) => f.key === 'today_pnl')!.expr, new RegExp(`@ ${day / 1000}\\b`))
})

test('a store that fails keeps the last good rows, marked stale, and names the URL', async () => {
  let mode: 'ok' | 'error' | 'garbage' = 'ok'
  const server = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? ''
    if (mode === 'error') { res.writeHead(503, { 'content-type': 'application/json' }); res.end('{"status":"error","error":"storage is down"}'); return }
    if (mode === 'garbage') { res.writeHead(200); res.end('<html>proxy</html>'); return }
    const result = q.includes('timestamp(') ? [{ metric: { bot: 'a' }, value: [NOW / 1000, String(NOW / 1000)] }] : []
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let clock = NOW
  const view = new FleetView({ store: promQueryClient(url), alertmanagerUrl: null, refreshMs: 5000, now: () => clock })
  try {
    const first = await view.get()
    assert.equal(first.stale, false)
    assert.deepEqual(first.bots.map((b) => [b.bot, b.status]), [['a', 'up']])
    mode = 'error'
    assert.equal(await view.get(), first, 'cached within the refresh period')
    clock += 5000
    const failed = await view.get()
    assert.equal(failed.stale, true)
    assert.equal(failed.store.ok, false)
    assert.match(failed.store.error ?? '', new RegExp(`${url}.*HTTP 503: storage is down`))
    assert.equal(failed.data_as_of, NOW)
    assert.deepEqual(failed.bots, first.bots)
    mode = 'garbage'
    clock += 5000
    assert.match((await view.get()).store.error ?? '', /not a Prometheus query API answer/)
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  clock += 5000
  const gone = await view.get()
  assert.match(gone.store.error ?? '', /unreachable: /)
  assert.equal(gone.bots.length, 1)
})
