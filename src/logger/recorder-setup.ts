import { CachedClock, systemClock } from '../collect/clock.ts'
import type { Clock } from '../collect/clock.ts'
import { SystemSampler } from '../collect/system-sampler.ts'
import { recordSystemSample } from '../collect/system-series.ts'
import type { SeriesStore } from '../core/store.ts'
import { InvalidArgumentError } from '../core/errors.ts'
import { HealthEngine } from '../health/health-engine.ts'
import type { MetricsRecorderOptions } from './recorder-options.ts'

/** The logger's clock, and the cached clock it owns (and stops on close), if any. */
export function makeClock (option: MetricsRecorderOptions['clock']): { clock: Clock, owned: CachedClock | null } {
  if (option === 'system') return { clock: systemClock, owned: null }
  if (option === undefined || option === 'cached') {
    const owned = new CachedClock()
    owned.start()
    return { clock: owned, owned }
  }
  return { clock: option, owned: null }
}

/** The started system sampler feeding `store`, or null with `sampler: false`. */
export function makeSampler (store: SeriesStore, clock: Clock, option: MetricsRecorderOptions['sampler']): SystemSampler | null {
  if (option === false) return null
  // Samples are stamped on the logger's clock, as its points: windows of both agree.
  const sampler = new SystemSampler({ clock, ...option })
  // Adaptive sampling follows the event loop's lag, measured once per system sample.
  sampler.onSample((sample) => { store.reportEventLoopLag(sample.event_loop_lag_p99_ms) })
  // Each field is also a `system_<field>` series: the analysis routes take it like any metric.
  sampler.onSample((sample) => { recordSystemSample(store, sample) })
  sampler.start()
  return sampler
}

/** The started health engine over `store` and `sampler`, or null when health is off. */
export function makeHealth (store: SeriesStore, sampler: SystemSampler | null, clock: Clock, option: MetricsRecorderOptions['health']): HealthEngine | null {
  const health = option ?? {}
  if (health === false || health.enabled === false) return null
  const engine = new HealthEngine({ ...health, store, system: sampler, clock })
  engine.start()
  return engine
}

/** The logger's health engine; InvalidArgumentError when it was made with `health: false`. */
export function requireHealth (health: HealthEngine | null): HealthEngine {
  if (health === null) throw new InvalidArgumentError('health', 'this logger has no health engine (it was made with health: false)')
  return health
}
