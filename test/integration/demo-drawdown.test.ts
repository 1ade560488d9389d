import { test } from 'node:test'
import assert from 'node:assert/strict'
import { getJson, startService, waitFor } from './helpers/processes.ts'

interface Alerts {
  active: Array<{ check: string, severity: string, value: number | null }>
  history: Array<{ check: string, change: string, severity: string }>
  remediations: Array<{ check: string, action: string, outcome: string, detail: string | null }>
}

test('demo --scenario drawdown: the drawdown rule fires from the ledger and pause_entries runs', { timeout: 120_000 }, async () => {
  // The health rules evaluated every second instead of every 5 s: the alert follows the ledger sooner.
  const service = await startService('demo', ['--scenario', 'drawdown', '--no-persist'], { HEALTH_INTERVAL: '1s' })
  try {
    const startedMs = Date.now()
    const alerts = await waitFor('the drawdown alert and its remediation', async () => {
      const a = await getJson<Alerts>(`${service.url}/api/metrics/alerts`)
      const firing = a.active.some((i) => i.check === 'drawdown' && i.severity === 'critical')
      const ran = a.remediations.some((r) => r.check === 'drawdown' && r.action === 'pause_entries')
      return firing && ran ? a : undefined
    }, 90_000, 500)
    // The rule fired within a minute of the start.
    assert.ok(Date.now() - startedMs < 75_000, `took ${Date.now() - startedMs} ms`)
    const issue = alerts.active.find((i) => i.check === 'drawdown')!
    assert.ok(issue.value !== null && issue.value > 20, `drawdown ${String(issue.value)} %`)
    const run = alerts.remediations.find((r) => r.action === 'pause_entries')!
    assert.equal(run.outcome, 'ok')
    assert.match(run.detail ?? '', /new entries paused by drawdown/)
    assert.ok(alerts.history.some((h) => h.check === 'drawdown' && h.change === 'firing'))

    // The alert's value is the ledger's current drawdown: recompute it from the ledger's trades.
    const trading = await getJson<{ total_pnl: number, starting_balance: number, closed_trades: number }>(`${service.url}/api/metrics/trading?window=all`)
    assert.equal(trading.starting_balance, 10_000)
    assert.ok(trading.closed_trades >= 2)
    const { trades } = await getJson<{ trades: Array<{ pnl: number, closed_at: number }> }>(`${service.url}/api/metrics/trades?limit=1000`)
    let equity = 10_000; let peak = 10_000
    for (const t of trades.reverse()) { equity += t.pnl; peak = Math.max(peak, equity) }
    const health = await getJson<{ issues: Array<{ check: string, value: number }> }>(`${service.url}/api/metrics/health`)
    const now = health.issues.find((i) => i.check === 'drawdown')
    assert.ok(now !== undefined)
    // Rounded in the report; trades may close between the two reads, so compare loosely.
    assert.ok(Math.abs(now.value - (peak - equity) / peak * 100) < 2, `${now.value} vs ${(peak - equity) / peak * 100}`)
  } finally {
    await service.stop()
  }
})
