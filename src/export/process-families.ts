import { GC_DURATION_BUCKETS } from '../collect/gc-monitor.ts'
import type { EventLoopDelayStats } from '../collect/event-loop-monitor.ts'
import type { ProcessFigures } from '../collect/process-figures.ts'
import type { ExtraFamily } from './extra-family.ts'
import type { PromType } from './prometheus-names.ts'
import { familyHeader, formatBound, formatValue } from './text-format.ts'
import type { ExpositionFormat } from './text-format.ts'

/**
 * The process families under the names and types Node's Prometheus clients
 * (prom-client's default metrics) give them, which dashboards and alert
 * rules written for Node services query: `process_start_time_seconds`,
 * `process_resident_memory_bytes`, `nodejs_eventloop_lag_p99_seconds`, ...
 * Values are read from the system sampler (collect/), which owns the only
 * event-loop delay monitor and GC observer of the process.
 */
type Gauge = readonly [name: string, help: string, read: (f: ProcessFigures) => number | null]

const CPU_COUNTERS: readonly Gauge[] = [
  ['process_cpu_user_seconds_total', 'Total user CPU time spent in seconds.', (f) => f.cpuUserSeconds],
  ['process_cpu_system_seconds_total', 'Total system CPU time spent in seconds.', (f) => f.cpuSystemSeconds],
  ['process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.', (f) => f.cpuUserSeconds + f.cpuSystemSeconds]
]

const delay = (pick: (d: EventLoopDelayStats) => number) => (f: ProcessFigures): number | null =>
  f.eventLoopDelay === null ? null : pick(f.eventLoopDelay)

const GAUGES: readonly Gauge[] = [
  ['process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', (f) => f.startTimeSeconds],
  ['process_resident_memory_bytes', 'Resident memory size in bytes.', (f) => f.residentMemoryBytes],
  ['process_virtual_memory_bytes', 'Virtual memory size in bytes.', (f) => f.virtualMemoryBytes],
  ['process_heap_bytes', 'Process heap size in bytes.', (f) => f.dataSegmentBytes],
  ['process_open_fds', 'Number of open file descriptors.', (f) => f.openFds],
  ['process_max_fds', 'Maximum number of open file descriptors.', (f) => f.maxFds],
  ['nodejs_eventloop_lag_seconds', 'Lag of event loop in seconds: how late a setImmediate queued at the last sample ran.', (f) => f.eventLoopLagSeconds],
  ['nodejs_eventloop_lag_min_seconds', 'The minimum recorded event loop delay over the last sampling interval.', delay((d) => d.minSeconds)],
  ['nodejs_eventloop_lag_max_seconds', 'The maximum recorded event loop delay over the last sampling interval.', delay((d) => d.maxSeconds)],
  ['nodejs_eventloop_lag_mean_seconds', 'The mean of the recorded event loop delays over the last sampling interval.', delay((d) => d.meanSeconds)],
  ['nodejs_eventloop_lag_stddev_seconds', 'The standard deviation of the recorded event loop delays over the last sampling interval.', delay((d) => d.stddevSeconds)],
  ['nodejs_eventloop_lag_p50_seconds', 'The 50th percentile of the recorded event loop delays over the last sampling interval.', delay((d) => d.p50Seconds)],
  ['nodejs_eventloop_lag_p90_seconds', 'The 90th percentile of the recorded event loop delays over the last sampling interval.', delay((d) => d.p90Seconds)],
  ['nodejs_eventloop_lag_p99_seconds', 'The 99th percentile of the recorded event loop delays over the last sampling interval.', delay((d) => d.p99Seconds)],
  ['nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.', (f) => f.heapTotalBytes],
  ['nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.', (f) => f.heapUsedBytes],
  ['nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', (f) => f.externalMemoryBytes]
]

const HEAP_SPACE_GAUGES = [
  ['nodejs_heap_space_size_total_bytes', 'Process heap space size total from Node.js in bytes.', 'sizeBytes'],
  ['nodejs_heap_space_size_used_bytes', 'Process heap space size used from Node.js in bytes.', 'usedBytes'],
  ['nodejs_heap_space_size_available_bytes', 'Process heap space size available from Node.js in bytes.', 'availableBytes']
] as const

const ACTIVE_RESOURCES = 'nodejs_active_resources'
const VERSION_INFO = 'nodejs_version_info'
const GC_DURATION = 'nodejs_gc_duration_seconds'

/** Names and types of every process family, reserved so that no store series takes one. */
export const PROCESS_FAMILY_NAMES: ReadonlyArray<{ name: string, type: PromType }> = [
  ...CPU_COUNTERS.map(([name]) => ({ name, type: 'counter' as const })),
  ...GAUGES.map(([name]) => ({ name, type: 'gauge' as const })),
  ...HEAP_SPACE_GAUGES.map(([name]) => ({ name, type: 'gauge' as const })),
  { name: ACTIVE_RESOURCES, type: 'gauge' },
  { name: VERSION_INFO, type: 'gauge' },
  { name: GC_DURATION, type: 'histogram' }
]

const unit = (name: string): string => name.endsWith('_bytes') ? 'bytes' : name.endsWith('_seconds') ? 'seconds' : ''

/** The counters and gauges of `figures`; a figure that is `null` is left out. */
export function processFamilies (figures: ProcessFigures): ExtraFamily[] {
  const out: ExtraFamily[] = []
  for (const [name, help, read] of CPU_COUNTERS) out.push({ name, help, type: 'counter', unit: 'seconds', samples: [{ value: read(figures)! }] })
  for (const [name, help, read] of GAUGES) {
    const value = read(figures)
    if (value !== null) out.push({ name, help, type: 'gauge', unit: unit(name), samples: [{ value }] })
  }
  for (const [name, help, field] of HEAP_SPACE_GAUGES) {
    out.push({ name, help, type: 'gauge', unit: 'bytes', samples: figures.heapSpaces.map((s) => ({ labels: { space: s.space }, value: s[field] })) })
  }
  out.push({
    name: ACTIVE_RESOURCES,
    help: 'Number of active resources that are currently keeping the event loop alive, grouped by async resource type.',
    type: 'gauge',
    samples: [...figures.activeResources].map(([type, value]) => ({ labels: { type }, value }))
  })
  const [major, minor, patch] = figures.nodeVersion.slice(1).split('.')
  out.push({ name: VERSION_INFO, help: 'Node.js version info.', type: 'gauge', samples: [{ labels: { version: figures.nodeVersion, major, minor, patch }, value: 1 }] })
  return out
}

/**
 * Appends `nodejs_gc_duration_seconds`, a histogram by `kind`, when the
 * sampler counts collections: every kind, zeros included.
 */
export function renderGcDurations (figures: ProcessFigures, format: ExpositionFormat, out: string[]): void {
  if (figures.gc === null) return
  out.push(familyHeader(GC_DURATION, 'histogram', 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.', 'seconds', format))
  for (const { kind, cumulativeCounts, sumSeconds, count } of figures.gc) {
    for (let i = 0; i < GC_DURATION_BUCKETS.length; i++) {
      out.push(`${GC_DURATION}_bucket{kind="${kind}",le="${formatBound(GC_DURATION_BUCKETS[i], format)}"} ${cumulativeCounts[i]}\n`)
    }
    out.push(`${GC_DURATION}_bucket{kind="${kind}",le="+Inf"} ${count}\n`)
    out.push(`${GC_DURATION}_sum{kind="${kind}"} ${formatValue(sumSeconds)}\n${GC_DURATION}_count{kind="${kind}"} ${count}\n`)
  }
}
