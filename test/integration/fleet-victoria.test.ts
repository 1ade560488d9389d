import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { startAlertmanager } from './helpers/alertmanager.ts'
import { startFleetBots, startFleetView, startVmalert } from './helpers/fleet-stack.ts'
import { eventually, startVictoriaMetrics, tempDir } from './helpers/index.ts'
import { fleetDashboard } from '../../scripts/dashboards/fleet.ts'
import { concreteExpr, dashboardExpressions } from '../../scripts/dashboards/expressions.ts'

interface FleetRow { bot: string, status: string, health: string, total_pnl: number | null, labels: Record<string, string>, url: string | null, alerts: Array<{ alertname: string }> }
interface Fleet { stale: boolean, store: { ok: boolean }, bots: FleetRow[] }

async function json<T> (url: string): Promise<T> {
  const res = await fetch(url)
  assert.equal(res.status, 200, url)
  return await res.json() as T
}

/** Equal to the precision a sample keeps on its way through the store. */
function samePnl (a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b))
}

// A bot silent this long is stale in the fleet view and BotDown fires for it: 20 s instead of the
// shipped 60 s (FLEET_STALE_AFTER_MS and the copied rule), as scrape and push intervals are
// shortened, so that the test waits seconds rather than minutes. Live bots report every second.
const SILENT_S = 20

test('a fleet of 6 bots on VictoriaMetrics: listed with their P&L, a killed bot goes stale and BotDown reaches Alertmanager', { timeout: 240_000 }, async () => {
  const dir = await tempDir('fleet')
  const stops: Array<() => Promise<void>> = []
  try {
    const vm = await startVictoriaMetrics(join(dir.path, 'vm'))
    stops.push(vm.stop)
    const am = await startAlertmanager()
    stops.push(am.stop)
    const vmalert = await startVmalert(join(dir.path, 'vmalert'), vm.base, am.url, { botDownAfterS: SILENT_S })
    stops.push(async () => { await vmalert.stop() })
    const exchanges = ['binance', 'bybit', 'okx']
    const bots = await startFleetBots(Array.from({ length: 6 }, (_, i) => ({
      bot: `fleet-bot-${i + 1}`,
      labels: `strategy=breakout,exchange=${exchanges[i % 3]},account=acct-${i % 2}`,
      pushing: i < 4
    })), { writeUrl: vm.writeUrl, dir: join(dir.path, 'vmagent'), pushIntervalMs: 1000, stops })
    const fleet = await startFleetView(vm.base, am.url, SILENT_S * 1000)
    stops.push(async () => { await fleet.process.stop() })

    // All six listed, up, with their labels and dashboard links, within 60 s.
    const listed = await eventually(async () => {
      const f = await json<Fleet>(`${fleet.url}/api/fleet`)
      return f.bots.length === 6 && f.bots.every((b) => b.status === 'up' && b.total_pnl !== null) ? f : undefined
    }, 60_000, 'all 6 bots up in /api/fleet')
    assert.equal(listed.stale, false)
    for (const [i, b] of bots.entries()) {
      const row = listed.bots.find((r) => r.bot === b.bot)
      assert.ok(row !== undefined, b.bot)
      assert.equal(row.labels.strategy, 'breakout')
      assert.equal(row.labels.exchange, exchanges[i % 3])
      assert.equal(row.url, `${b.url}/`)
      if (i >= 4) assert.equal(row.labels.host, 'test-host', 'scraped through vmagent')
    }

    // Each bot's total P&L in the fleet view is the one it reports itself: read the bot before
    // and after the fleet, and compare when the bot's figure held still in between.
    await Promise.all(bots.map(async (b) => {
      await eventually(async () => {
        const before = (await json<{ total_pnl: number }>(`${b.url}/api/metrics/trading`)).total_pnl
        const row = (await json<Fleet>(`${fleet.url}/api/fleet`)).bots.find((r) => r.bot === b.bot)
        const after = (await json<{ total_pnl: number }>(`${b.url}/api/metrics/trading`)).total_pnl
        return before === after && row?.total_pnl != null && samePnl(row.total_pnl, after) ? true : undefined
      }, 60_000, `${b.bot}: fleet total_pnl equal to its own /trading total_pnl`)
    }))

    // SIGKILL one pushing bot and one scraped bot: both go stale, BotDown fires for each.
    const killedAt = Date.now()
    const killed = [bots[0], bots[5]]
    for (const b of killed) b.process.child.kill('SIGKILL')
    const names = killed.map((b) => b.bot).sort()
    await eventually(async () => {
      const f = await json<Fleet>(`${fleet.url}/api/fleet`)
      const stale = f.bots.filter((r) => r.status === 'stale').map((r) => r.bot).sort()
      return stale.join() === names.join() ? true : undefined
    }, 120_000, 'the killed bots stale in /api/fleet')
    const firing = await eventually(async () => {
      const alerts = await am.alerts('alertname="BotDown"')
      const down = alerts.map((a) => a.labels.bot).sort()
      return down.join() === names.join() ? alerts : undefined
    }, 120_000 - (Date.now() - killedAt), 'BotDown for the killed bots in Alertmanager')
    assert.ok(Date.now() - killedAt < 120_000)
    for (const a of firing) assert.equal(a.labels.severity, 'critical')
    // The page worst first: the down bots lead, with their alert.
    const last = await json<Fleet>(`${fleet.url}/api/fleet`)
    assert.deepEqual(last.bots.slice(0, 2).map((r) => r.health), ['down', 'down'])
    assert.deepEqual(last.bots.slice(0, 2).map((r) => r.bot).sort(), names)
    assert.ok(last.bots.slice(2).every((r) => r.status === 'up'))

    // Every query of the Grafana fleet dashboard returns data from this fleet (vmalert
    // writes ALERTS back to the store, so the alerts table has BotDown).
    const expressions = dashboardExpressions(fleetDashboard())
    assert.ok(expressions.length >= 10)
    const empty: string[] = []
    await eventually(async () => {
      empty.length = 0
      for (const e of expressions) {
        if ((await vm.query(concreteExpr(e.expr))).length === 0) empty.push(`${e.where}: ${e.expr}`)
      }
      return empty.length === 0 ? true : undefined
    }, 30_000, 'every fleet dashboard query returns data').catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; empty: ${empty.join('; ')}`)
    })

    // The store goes away: the view says so and keeps the last rows, marked stale.
    await vm.stop()
    const gone = await eventually(async () => {
      const f = await json<Fleet>(`${fleet.url}/api/fleet`)
      return f.stale ? f : undefined
    }, 20_000, 'the fleet view notices the store is gone')
    assert.equal(gone.store.ok, false)
    assert.equal(gone.bots.length, 6)
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {})
    await dir.remove()
  }
})
