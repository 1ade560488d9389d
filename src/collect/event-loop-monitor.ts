import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { ELDHistogram } from 'node:perf_hooks'

/**
 * Event-loop delay over an interval, from `perf_hooks.monitorEventLoopDelay`:
 * a libuv timer (unref'd by Node, so it never holds the process open) that
 * records how late each of its ticks runs.
 *
 * Each recorded delay includes the resolution itself, so an idle loop reads
 * about `resolutionMs`. Node forgets the previous tick on `reset()`, so a
 * stall that spans a reset is not recorded.
 *
 * @example
 * const monitor = new EventLoopMonitor()
 * monitor.enable()
 * // ... later, once per interval:
 * const p99 = monitor.p99Ms() // e.g. 10.2, or null before the first tick
 * monitor.reset()
 */
export class EventLoopMonitor {
  /** Sampling period, ms. */
  readonly resolutionMs: number
  private readonly histogram: ELDHistogram
  private on = false

  /**
   * @param resolutionMs sampling period, ms. 10 ms (Node's default) costs
   *   100 wakeups a second and resolves the stalls that matter to a bot.
   */
  constructor (resolutionMs = 10) {
    this.resolutionMs = resolutionMs
    this.histogram = monitorEventLoopDelay({ resolution: resolutionMs })
  }

  /** Whether the monitor is recording. */
  get enabled (): boolean {
    return this.on
  }

  /** Starts recording (idempotent). */
  enable (): void {
    this.histogram.enable()
    this.on = true
  }

  /** Stops recording (idempotent); what was recorded stays until `reset()`. */
  disable (): void {
    this.histogram.disable()
    this.on = false
  }

  /** Forgets what was recorded. */
  reset (): void {
    this.histogram.reset()
  }

  /**
   * 99th percentile of the delays recorded since the last reset, ms; `null`
   * when none was (an empty histogram reports a meaningless 511 ns).
   */
  p99Ms (): number | null {
    if (this.histogram.count === 0) return null
    return this.histogram.percentile(99) / 1e6
  }

  /**
   * The delays recorded since the last reset, seconds; `null` when none was.
   * What the exposition's `nodejs_eventloop_lag_*_seconds` gauges show.
   */
  stats (): EventLoopDelayStats | null {
    const h = this.histogram
    if (h.count === 0) return null
    return {
      minSeconds: h.min / 1e9,
      maxSeconds: h.max / 1e9,
      meanSeconds: h.mean / 1e9,
      stddevSeconds: h.stddev / 1e9,
      p50Seconds: h.percentile(50) / 1e9,
      p90Seconds: h.percentile(90) / 1e9,
      p99Seconds: h.percentile(99) / 1e9
    }
  }
}

/** Event-loop delays over one interval, seconds (each includes the monitor's resolution). */
export interface EventLoopDelayStats {
  minSeconds: number
  maxSeconds: number
  meanSeconds: number
  stddevSeconds: number
  p50Seconds: number
  p90Seconds: number
  p99Seconds: number
}
