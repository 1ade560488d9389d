/** Settings of the load-adaptive sampling controller. */
export interface AdaptiveSamplingSettings {
  /** Smallest interval (1 = keep every point). */
  minInterval: number
  /** Largest interval. */
  maxInterval: number
  /** Lag (ms, e.g. the event loop's p99 over a sampling period) above which the interval doubles. */
  highLagMs: number
  /** Lag below which the interval halves, after `calmUpdates` calm reports in a row. */
  lowLagMs: number
  /** Calm reports in a row before the interval halves; default 3. */
  calmUpdates: number
}

/**
 * Decides a sampling interval from event-loop lag reports: pure, fed with
 * numbers, no timers. Multiplicative both ways (doubling while the lag is
 * above `highLagMs`, halving after `calmUpdates` reports below `lowLagMs`),
 * with the band between the two thresholds and the calm streak as
 * hysteresis so the interval does not flap on a noisy loop.
 *
 * An idle Node loop reads about its monitor's resolution (~10 ms at the
 * default), so the defaults 50 / 20 ms leave idle alone.
 *
 * @example
 * const c = new AdaptiveSamplingController({ minInterval: 1, maxInterval: 1024, highLagMs: 50, lowLagMs: 20 })
 * c.update(180) // 2: keep one point in two
 * c.update(220) // 4
 */
export class AdaptiveSamplingController {
  readonly settings: Readonly<AdaptiveSamplingSettings>
  private current: number
  private calm = 0

  constructor (settings: Partial<AdaptiveSamplingSettings> = {}) {
    // A setting given as undefined (an option left out upstream) takes its default, not undefined.
    const given = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined))
    this.settings = Object.freeze({ minInterval: 1, maxInterval: 1024, highLagMs: 50, lowLagMs: 20, calmUpdates: 3, ...given })
    this.current = this.settings.minInterval
  }

  /** The interval now in force. */
  get interval (): number {
    return this.current
  }

  /** Feeds one lag report (ms; null or NaN ignored); returns the interval now in force. */
  update (lagMs: number | null): number {
    if (lagMs === null || Number.isNaN(lagMs)) return this.current
    const s = this.settings
    if (lagMs > s.highLagMs) {
      this.calm = 0
      this.current = Math.min(s.maxInterval, this.current * 2)
    } else if (lagMs < s.lowLagMs) {
      if (++this.calm >= s.calmUpdates) {
        this.calm = 0
        this.current = Math.max(s.minInterval, Math.floor(this.current / 2))
      }
    } else {
      this.calm = 0
    }
    return this.current
  }
}
