import { MetricsLogger, SeriesStore } from '../src/index.ts'
import { fmt, measure } from './harness.ts'
import type { Section } from './harness.ts'

/** Full collection, then again after pending finalizers ran (array buffers are freed late). */
async function settle (): Promise<void> {
  globalThis.gc?.()
  await new Promise((resolve) => setTimeout(resolve, 50))
  globalThis.gc?.()
}

/** Bytes per stored point at 100 series x 10,000 points, ring and heap. */
export async function memoryBench (): Promise<Section> {
  if (globalThis.gc === undefined) throw new Error('run with --expose-gc (npm run bench does)')
  await settle()
  const before = process.memoryUsage()
  const store = new SeriesStore({ capacity: 10_000 })
  for (let s = 0; s < 100; s++) {
    const series = store.series('m', { series: String(s) })
    for (let i = 0; i < 10_000; i++) series.record(i, i)
  }
  store.sealPending()
  await settle()
  const after = process.memoryUsage()
  const points = store.pointCount()
  const ringBytes = store.byteLength() / points
  const processBytes = (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / points
  return {
    title: 'Memory: 100 series x 10,000 points',
    table: [
      ['measure', 'bytes/point'],
      ['rings (sealed chunks + raw heads)', fmt(ringBytes, 2)],
      ['process (heap + array buffers delta)', fmt(processBytes, 2)]
    ],
    notes: [
      `${points.toLocaleString('en-US')} points stored. A point costs ${fmt(ringBytes, 2)} bytes in its ring (target <= 16: ${ringBytes <= 16 ? 'met' : 'NOT met'}); ` +
        `the process total adds the per-series objects, labels and maps (${fmt(processBytes, 2)} bytes/point here). The original stores 408 bytes/point.`
    ]
  }
}

/** Statistics over 1,000 points: getMetricsSummary(name, 1000). */
export function summaryBench (): Section {
  const logger = new MetricsLogger({ sampler: false })
  const h = logger.series('engine_cycle_time', { state: 'trading' })
  for (let i = 0; i < 10_000; i++) h.record(Math.random() * 0.05, i)
  let sink = 0
  const [r] = measure([{
    name: 'getMetricsSummary(engine_cycle_time, 1000)',
    run: (ops) => { for (let i = 0; i < ops; i++) sink += logger.getMetricsSummary('engine_cycle_time', 1000).count }
  }], { ops: 2000, rounds: 15 })
  logger.close()
  if (sink === 1) console.log('')
  return {
    title: 'Statistics over 1,000 points',
    table: [['case', 'µs/op (median)', 'MAD µs'], [r.name, fmt(r.nsPerOp / 1000, 2), fmt(r.madNs / 1000, 2)]],
    notes: [`Target under 50 µs: ${r.nsPerOp / 1000 < 50 ? 'met' : 'NOT met'}.`]
  }
}
