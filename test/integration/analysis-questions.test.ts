import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startService } from './helpers/processes.ts'

const MIN = 60_000

/**
 * The spec's eight analysis questions, as docs/ANALYSIS.md asks them of the
 * demo (same query strings): four of performance regression, four of
 * capacity planning. `figures` are paths of the numbers each answer must give.
 */
const QUESTIONS: ReadonlyArray<{ question: string, path: string, figures: string[] }> = [
  { question: 'engine cycle time, then and now', path: '/compare?metric=engine_cycle_time&a=10m..5m&b=5m..', figures: ['mean_change.difference', 'mean_change.ci_low', 'test.p_value'] },
  { question: 'memory during high market volatility', path: '/compare?metric=system_memory_percent&by=market_volatility&above=p90&step=1m', figures: ['condition.threshold', 'mean_change.difference', 'test.p_value'] },
  { question: 'trade frequency against CPU', path: '/correlate?a=trade_closed&b=system_cpu_percent&step=1m&a_agg=rate', figures: ['pearson.coefficient', 'pearson.p_value', 'spearman.coefficient'] },
  { question: 'latency after a deployment', path: '/compare?metric=latency_order_execution&around=1&span=5m', figures: ['mean_change.difference', 'p99_change.difference', 'test.p_value'] },
  { question: 'future resource requirements', path: '/forecast?metric=system_memory_used_mb&horizon=24h', figures: ['slope_per_hour', 'projection.value', 'projection.upper'] },
  { question: 'peak load by hour of day', path: '/peaks?metric=engine_cycle_time&by=max', figures: ['busiest.0.value', 'busiest.0.hour'] },
  { question: 'cost of more trading pairs', path: '/capacity?step=1m&cpu_threshold=80&cycle_time_threshold=0.05', figures: ['resources.cpu_percent.marginal_cost_per_pair', 'resources.cpu_percent.pairs_at_threshold', 'resources.engine_cycle_time.marginal_cost_per_pair'] },
  { question: 'market data volume against processing latency', path: '/compare?metric=latency_market_data&by=market_data_messages&above=p90&step=1m', figures: ['condition.threshold', 'mean_change.difference', 'test.p_value'] }
]

/** A deterministic noise in [-1, 1). */
const noise = (i: number, salt: number): number => ((Math.sin(i * 12.9898 + salt * 78.233) * 43758.5453) % 1 + 1) % 1 * 2 - 1

/**
 * An hour of a bot's history ending now, 10 s apart, as POST /events items:
 * pairs scanned vary (10..40) and CPU, memory and cycle time follow them;
 * the volatile minutes bring more market data, more memory and slower
 * processing; a deployment 5 minutes ago makes orders slower.
 */
function history (nowMs: number): { items: unknown[], deployMs: number } {
  const items: unknown[] = []
  const start = nowMs - 60 * MIN
  const deployMs = nowMs - 5 * MIN
  let trade = 0
  for (let i = 0; i < 360; i++) {
    const t = start + i * 10_000
    const minute = Math.floor(i / 6)
    const pairs = 10 + (minute * 7) % 31
    const volatile = minute % 10 >= 8
    const deployed = t >= deployMs
    const volatility = (volatile ? 0.03 : 0.01) * (1 + 0.1 * noise(i, 1))
    const messages = (volatile ? 900 : 300) * (1 + 0.1 * noise(i, 2))
    items.push(
      { type: 'metric', name: 'scanner_symbols_scanned', value: pairs, timestamp: t },
      { type: 'metric', name: 'engine_cycle_time', value: 0.004 + 0.0004 * pairs + (deployed ? 0.01 : 0) + 0.0005 * noise(i, 3), tags: { state: 'trading' }, timestamp: t },
      { type: 'metric', name: 'system_cpu_percent', value: 5 + 1.5 * pairs + 2 * noise(i, 4), timestamp: t },
      { type: 'metric', name: 'system_memory_percent', value: 1 + 0.02 * pairs + (volatile ? 0.3 : 0) + 0.02 * noise(i, 5), timestamp: t },
      { type: 'metric', name: 'system_memory_used_mb', value: 100 + i * 0.05 + 2 * noise(i, 6), timestamp: t },
      { type: 'market_data', messages: messages * 10, volatility, timestamp: t },
      { type: 'metric', name: 'latency_market_data', value: 0.0004 + messages * 1e-6 + 0.0001 * noise(i, 7), timestamp: t },
      { type: 'metric', name: 'latency_order_execution', value: (deployed ? 0.02 : 0.012) + 0.003 * noise(i, 8), timestamp: t }
    )
    // Busier with more pairs: a trade opened and closed every 60 / (pairs / 10) s or so.
    if (i % Math.max(1, Math.round(60 / pairs)) === 0) {
      const symbol = `H${trade++ % 50}USDT`
      items.push(
        { type: 'trade', event: 'opened', symbol, side: 'long', quantity: 1, price: 100, timestamp: t },
        { type: 'trade', event: 'closed', symbol, side: 'long', quantity: 1, price: 100 + noise(i, 9), timestamp: t + 5000 }
      )
    }
  }
  return { items, deployMs }
}

function figure (body: unknown, path: string): number {
  let v: unknown = body
  for (const key of path.split('.')) v = (v as Record<string, unknown> | null)?.[key]
  assert.equal(typeof v, 'number', `${path} is ${JSON.stringify(v)}`)
  assert.ok(Number.isFinite(v), `${path} is not finite`)
  return v as number
}

test('the spec\'s eight analysis questions answer with figures over an hour of pushed history', { timeout: 120_000 }, async () => {
  const service = await startService('serve', ['--no-persist'])
  try {
    const api = `${service.url}/api/metrics`
    const { items, deployMs } = history(Date.now() - 1000)
    const pushed = await fetch(`${api}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(items) })
    const result = await pushed.json() as { accepted: number, rejected: unknown[] }
    assert.equal(pushed.status, 200)
    assert.deepEqual(result.rejected, [])
    const annotation = await fetch(`${api}/annotations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'deploy v1.4.2', tags: ['deploy'], time: deployMs }) })
    assert.equal((await annotation.json() as { id: number }).id, 1)
    const answers: Record<string, any> = {}
    for (const q of QUESTIONS) {
      const res = await fetch(api + q.path, { signal: AbortSignal.timeout(10_000) })
      const text = await res.text()
      assert.equal(res.status, 200, `${q.question}: ${text}`)
      answers[q.question] = JSON.parse(text)
      for (const path of q.figures) figure(answers[q.question], `${path}`)
    }
    // The history was built with these answers in it.
    for (const q of ['engine cycle time, then and now', 'memory during high market volatility', 'latency after a deployment', 'market data volume against processing latency']) {
      assert.equal(answers[q].verdict, 'regressed', `${q}: ${answers[q].explanation as string}`)
    }
    assert.ok(answers['trade frequency against CPU'].pearson.coefficient > 0.5)
    assert.ok(answers['future resource requirements'].slope_per_hour > 0)
    assert.ok(Math.abs(answers['cost of more trading pairs'].resources.cpu_percent.marginal_cost_per_pair - 1.5) < 0.2)
  } finally {
    await service.stop()
  }
})
