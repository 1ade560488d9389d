import { performance } from 'node:perf_hooks'
import { EventLoopMonitor } from './event-loop-monitor.ts'
import type { EventLoopDelayStats } from './event-loop-monitor.ts'
import { GcMonitor } from './gc-monitor.ts'
import type { SamplerFigures } from './process-figures.ts'

/**
 * The runtime's monitors, owned by the system sampler so that the process
 * has one of each: the event-loop delay histogram (one libuv timer), the GC
 * observer, and a `setImmediate` probe queued once per sample. The sample's
 * `event_loop_lag_p99_ms` and the exposition's `nodejs_eventloop_lag_*` and
 * `nodejs_gc_duration_seconds` all come from here.
 */
export class RuntimeMonitors {
  private readonly loop = new EventLoopMonitor(10)
  private readonly gc = new GcMonitor()
  private delay: EventLoopDelayStats | null = null
  private immediateLagSeconds: number | null = null
  private readonly measureImmediate = (queuedMs: number): void => {
    if (this.loop.enabled) this.immediateLagSeconds = (performance.now() - queuedMs) / 1000
  }

  /** Starts the monitors with a fresh interval (idempotent). */
  enable (): void {
    this.loop.reset()
    this.loop.enable()
    this.gc.enable()
  }

  /** Stops the monitors (idempotent); interval figures are forgotten, GC counts kept. */
  disable (): void {
    this.loop.disable()
    this.loop.reset()
    this.gc.disable()
    this.delay = null
    this.immediateLagSeconds = null
  }

  /**
   * Closes the current interval: keeps its delay figures for the
   * exposition, queues the `setImmediate` probe, starts the next interval.
   * Returns the interval's 99th percentile delay, ms, or `null` when none was recorded.
   */
  endInterval (): number | null {
    const p99Ms = this.loop.p99Ms()
    this.delay = this.loop.stats()
    this.loop.reset()
    if (this.loop.enabled) setImmediate(this.measureImmediate, performance.now())
    return p99Ms
  }

  /** The figures of the last closed interval, and the GC counts; empty while disabled. */
  figures (): SamplerFigures {
    if (!this.loop.enabled) return { eventLoopDelay: null, eventLoopLagSeconds: null, gc: null }
    return { eventLoopDelay: this.delay, eventLoopLagSeconds: this.immediateLagSeconds, gc: this.gc.durations() }
  }
}
