import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile, readdir } from 'node:fs/promises'
import { DASHBOARD_DIR, renderDashboards } from '../../../scripts/build-dashboards.ts'
import { dashboardExpressions } from '../../../scripts/dashboards/expressions.ts'
import type { Panel } from '../../../scripts/dashboards/grafana-model.ts'

const rendered = renderDashboards()
const overview = rendered.find((d) => d.dashboard.uid === 'breakout-overview')?.dashboard
assert.ok(overview !== undefined)

test('the committed dashboard JSON is what the generator makes (run npm run dashboards)', async () => {
  const committed = (await readdir(DASHBOARD_DIR)).filter((f) => f.endsWith('.json')).sort()
  assert.deepEqual(committed, rendered.map((d) => d.file).sort())
  for (const { file, json } of rendered) {
    assert.equal(await readFile(DASHBOARD_DIR + file, 'utf8'), json, `${file} is out of date`)
  }
})

test('the overview has the rows system, trading, latency in that order', () => {
  const rows = overview.panels.filter((p) => p.type === 'row').map((p) => p.title)
  assert.deepEqual(rows, ['System', 'Trading', 'Latency'])
})

test('panels have unique ids and do not overlap on the 24-column grid', () => {
  const ids = overview.panels.map((p) => p.id)
  assert.equal(new Set(ids).size, ids.length)
  const cells = new Set<string>()
  for (const p of overview.panels) {
    const { x, y, w, h } = p.gridPos
    assert.ok(x >= 0 && w > 0 && x + w <= 24, `${p.title} fits`)
    for (let i = x; i < x + w; i++) {
      for (let j = y; j < y + h; j++) {
        const cell = `${i},${j}`
        assert.ok(!cells.has(cell), `${p.title} overlaps at ${cell}`)
        cells.add(cell)
      }
    }
  }
})

const byTitle = (title: string): Panel => {
  const p = overview.panels.find((q) => q.title === title)
  assert.ok(p !== undefined, title)
  return p
}

test('the spec\'s panels are there, of the right kinds', () => {
  const titles = overview.panels.map((p) => p.title)
  assert.equal(new Set(titles).size, titles.length, 'titles are unique')
  const kinds = new Set(overview.panels.map((p) => p.type))
  for (const k of ['stat', 'timeseries', 'heatmap', 'barchart']) assert.ok(kinds.has(k as Panel['type']), k)
  assert.equal(byTitle('Engine cycle time').type, 'heatmap')
  const heat = overview.panels.find((p) => p.type === 'heatmap')
  assert.match(heat?.targets?.[0].expr ?? '', /breakout_engine_cycle_seconds_bucket/)
  assert.equal(heat?.targets?.[0].format, 'heatmap')
  const bars = byTitle('Symbols: P&L and trades')
  assert.equal(bars.type, 'barchart')
  assert.deepEqual(bars.targets?.map((t) => t.format), ['table', 'table'])
  assert.match(byTitle('P&L over time').targets?.[0].expr ?? '', /breakout_trading_total_pnl/)
  assert.match(byTitle('Win rate over time').targets?.[0].expr ?? '', /breakout_trading_win_rate/)
  assert.match(byTitle('Scanner symbols per minute').targets?.[0].expr ?? '', /symbols_scanned:per_minute/)
  assert.match(byTitle('Order latency').targets?.[1].expr ?? '', /order_execution/)
})

test('stat panels colour by warning and critical thresholds matching the alerts', () => {
  const stats = overview.panels.filter((p) => p.type === 'stat')
  assert.ok(stats.length >= 12)
  const steps = (title: string): Array<number | null> =>
    ((byTitle(title).fieldConfig?.defaults.thresholds as { steps: Array<{ value: number | null }> }).steps).map((s) => s.value)
  assert.deepEqual(steps('CPU'), [null, 90, 95])
  assert.deepEqual(steps('Memory'), [null, 95, 98])
  assert.deepEqual(steps('Engine cycle p99'), [null, 0.25, 1])
  assert.deepEqual(steps('Order latency p99'), [null, 0.5, 2])
  assert.deepEqual(steps('Daily P&L'), [null, -1000, -500])
  assert.deepEqual(steps('Max drawdown'), [null, 10, 20])
})

test('every panel query follows the instance variable', () => {
  const variable = overview.templating.list.find((v) => v.name === 'instance')
  assert.ok(variable !== undefined)
  assert.equal(variable.includeAll, true)
  for (const p of overview.panels) {
    for (const t of p.targets ?? []) assert.match(t.expr, /instance=~"\$instance"/, `${p.title} ${t.refId}`)
  }
})

test('deployments are annotated from process restarts', () => {
  const deployments = overview.annotations.list.find((a) => a.name === 'Deployments')
  assert.match(String(deployments?.expr), /changes\(process_start_time_seconds/)
})

test('every recording rule a dashboard reads exists in monitoring/rules', async () => {
  const rules = await readFile(new URL('../../../monitoring/rules/breakout-recording.yml', import.meta.url), 'utf8')
  const recorded = new Set([...rules.matchAll(/record: (\S+)/g)].map((m) => m[1]))
  const used = new Set(dashboardExpressions(overview).flatMap((e) => [...e.expr.matchAll(/instance:[a-z_]+:[a-z0-9_]+/g)].map((m) => m[0])))
  assert.ok(used.size >= 8)
  for (const name of used) assert.ok(recorded.has(name), `${name} is not recorded`)
})

test('the trading row shows equity, a shaded drawdown, strategies and slippage from their families', () => {
  const exprs = (title: string): string[] => byTitle(title).targets?.map((t) => t.expr) ?? []
  assert.deepEqual(exprs('Equity').map((e) => /breakout_account_(\w+)/.exec(e)?.[1]), ['balance', 'equity'])
  const drawdown = byTitle('Drawdown')
  assert.match(exprs('Drawdown')[0], /^-breakout_trading_drawdown\{/)
  assert.match(exprs('Drawdown')[1], /breakout_account_equity\{[^}]*\} - max_over_time\(breakout_account_equity\{[^}]*\}\[\$__range\]\)/)
  assert.equal((drawdown.fieldConfig?.defaults.custom as { fillOpacity: number }).fillOpacity, 35, 'the drawdown is shaded')
  assert.match(exprs('P&L per strategy')[0], /^sum by \(strategy\) \(breakout_trading_symbol_pnl\{[^}]*strategy!=""/)
  // A strategy without a win reads 0, not nothing.
  assert.match(exprs('Win rate per strategy')[0], /outcome="win".* or sum by \(strategy\) .* \* 0\) \/ sum by \(strategy\)/)
  for (const title of ['Slippage p95', 'Slippage p95 by order type']) {
    assert.match(exprs(title)[0], /^histogram_quantile\(0\.95, sum by \([a-z_, ]*\ble\) \(rate\(breakout_slippage_bps_bucket\{/)
  }
  // The alert's window and level (monitoring/rules/breakout-trading-alerts.yml: p95 over 15 m above 20 bps).
  assert.match(exprs('Slippage p95')[0], /\[15m\]/)
  const steps = (byTitle('Slippage p95').fieldConfig?.defaults.thresholds as { steps: Array<{ value: number | null }> }).steps
  assert.deepEqual(steps.map((s) => s.value), [null, 20])
  for (const title of ['Equity (marked)', 'Unrealized P&L', 'Exposure']) assert.equal(byTitle(title).type, 'stat')
})
