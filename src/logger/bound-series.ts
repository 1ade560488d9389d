import type { Clock } from '../collect/clock.ts'
import type { Series } from '../core/series.ts'
import type { Labels } from '../core/label-set.ts'

/** Called by a bound handle when it drops a point. */
export type DropReporter = (name: string, value: unknown, what: 'value' | 'timestamp') => void

/**
 * A series found once and recorded into many times: `record` is a type
 * check, a clock field read and two typed-array writes, with no lookup.
 *
 * @example
 * const cycle = logger.series('engine_cycle_time', { state: 'scanning' })
 * cycle.record(0.012) // seconds
 */
export class BoundSeries {
  readonly name: string
  readonly labels: Labels
  private readonly target: Series
  private readonly clock: Clock
  private readonly onDrop: DropReporter

  constructor (target: Series, clock: Clock, onDrop: DropReporter) {
    this.target = target
    this.name = target.name
    this.labels = target.labels
    this.clock = clock
    this.onDrop = onDrop
  }

  /**
   * Records `value` at `timestampMs` (epoch ms; default: the logger's clock).
   * A NaN, Infinity or non-number is dropped and reported, never thrown
   * (unless the logger is strict).
   */
  record (value: number, timestampMs?: number): void {
    // v - v is 0 for every finite number and NaN for NaN and +-Infinity.
    if (typeof value !== 'number' || value - value !== 0) {
      this.onDrop(this.name, value, 'value')
      return
    }
    if (timestampMs === undefined) {
      this.target.record(value, this.clock.now())
    } else if (typeof timestampMs === 'number' && timestampMs - timestampMs === 0) {
      this.target.record(value, timestampMs)
    } else {
      this.onDrop(this.name, timestampMs, 'timestamp')
    }
  }
}
