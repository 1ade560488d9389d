import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { getHeapSpaceStatistics } from 'node:v8'
import type { EventLoopDelayStats } from './event-loop-monitor.ts'
import type { GcDurations } from './gc-monitor.ts'
import { PROC_SELF, readOpenFdCount } from './proc-stats.ts'

/** One V8 heap space (`new`, `old`, `code`, ...), bytes. */
export interface HeapSpaceFigures {
  readonly space: string
  readonly sizeBytes: number
  readonly usedBytes: number
  readonly availableBytes: number
}

/**
 * The process as a Prometheus user knows it from Node clients (`process_*`,
 * `nodejs_*`): read when asked, plus what the running system sampler
 * measured over its last interval. A figure the platform does not offer is `null`.
 */
export interface ProcessFigures {
  readonly cpuUserSeconds: number
  readonly cpuSystemSeconds: number
  /** When the process started, whole epoch seconds: fixed for the process's life. */
  readonly startTimeSeconds: number
  readonly residentMemoryBytes: number
  /** `VmSize` of /proc/self/status. Linux only. */
  readonly virtualMemoryBytes: number | null
  /** `VmData` (data segment, the native heap) of /proc/self/status. Linux only. */
  readonly dataSegmentBytes: number | null
  /** Linux only. */
  readonly openFds: number | null
  /** Soft limit on open files. Linux only. */
  readonly maxFds: number | null
  readonly heapTotalBytes: number
  readonly heapUsedBytes: number
  readonly externalMemoryBytes: number
  readonly heapSpaces: readonly HeapSpaceFigures[]
  /** Resources keeping the event loop alive, by type (`TCPServerWrap`, `Timeout`, ...). */
  readonly activeResources: ReadonlyMap<string, number>
  /** `process.version`, e.g. `v24.2.0`. */
  readonly nodeVersion: string
  /** Event-loop delay over the sampler's last interval; `null` without a running sampler. */
  readonly eventLoopDelay: EventLoopDelayStats | null
  /** How late a `setImmediate` queued at the last sample ran, seconds; `null` without a sampler. */
  readonly eventLoopLagSeconds: number | null
  /** Collections by kind since the sampler started; `null` without a sampler. */
  readonly gc: readonly GcDurations[] | null
}

/** What only a running sampler measures. */
export type SamplerFigures = Pick<ProcessFigures, 'eventLoopDelay' | 'eventLoopLagSeconds' | 'gc'>

const NO_SAMPLER: SamplerFigures = Object.freeze({ eventLoopDelay: null, eventLoopLagSeconds: null, gc: null })

/**
 * A size field (`VmSize:  123456 kB`) of /proc/<pid>/status, bytes, or `null`.
 *
 * @example parseStatusBytes('VmSize:\t  2048 kB\n', 'VmSize') // 2097152
 */
export function parseStatusBytes (statusText: string, field: string): number | null {
  const match = new RegExp(`^${field}:\\s*(\\d+) kB\\s*$`, 'm').exec(statusText)
  return match === null ? null : Number(match[1]) * 1024
}

/**
 * The soft limit of open files from the text of /proc/<pid>/limits, or
 * `null` when absent or unlimited.
 *
 * @example parseMaxOpenFiles('Max open files            1024                 4096                 files\n') // 1024
 */
export function parseMaxOpenFiles (limitsText: string): number | null {
  const match = /^Max open files\s+(\d+)\s/m.exec(limitsText)
  return match === null ? null : Number(match[1])
}

const linux = process.platform === 'linux'
// Whole seconds, as Node's Prometheus clients write it: a value that never
// changes, so `changes(process_start_time_seconds[...])` counts restarts only.
const START_TIME_SECONDS = Math.round(performance.timeOrigin / 1000)
let maxFds: number | null | undefined

/**
 * Reads the process's figures now (a few syscalls: getrusage, /proc/self
 * status and fd), with `sampler`'s interval figures. Never throws: an
 * unreadable /proc figure is `null`.
 */
export function readProcessFigures (sampler: SamplerFigures = NO_SAMPLER): ProcessFigures {
  const cpu = process.cpuUsage()
  const memory = process.memoryUsage()
  const status = linux ? readOrNull(`${PROC_SELF}/status`) : null
  // The limit is read once, as other clients do: a process rarely changes its own.
  if (maxFds === undefined) {
    const limits = linux ? readOrNull(`${PROC_SELF}/limits`) : null
    maxFds = limits === null ? null : parseMaxOpenFiles(limits)
  }
  const activeResources = new Map<string, number>()
  for (const type of process.getActiveResourcesInfo()) activeResources.set(type, (activeResources.get(type) ?? 0) + 1)
  return {
    cpuUserSeconds: cpu.user / 1e6,
    cpuSystemSeconds: cpu.system / 1e6,
    startTimeSeconds: START_TIME_SECONDS,
    residentMemoryBytes: memory.rss,
    virtualMemoryBytes: status === null ? null : parseStatusBytes(status, 'VmSize'),
    dataSegmentBytes: status === null ? null : parseStatusBytes(status, 'VmData'),
    openFds: linux ? openFdsOrNull() : null,
    maxFds,
    heapTotalBytes: memory.heapTotal,
    heapUsedBytes: memory.heapUsed,
    externalMemoryBytes: memory.external,
    heapSpaces: getHeapSpaceStatistics().map((s) => ({
      // `new_space` -> `new`, the label value Node clients use.
      space: s.space_name.endsWith('_space') ? s.space_name.slice(0, -6) : s.space_name,
      sizeBytes: s.space_size,
      usedBytes: s.space_used_size,
      availableBytes: s.space_available_size
    })),
    activeResources,
    nodeVersion: process.version,
    eventLoopDelay: sampler.eventLoopDelay,
    eventLoopLagSeconds: sampler.eventLoopLagSeconds,
    gc: sampler.gc
  }
}

function readOrNull (path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

function openFdsOrNull (): number | null {
  try {
    // Less the descriptor that lists the directory, as other clients count.
    return readOpenFdCount() - 1
  } catch {
    return null
  }
}
