import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SystemSampler } from '../../../src/collect/system-sampler.ts'
import { SeriesStore } from '../../../src/core/store.ts'
import { DEFAULT_RULES } from '../../../src/health/default-rules.ts'
import { HealthEngine } from '../../../src/health/health-engine.ts'
import { healthConfigFrom } from '../../../src/health/health-config.ts'
import { fitLine, predictBreach } from '../../../src/health/trend.ts'
import { FakeClock } from './helpers.ts'

const T0 = 1_700_000_000_000
const GUARD = { minPoints: 10, minHistoryMs: 300_000 }
// Ten points 40 s apart: 360 s of history.
const TIMES = Array.from({ length: 10 }, (_, i) => T0 + i * 40_000)
const NOW = TIMES[9]

/** Reference OLS slope and its standard error, written out here rather than taken from the code under test. */
function reference (t: number[], v: number[]): { slope: number, se: number } {
  const n = t.length
  const x = t.map((ms) => ms / 1000)
  const mx = x.reduce((a, b) => a + b) / n
  const my = v.reduce((a, b) => a + b) / n
  let sxx = 0
  let sxy = 0
  for (let i = 0; i < n; i++) { sxx += (x[i] - mx) ** 2; sxy += (x[i] - mx) * (v[i] - my) }
  const slope = sxy / sxx
  let rss = 0
  for (let i = 0; i < n; i++) rss += (v[i] - my - slope * (x[i] - mx)) ** 2
  return { slope, se: Math.sqrt(rss / (n - 2) / sxx) }
}

// scipy.stats.t.ppf(0.975, 8)
const T_975_8 = 2.306004135204166

test('too few points, or too short a history, predict nothing and say why', () => {
  const rising = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
  let p = predictBreach(fitLine(TIMES.slice(0, 6), rising.slice(0, 6)), 98, 'above', NOW, GUARD)
  assert.equal(p.atMs, null)
  assert.match(p.reason!, /6 points in the window; a prediction needs at least 10/)
  p = predictBreach(null, 98, 'above', NOW, GUARD)
  assert.match(p.reason!, /0 points/)
  // One point gives no line; the reason still counts it.
  p = predictBreach(fitLine([T0], [1]), 98, 'above', NOW, GUARD, 1)
  assert.match(p.reason!, /^1 point in the window/)
  // Ten points 5 s apart: 45 s of history.
  const quick = TIMES.map((_, i) => T0 + i * 5000)
  p = predictBreach(fitLine(quick, rising), 98, 'above', quick[9], GUARD)
  assert.equal(p.atMs, null)
  assert.match(p.reason!, /span 45 s; a prediction needs at least 300 s/)
})

test('a slope whose 95 % interval includes 0 predicts nothing; a significant one predicts the crossing', () => {
  const flat = [50, 50.3, 49.8, 50.1, 49.9, 50.2, 49.7, 50.0, 50.3, 49.9]
  const ref = reference(TIMES, flat)
  assert.ok(Math.abs(ref.slope) < T_975_8 * ref.se, 'the reference says: not significant')
  const fit = fitLine(TIMES, flat)!
  assert.ok(Math.abs(fit.slopeStderr - ref.se) < 1e-12)
  const p = predictBreach(fit, 98, 'above', NOW, GUARD)
  assert.equal(p.atMs, null)
  assert.match(p.reason!, /includes 0/)

  // 0.01 a second with small noise: significant by the reference, crossing where the line reaches 98.
  const rising = TIMES.map((t, i) => 50 + 0.01 * (t - T0) / 1000 + (i % 2 === 0 ? 0.05 : -0.05))
  const r = reference(TIMES, rising)
  assert.ok(Math.abs(r.slope) > T_975_8 * r.se)
  const meanT = TIMES.reduce((a, b) => a + b) / 10
  const meanV = rising.reduce((a, b) => a + b) / 10
  const expected = Math.round(meanT + (98 - meanV) / r.slope * 1000)
  const q = predictBreach(fitLine(TIMES, rising), 98, 'above', NOW, GUARD)
  assert.equal(q.reason, null)
  assert.ok(Math.abs(q.atMs! - expected) <= 1)
  // Heading away from a lower threshold; already beyond a level under the line.
  assert.match(predictBreach(fitLine(TIMES, rising), 10, 'below', NOW, GUARD).reason!, /heads away from 10/)
  assert.deepEqual(predictBreach(fitLine(TIMES, rising), 40, 'above', NOW, GUARD), { atMs: NOW, reason: null })
})

test('a fresh process with flat memory predicts nothing for its first minutes (built-in memory_high, manual clock)', () => {
  const clock = new FakeClock(T0)
  let i = 0
  // 0.6 % of memory with noise: the case that predicted 98 % within 1.8 h.
  const memory = (): number => 0.6 + ((i * 7919) % 5 - 2) * 0.002
  const none = (): null => null
  const sampler = new SystemSampler({
    clock,
    readers: {
      rssBytes: () => memory() * 1e7,
      totalMemoryBytes: () => 1e9,
      cpuMicros: none,
      diskUsagePercent: none,
      threadCount: none,
      openFdCount: none,
      inetConnectionCount: none
    }
  })
  const engine = new HealthEngine({ store: new SeriesStore(), system: sampler, clock, rules: DEFAULT_RULES.filter((r) => r.id === 'memory_high') })
  const predictions: Array<{ at: number | null, reason: string | null }> = []
  for (i = 0; i < 8 * 12; i++) {
    sampler.sampleNow()
    const p = engine.evaluate().predictions[0]
    predictions.push({ at: p.predicted_breach_at, reason: p.reason })
    clock.advance(5000)
  }
  // The first minute: too few points, then too short a history.
  assert.match(predictions[0].reason!, /^1 point in the window/)
  assert.match(predictions[3].reason!, /4 points in the window/)
  assert.match(predictions[11].reason!, /span 55 s/)
  // Nothing predicted in the first 5 minutes, and none later: the trend is flat.
  for (const [k, p] of predictions.entries()) assert.equal(p.at, null, `sample ${k}: ${String(p.at)}`)
  assert.match(predictions.at(-1)!.reason!, /includes 0|heads away/)
  engine.close()
})

test('the minimum history is set per rule in the config file', () => {
  const config = healthConfigFrom({ rules: [{ id: 'memory_high', predict_min_points: 3, predict_min_history: '20s' }] })
  const mem = config.rules!.find((r) => r.id === 'memory_high')!
  assert.equal(mem.predictMinPoints, 3)
  assert.equal(mem.predictMinHistoryMs, 20_000)
  assert.equal(DEFAULT_RULES.find((r) => r.id === 'disk_high')!.predictMinPoints, 10)
  assert.throws(() => healthConfigFrom({ rules: [{ id: 'memory_high', predict_min_points: 2 }] }), /predict_min_points/)
})
