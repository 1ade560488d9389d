import { test } from 'node:test'
import assert from 'node:assert/strict'
import { getJson, startService, waitFor } from './helpers/processes.ts'

interface Prediction { check: string, predicted_breach_at: number | null, reason: string | null }

test('a fresh service with flat memory predicts no breach in its first minutes; its samples are series', { timeout: 60_000 }, async () => {
  // Samples every 100 ms: ten points within a second or two, so the test sees both guards at work.
  const service = await startService('serve', ['--no-persist'], { SAMPLE_INTERVAL_MS: '100' })
  try {
    const seen: Prediction[] = []
    await waitFor('a memory prediction held back for its short history', async () => {
      const health = await getJson<{ predictions: Prediction[] }>(`${service.url}/api/metrics/health`)
      seen.push(...health.predictions)
      const memory = health.predictions.find((p) => p.check === 'memory_high')
      return memory?.reason?.includes('of history') === true ? memory : undefined
    }, 30_000, 100)
    // Before that, too few points held it back, if a read came early enough to see it (the
    // sampler may pass ten points before the first read): either way, held back by a guard.
    for (const p of seen.filter((x) => x.check === 'memory_high')) assert.match(p.reason ?? '', /points in the window|of history/)
    for (const p of seen) {
      assert.equal(p.predicted_breach_at, null, `${p.check} predicted ${String(p.predicted_breach_at)}`)
      assert.equal(typeof p.reason, 'string')
    }
    // The sampler's fields are series the analysis routes take.
    const memory = await getJson<{ statistics: { count: number, latest: number } }>(`${service.url}/api/metrics/metric/system_memory_percent`)
    assert.ok(memory.statistics.count >= 10)
    assert.ok(memory.statistics.latest > 0 && memory.statistics.latest < 100)
    const forecast = await fetch(`${service.url}/api/metrics/forecast?metric=system_memory_percent&horizon=1h`)
    assert.equal(forecast.status, 200, await forecast.text())
  } finally {
    await service.stop()
  }
})
