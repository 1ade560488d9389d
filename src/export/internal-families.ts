import type { SystemSample } from '../collect/system-sample.ts'
import type { SeriesStore } from '../core/store.ts'
import type { ExtraFamily } from './extra-family.ts'

const MIB = 1024 * 1024

/**
 * Gauges of the latest system sample: Prometheus name, sample field, the
 * factor to the base unit (MiB to bytes, ms to seconds), unit, help.
 */
const SYSTEM_GAUGES: ReadonlyArray<readonly [string, keyof SystemSample, number, string, string]> = [
  ['breakout_system_cpu_percent', 'cpu_percent', 1, '', 'CPU time used by the process over the last sampling interval, percent of one core.'],
  ['breakout_system_memory_percent', 'memory_percent', 1, '', 'Resident set size of the process over total physical memory, percent.'],
  ['breakout_system_memory_used_bytes', 'memory_used_mb', MIB, 'bytes', 'Resident set size of the process, bytes.'],
  ['breakout_system_disk_usage_percent', 'disk_usage_percent', 1, '', 'Usage of the filesystem holding the data directory, percent.'],
  ['breakout_system_threads', 'active_threads', 1, '', 'OS threads of the process.'],
  ['breakout_system_open_files', 'open_files', 1, '', 'Open file descriptors of the process.'],
  ['breakout_system_network_connections', 'network_connections', 1, '', 'TCP and UDP sockets of the process, listening ones included.'],
  ['breakout_system_event_loop_lag_p99_seconds', 'event_loop_lag_p99_ms', 1e-3, 'seconds', '99th percentile of the event-loop delay over the last sampling interval, seconds.'],
  ['breakout_system_heap_used_bytes', 'heap_used_mb', MIB, 'bytes', 'V8 heap in use, bytes.']
]

/** Names and types of every family `internalFamilies` may return, for reserving them. */
export const INTERNAL_FAMILY_NAMES: ReadonlyArray<{ name: string, type: 'gauge' | 'counter' }> = [
  ...SYSTEM_GAUGES.map(([name]) => ({ name, type: 'gauge' as const })),
  { name: 'breakout_points_dropped_total', type: 'counter' },
  { name: 'breakout_series_folded_points_total', type: 'counter' },
  { name: 'breakout_store_series', type: 'gauge' },
  { name: 'breakout_store_points', type: 'gauge' }
]

/** The system sample's gauges; a field that is null is left out. */
export function systemFamilies (sample: SystemSample | null): ExtraFamily[] {
  if (sample === null) return []
  const out: ExtraFamily[] = []
  for (const [name, field, factor, unit, help] of SYSTEM_GAUGES) {
    const value = sample[field]
    if (typeof value !== 'number') continue
    out.push({ name, help, type: 'gauge', unit, samples: [{ value: value * factor }] })
  }
  return out
}

/**
 * The store's own health: points dropped as invalid (when the source counts
 * them), points folded into overflow series per metric name, series and points held.
 * Every metric name gets a folded-points sample, zero included, so that
 * `rate()` sees the first fold.
 */
export function storeFamilies (store: SeriesStore, droppedPoints: number | undefined): ExtraFamily[] {
  const out: ExtraFamily[] = []
  if (droppedPoints !== undefined) {
    out.push({
      name: 'breakout_points_dropped_total',
      help: 'Points dropped as invalid (bad value, timestamp, name or labels).',
      type: 'counter',
      samples: [{ value: droppedPoints }]
    })
  }
  const folded = []
  for (const family of store.allFamilies()) folded.push({ labels: { metric: family.name }, value: family.foldedPoints })
  out.push(
    {
      name: 'breakout_series_folded_points_total',
      help: 'Points recorded into a metric\'s overflow series because a label-set limit was reached.',
      type: 'counter',
      samples: folded
    },
    { name: 'breakout_store_series', help: 'Series held in the store, overflow series included.', type: 'gauge', samples: [{ value: store.size }] },
    { name: 'breakout_store_points', help: 'Points held in the store\'s rings.', type: 'gauge', samples: [{ value: store.pointCount() }] }
  )
  return out
}
