import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderDashboards } from '../../scripts/build-dashboards.ts'
import { concreteExpr, dashboardExpressions } from '../../scripts/dashboards/expressions.ts'
import { eventually, freePort, START_TIMEOUT_MS, startProcess, startVictoriaMetrics, tempDir } from './helpers/index.ts'
import type { Started } from './helpers/index.ts'
import { loadRuleFiles, stageMonitoring } from './helpers/monitoring-files.ts'

// The whole path, with real servers: the demo service is scraped by a real
// Prometheus loaded with monitoring/prometheus.yml and its rules, every
// PromQL expression of the dashboards and recording rules returns data, and
// the service's own remote write lands its series in VictoriaMetrics.

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url))

// Families the trading statistics (issue 5) add to the exposition. Until the
// exposition has them, expressions reading them are reported, not failed;
// once it has them, they are checked like every other.
const TRADING_FAMILIES = new Set([
  'breakout_trading_total_pnl',
  'breakout_trading_win_rate',
  'breakout_trading_profit_factor',
  'breakout_trading_max_drawdown',
  'breakout_trading_max_drawdown_pct',
  'breakout_trading_symbol_pnl',
  'breakout_trades_closed_total'
])

type Vector = Array<{ metric: Record<string, string>, value: [number, string] }>

async function promQuery (base: string, expr: string): Promise<Vector> {
  const res = await fetch(`${base}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr })
  })
  const body = await res.json() as { status: string, error?: string, data: { result: Vector } }
  if (body.status !== 'success') throw new Error(`${expr}: ${body.error ?? res.status}`)
  return body.data.result
}

/** Series names an expression reads, recording rules expanded to theirs. */
function baseNames (expr: string, recorded: Map<string, string>): string[] {
  const names = [...expr.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((n) => n.startsWith('breakout_') || recorded.has(n))
  return names.flatMap((n) => recorded.has(n) ? baseNames(recorded.get(n) ?? '', recorded) : [n])
}

async function startDemo (port: number, dataDir: string, env: Record<string, string>): Promise<Started> {
  return await startProcess(process.execPath, [CLI, 'demo', '--no-persist', '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn'], {
    env: { ...process.env, HOST: '127.0.0.1', ...env },
    readyUrl: `http://127.0.0.1:${port}/api/metrics`,
    readyTimeoutMs: START_TIMEOUT_MS
  })
}

