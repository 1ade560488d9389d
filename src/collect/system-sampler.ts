import { resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { InvalidArgumentError } from '../core/errors.ts'
import type { Clock } from './clock.ts'
import { readProcessFigures } from './process-figures.ts'
import type { ProcessFigures } from './process-figures.ts'
import { RuntimeMonitors } from './runtime-monitors.ts'
import type { SystemSample } from './system-sample.ts'
import { defaultReaders } from './system-readers.ts'
import type { SystemReaders } from './system-readers.ts'

const MIB = 1024 * 1024
/** Largest delay `setInterval` honours, ms; above it Node fires after 1 ms. */
const MAX_INTERVAL_MS = 2 ** 31 - 1

export interface SystemSamplerOptions {
  /** Time between samples while running, ms. Default 5000. */
  intervalMs?: number
  /** Samples kept; the oldest is dropped beyond it. Default 1000. */
  historySize?: number
  /** Directory whose filesystem `disk_usage_percent` measures. Default `process.cwd()`. */
  dataDir?: string
  /** Source of `timestamp`, epoch ms. Default `Date.now()`. */
  clock?: Clock
  /** Replaces single readers: for tests, or figures read elsewhere. */
  readers?: Partial<SystemReaders>
  /**
   * Told once per failing source (a reader, or the listeners) so that a
   * figure stuck at `null` is explained. Default: a process warning.
   */
  warn?: (message: string) => void
}

export interface HistoryOptions {
  /** At most this many samples, the newest ones. */
  lastN?: number
  /** Only samples taken at or after this time, epoch ms. */
  sinceMs?: number
}

/** A listener of new samples. */
export type SampleListener = (sample: SystemSample) => void

/**
 * Samples the process's CPU, memory, disk, threads, descriptors, sockets and
 * event-loop delay every `intervalMs`, keeps the last `historySize` samples
 * and passes each to listeners.
 *
 * Sampling never throws: a figure that cannot be read is `null` in the
 * sample. The timer is unref'd, so a running sampler never keeps the
 * process alive. No process is spawned: figures come from Node and /proc.
 *
 * @example
 * const sampler = new SystemSampler({ intervalMs: 5000, dataDir: './data' })
 * const off = sampler.onSample((s) => { if (s.memory_percent !== null && s.memory_percent > 90) alert(s) })
 * sampler.start()
 * sampler.latest()?.cpu_percent // e.g. 12.5
 * sampler.history({ lastN: 60 }) // the last five minutes, oldest first
 * off()
 * sampler.stop()
 */
export class SystemSampler {
  readonly intervalMs: number
  readonly historySize: number
  readonly dataDir: string
  private readonly clock: Clock
  private readonly readers: SystemReaders
  private readonly warn: (message: string) => void
  private readonly warned = new Set<string>()
  private readonly monitors = new RuntimeMonitors()
  private readonly listeners = new Set<SampleListener>()
  // Oldest first. At the default 1000 samples, shift() on overflow costs
  // microseconds every 5 s, not worth a ring.
  private readonly samples: SystemSample[] = []
  private timer: NodeJS.Timeout | null = null
  private lastCpuMicros: number | null
  private lastWallMs: number
  // Bound once: setInterval gets the same function on every start().
  private readonly tick = (): void => { void this.sampleInBackground() }
  /** A timer sample is reading its slow figures off the loop. */
  private reading = false
  /** Counts start() and stop(): a timer sample finishing after a stop is dropped. */
  private runs = 0

  /** @throws {InvalidArgumentError} on an interval or history size out of range. */
  constructor (options: SystemSamplerOptions = {}) {
    const intervalMs = options.intervalMs ?? 5000
    if (!Number.isFinite(intervalMs) || intervalMs < 1 || intervalMs > MAX_INTERVAL_MS) {
      throw new InvalidArgumentError('intervalMs', `must be between 1 and ${MAX_INTERVAL_MS} ms, got ${intervalMs}`)
    }
    const historySize = options.historySize ?? 1000
    if (!Number.isSafeInteger(historySize) || historySize < 1) {
      throw new InvalidArgumentError('historySize', `must be a positive integer, got ${historySize}`)
    }
    this.intervalMs = intervalMs
    this.historySize = historySize
    // Resolved now, so that a later chdir does not move it.
    this.dataDir = resolve(options.dataDir ?? process.cwd())
    this.clock = options.clock ?? { now: Date.now }
    this.readers = { ...defaultReaders(this.dataDir), ...options.readers }
    // A replaced socket count replaces both ways of reading it.
    if (options.readers?.inetConnectionCount !== undefined && options.readers.inetConnectionCountAsync === undefined) {
      delete this.readers.inetConnectionCountAsync
    }
    this.warn = options.warn ?? ((message) => { process.emitWarning(message) })
    // The first sample's cpu_percent covers the time since creation.
    this.lastCpuMicros = this.read('cpuMicros')
    this.lastWallMs = performance.now()
  }

  /** Whether the timer is running. */
  get running (): boolean {
    return this.timer !== null
  }

  /** Takes a sample now, then one every `intervalMs` (idempotent). */
  start (): void {
    if (this.timer !== null) return
    this.runs++
    this.monitors.enable()
    this.sampleNow()
    this.timer = setInterval(this.tick, this.intervalMs)
    this.timer.unref()
  }

  /** Stops the timer and the runtime monitors (idempotent); history stays. */
  stop (): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    this.runs++
    this.monitors.disable()
  }

  /**
   * Takes a sample, appends it to the history, passes it to the listeners
   * and returns it. Never throws. The sample is frozen: listeners share it.
   */
  sampleNow (): SystemSample {
    return this.take(this.read('inetConnectionCount'))
  }

  /**
   * The timer's sample: the socket count is read on the thread pool first
   * (when an async reader exists), the rest synchronously, as sampleNow.
   * A tick that finds the previous read still running is skipped.
   */
  private async sampleInBackground (): Promise<void> {
    const readAsync = this.readers.inetConnectionCountAsync
    if (readAsync === undefined) {
      this.sampleNow()
      return
    }
    if (this.reading) return
    this.reading = true
    const run = this.runs
    let sockets: number | null
    try {
      const value = await readAsync()
      sockets = typeof value === 'number' && Number.isFinite(value) ? value : null
    } catch (error) {
      this.warnOnce('inetConnectionCount', `system sampler: inetConnectionCount unavailable, reporting null: ${String(error)}`)
      sockets = null
    } finally {
      this.reading = false
    }
    if (run === this.runs) this.take(sockets)
  }

  private take (networkConnections: number | null): SystemSample {
    const rss = this.read('rssBytes')
    const total = this.read('totalMemoryBytes')
    const heap = this.read('heapUsedBytes')
    const sample: SystemSample = Object.freeze({
      cpu_percent: this.cpuPercent(),
      memory_percent: rss !== null && total !== null && total > 0 ? rss / total * 100 : null,
      memory_used_mb: rss === null ? null : rss / MIB,
      disk_usage_percent: this.read('diskUsagePercent'),
      active_threads: this.read('threadCount'),
      open_files: this.read('openFdCount'),
      network_connections: networkConnections,
      event_loop_lag_p99_ms: this.monitors.endInterval(),
      heap_used_mb: heap === null ? null : heap / MIB,
      timestamp: this.clock.now()
    })
    this.samples.push(sample)
    if (this.samples.length > this.historySize) this.samples.shift()
    for (const listener of this.listeners) {
      try {
        listener(sample)
      } catch (error) {
        this.warnOnce('listener', `a system sample listener threw: ${String(error)}`)
      }
    }
    return sample
  }

  /**
   * The process's figures under their Prometheus names' meaning, read now,
   * with the event-loop delay of the last interval and the GC counts while running.
   */
  processFigures (): ProcessFigures {
    return readProcessFigures(this.monitors.figures())
  }

  /** The newest sample, or `null` before the first one. */
  latest (): SystemSample | null {
    return this.samples.length === 0 ? null : this.samples[this.samples.length - 1]
  }

  /**
   * Samples kept, oldest first: those taken at or after `sinceMs`, then at
   * most the `lastN` newest of them. Returns a new array.
   *
   * @throws {InvalidArgumentError} on a negative or fractional `lastN` or a non-finite `sinceMs`.
   */
  history (options: HistoryOptions = {}): SystemSample[] {
    const { lastN, sinceMs } = options
    if (lastN !== undefined && (!Number.isSafeInteger(lastN) || lastN < 0)) {
      throw new InvalidArgumentError('lastN', `must be a non-negative integer, got ${lastN}`)
    }
    if (sinceMs !== undefined && !Number.isFinite(sinceMs)) {
      throw new InvalidArgumentError('sinceMs', `must be a finite epoch time in ms, got ${sinceMs}`)
    }
    // Filter rather than binary search: a wall clock stepped back by NTP
    // leaves the history out of time order.
    const kept = sinceMs === undefined ? this.samples.slice() : this.samples.filter((s) => s.timestamp >= sinceMs)
    if (lastN === undefined || lastN >= kept.length) return kept
    return lastN === 0 ? [] : kept.slice(-lastN)
  }

  /**
   * Puts samples an earlier process saved (oldest first) before the
   * history, keeping the newest `historySize` in all: charts of CPU and
   * memory then go on across a restart. Samples not older than the oldest
   * one held are left out, so `latest()` stays this process's. Listeners
   * (the health rules) are not called: they judge this process only.
   * Returns how many were added.
   */
  restoreHistory (samples: readonly SystemSample[]): number {
    const before = this.samples.length === 0 ? Infinity : this.samples[0].timestamp
    const older = samples.filter((s) => s.timestamp < before)
    const room = this.historySize - this.samples.length
    const added = room <= 0 ? [] : older.slice(Math.max(0, older.length - room)).map((s) => Object.freeze({ ...s }))
    this.samples.unshift(...added)
    return added.length
  }

  /** Empties the history; returns how many samples were removed. */
  clear (): number {
    const removed = this.samples.length
    this.samples.length = 0
    return removed
  }

  /**
   * Calls `listener` with every new sample; returns the function that stops
   * it. A listener that throws is reported once and does not stop sampling
   * or the other listeners.
   */
  onSample (listener: SampleListener): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  /** CPU percent since the previous call (or creation), and moves the baseline. */
  private cpuPercent (): number | null {
    const wallMs = performance.now()
    const cpuMicros = this.read('cpuMicros')
    const previous = this.lastCpuMicros
    const elapsedMicros = (wallMs - this.lastWallMs) * 1000
    this.lastCpuMicros = cpuMicros
    this.lastWallMs = wallMs
    if (cpuMicros === null || previous === null || elapsedMicros <= 0) return null
    return (cpuMicros - previous) / elapsedMicros * 100
  }

  /** One reader's figure; `null` when absent, not finite or failed. */
  private read (name: Exclude<keyof SystemReaders, 'inetConnectionCountAsync'>): number | null {
    try {
      const value = this.readers[name]()
      return typeof value === 'number' && Number.isFinite(value) ? value : null
    } catch (error) {
      this.warnOnce(name, `system sampler: ${name} unavailable, reporting null: ${String(error)}`)
      return null
    }
  }

  private warnOnce (source: string, message: string): void {
    if (this.warned.has(source)) return
    this.warned.add(source)
    try {
      this.warn(message)
    } catch {
      // A failing warn hook must not break sampling either.
    }
  }
}
