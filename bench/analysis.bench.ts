import { compareWindows } from '../src/analysis/compare.ts'
import { correlate } from '../src/analysis/correlate.ts'
import { SeriesStore } from '../src/core/store.ts'
import { seededRandom } from '../src/core/sampling.ts'
import { fmt, measure } from './harness.ts'
import type { Section } from './harness.ts'

/** A latency-like window of n points, one every 100 ms from t0. */
function window (n: number, t0: number, shift: number, seed: number): { timesMs: Float64Array, values: Float64Array } {
  const random = seededRandom(seed)
  const timesMs = new Float64Array(n)
  const values = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    timesMs[i] = t0 + i * 100
    values[i] = 0.01 * Math.exp(random() * 2) + shift
  }
  return { timesMs, values }
}

/** compare and correlate over two 10,000-point windows each (target < 20 ms an answer). */
export function analysisQueryBench (): Section {
  const a = window(10_000, 0, 0, 1)
  const b = window(10_000, 1_000_000, 0.001, 2)
  const c = window(10_000, 0, 0, 3)
  let sink = 0
  const results = measure([
    { name: 'compareWindows(a, b), 10,000 + 10,000 points', run: (ops) => { for (let i = 0; i < ops; i++) sink += compareWindows(a, b).test!.p_value } },
    { name: 'correlate(a, c, 1 s), 10,000 + 10,000 points', run: (ops) => { for (let i = 0; i < ops; i++) sink += correlate(a, c, 1000).aligned_count } }
  ], { ops: 5, rounds: 15, warmupRounds: 3 })
  if (sink === 42) console.log('')
  const ms = (r: { nsPerOp: number }): number => r.nsPerOp / 1e6
  return {
    title: 'Analysis: compare and correlate over two 10,000-point windows',
    table: [['case', 'ms/op (median)', 'MAD ms'], ...results.map((r) => [r.name, fmt(ms(r), 2), fmt(r.madNs / 1e6, 2)])],
    notes: results.map((r) => `${r.name.split(',')[0]}: target under 20 ms ${ms(r) < 20 ? 'met' : 'NOT met'}.`)
  }
}

const RATES = [1_000, 10_000, 100_000]
const SECONDS = 10

/**
 * Ingest into a sampled metric as the rate grows 10x and 100x: per-point
 * cost, points stored for 10 s of traffic, and the cost of a summary of
 * those 10 s, against the same metric unsampled.
 */
export function sampledIngestBench (): Section {
  const rows: string[][] = []
  const notes: string[] = []
  const setups: Array<[string, (s: SeriesStore) => void]> = [
    ['unsampled', () => {}],
    ['reservoir 100 per 1 s window', (s) => { s.setSampling('quotes', { mode: 'reservoir', windowMs: 1000, size: 100 }) }],
    ['every_nth, interval = rate / 1,000', () => {}]
  ]
  const perPoint = new Map<string, number[]>()
  for (const [label, setup] of setups) {
    const cases = RATES.map((rate) => {
      const store = new SeriesStore({ capacity: 1_000_000 })
      setup(store)
      if (label.startsWith('every_nth')) store.setSampling('quotes', { mode: 'every_nth', interval: rate / 1000 })
      const series = store.series('quotes')
      let t = 0
      const dt = 1000 / rate
      return {
        name: `${label} @ ${rate.toLocaleString('en-US')}/s`,
        run: (ops: number) => { for (let i = 0; i < ops; i++) { series.record(i & 1023, t); t += dt } }
      }
    })
    const results = measure(cases, { ops: 100_000, rounds: 9, warmupRounds: 2 })
    perPoint.set(label, results.map((r) => r.nsPerOp))
    RATES.forEach((rate, k) => {
      // Fresh store: 10 s of traffic at this rate, then a summary of those 10 s.
      const store = new SeriesStore({ capacity: 1_000_000 })
      setup(store)
      if (label.startsWith('every_nth')) store.setSampling('quotes', { mode: 'every_nth', interval: rate / 1000 })
      const series = store.series('quotes')
      const n = rate * SECONDS
      for (let i = 0; i < n; i++) series.record(i & 1023, i * 1000 / rate)
      store.flushSamples(SECONDS * 1000)
      const [summary] = measure([{ name: 's', run: (ops) => { for (let i = 0; i < ops; i++) store.statistics('quotes') } }], { ops: 3, rounds: 5, warmupRounds: 1 })
      rows.push([label, rate.toLocaleString('en-US'), fmt(results[k].nsPerOp), series.ring.size.toLocaleString('en-US'), fmt(summary.nsPerOp / 1000)])
    })
  }
  for (const [label, ns] of perPoint) {
    notes.push(`${label}: ns/point at 100x the rate is ${fmt(ns[2] / ns[0], 2)}x the ns/point at 1x (flat = about 1).`)
  }
  notes.push('Sampled metrics keep stored points, memory and summary cost flat as the rate grows; unsampled ones grow with it.')
  return {
    title: 'Ingest into a sampled metric as the rate grows',
    table: [['mode', 'points/s', 'ns/point (median)', 'points stored for 10 s', 'summary of 10 s, µs'], ...rows],
    notes
  }
}