test('Prometheus with monitoring/ scrapes the demo; every dashboard and rule expression has data; remote write lands in VictoriaMetrics',
  { timeout: 300_000 }, async (t) => {
    const dir = await tempDir('stack')
    const vm = await startVictoriaMetrics(join(dir.path, 'vm'))
    const botPort = await freePort()
    const promPort = await freePort()
    const nobody = await freePort() // Alertmanager's address: nothing listens, on loopback
    const demoEnv = { REMOTE_WRITE_URL: vm.writeUrl, REMOTE_WRITE_INTERVAL_MS: '1000', REMOTE_WRITE_QUEUE_SAMPLES: '3000' }
    let demo = await startDemo(botPort, join(dir.path, 'bot'), demoEnv)
    // The shipped config with addresses made local and intervals shortened
    // so that rate windows fill within the test; rules and jobs as shipped.
    const config = await stageMonitoring(join(dir.path), (text) => text
      .replace("'breakout-bot-api:8000'", `'127.0.0.1:${botPort}'`)
      .replace("'alertmanager:9093'", `'127.0.0.1:${nobody}'`)
      .replace("'localhost:9090'", `'127.0.0.1:${promPort}'`)
      .replaceAll(/(scrape_interval|evaluation_interval): \d+s/g, '$1: 1s')
      .replace('scrape_timeout: 4s', 'scrape_timeout: 1s'))
    const prometheus = await startProcess('prometheus', [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir.path, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${promPort}`
    ], { readyUrl: `http://127.0.0.1:${promPort}/-/ready` })
    const prom = `http://127.0.0.1:${promPort}`
    try {
      // Scraped with the shipped authorization block (an empty key file: no keys set).
      await eventually(async () => {
        const body = await (await fetch(`${prom}/api/v1/targets`)).json() as { data: { activeTargets: Array<{ labels: Record<string, string>, health: string }> } }
        const bot = body.data.activeTargets.find((x) => x.labels.job === 'breakout-bot-api')
        return bot?.health === 'up' ? true : undefined
      }, 60_000, 'the breakout-bot-api target is up')

      const exposition = await (await fetch(`http://127.0.0.1:${botPort}/api/metrics`)).text()
      const exposed = new Set([...exposition.matchAll(/^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/gm)].map((m) => m[1]))
      const families = new Set([...exposed].flatMap((n) => [n, n.replace(/_(bucket|count|sum)$/, '')]))
      const recorded = new Map<string, string>()
      for (const { rules } of await loadRuleFiles()) for (const r of rules) if (r.record !== undefined) recorded.set(r.record, r.expr)

      const checks = [
        ...[...recorded].map(([name, expr]) => ({ where: `recording rule ${name}`, expr })),
        // The fleet dashboard needs a fleet with alerts firing: fleet-victoria.test.ts checks it on one.
        ...renderDashboards().filter(({ dashboard }) => dashboard.uid !== 'breakout-fleet').flatMap(({ dashboard }) => dashboardExpressions(dashboard))
          .filter((e) => !e.where.startsWith('annotation'))
          .map((e) => ({ where: e.where, expr: concreteExpr(e.expr, '1m', '5m') }))
      ]
      assert.ok(checks.length >= 45, `${checks.length} expressions`)
      const pending: string[] = []
      const toCheck = checks.filter((c) => {
        const missing = baseNames(c.expr, recorded).filter((n) => n.startsWith('breakout_') && !families.has(n))
        for (const n of missing) assert.ok(TRADING_FAMILIES.has(n), `${c.where} reads ${n}, which the exposition does not have`)
        if (missing.length > 0) pending.push(`${c.where} (${missing.join(', ')})`)
        return missing.length === 0
      })
      // The trading row's panels of the account, strategies and slippage are never waived: their families must be there.
      // Nor are the risk panels: the demo replays past days of trades at start, so every risk figure is defined.
      for (const title of ['Equity (marked)', 'Unrealized P&L', 'Exposure', 'Slippage p95', 'Equity', 'Drawdown', 'P&L per strategy',
        'Win rate per strategy', 'Slippage p95 by order type', 'Sharpe', 'Sortino', 'Calmar', 'Sharpe, last 30 days', 'Ulcer index',
        'Recovery factor', 'VaR 95 % (1 day)', 'CVaR 95 % (1 day)', 'Tail ratio', 'Kelly fraction', 'Omega', 'Days of returns',
        'Risk-adjusted return', 'Daily tail risk']) {
        assert.ok(toCheck.some((c) => c.where.startsWith(`panel "${title}" `)), `panel "${title}" is checked`)
      }
      const empty = await eventually(async () => {
        const still: string[] = []
        for (const c of toCheck) if ((await promQuery(prom, c.expr)).length === 0) still.push(`${c.where}: ${c.expr}`)
        return still.length === 0 ? still : undefined
      }, 120_000, 'every expression returns data').catch(async () => {
        const still: string[] = []
        for (const c of toCheck) if ((await promQuery(prom, c.expr)).length === 0) still.push(`${c.where}: ${c.expr}`)
        return still
      })
      assert.deepEqual(empty, [], 'expressions without data')
      assert.ok(toCheck.length >= 35, `${toCheck.length} expressions checked`)
      if (pending.length > 0) t.diagnostic(`waiting for the trading families: ${pending.length} expressions not checked: ${pending.join('; ')}`)

      // Remote write: every family of the exposition, with the labels a scrape gives.
      await vm.forceFlush()
      const inVm = await eventually(async () => {
        await vm.forceFlush()
        const res = await fetch(`${vm.base}/api/v1/label/__name__/values`)
        const names = new Set((await res.json() as { data: string[] }).data)
        return [...exposed].every((n) => names.has(n)) ? names : undefined
      }, 30_000, 'the exposition\'s series land in VictoriaMetrics')
      assert.ok(inVm.has('breakout_engine_cycle_seconds_bucket'))
      const cycles = await vm.query('sum by (job, instance) (breakout_engine_cycle_seconds_count)')
      assert.equal(cycles.length, 1)
      assert.equal(cycles[0].metric.job, 'breakout-bot-api')
      assert.ok(Number(cycles[0].value[1]) > 0)
      assert.equal((await vm.query('up{job="breakout-bot-api"}')).length, 1)
      // A recording rule's expression gives the same kind of answer from the remote store.
      assert.ok((await vm.query(concreteExpr(recorded.get('instance:breakout_engine_cycle_seconds:p99_1m') ?? ''))).length > 0)

      // The store goes away: the service keeps answering, its queue stays at
      // its bound, and the dropped counter grows.
      await vm.stop()
      const readWriter = async (): Promise<{ queued: number, dropped: number }> => {
        const text = await (await fetch(`http://127.0.0.1:${botPort}/api/metrics`, { signal: AbortSignal.timeout(5000) })).text()
        const num = (re: RegExp): number => Number(re.exec(text)?.[1] ?? Number.NaN)
        // Every sample leads with the bot's labels (BOT_ID): match past them.
        return {
          queued: num(/^breakout_remote_write_queue_samples(?:\{[^}]*\})? (\S+)$/m),
          dropped: num(/^breakout_remote_write_dropped_samples_total\{(?:[^}]*,)?reason="queue_full"\} (\S+)$/m)
        }
      }
      const first = await eventually(async () => {
        const s = await readWriter()
        return s.dropped > 0 ? s : undefined
      }, 60_000, 'samples dropped while the store is down')
      const later = await eventually(async () => {
        const s = await readWriter()
        return s.dropped > first.dropped ? s : undefined
      }, 30_000, 'the dropped counter keeps growing')
      assert.ok(first.queued <= 3000 && later.queued <= 3000, `queue ${first.queued}, ${later.queued}`)

      // Deployment annotations: a restart of the service is marked.
      await demo.stop()
      demo = await startDemo(botPort, join(dir.path, 'bot'), {})
      const [annotation] = renderDashboards().flatMap(({ dashboard }) => dashboardExpressions(dashboard)).filter((e) => e.where.startsWith('annotation'))
      const marks = await eventually(async () => {
        const r = await promQuery(prom, concreteExpr(annotation.expr))
        return r.length > 0 ? r : undefined
      }, 60_000, 'the restart shows as a deployment annotation')
      assert.equal(marks[0].metric.instance, `127.0.0.1:${botPort}`)
    } catch (err) {
      t.diagnostic(`demo output:\n${demo.output().slice(-4000)}\nprometheus output:\n${prometheus.output().slice(-4000)}`)
      throw err
    } finally {
      await prometheus.stop()
      await demo.stop()
      await vm.stop()
      await dir.remove()
    }
  })
