import type { Clock } from '../collect/clock.ts'
import type { SeriesStore } from '../core/store.ts'
import type { HealthRule } from './rule.ts'
import type { SystemSource } from './system-window.ts'

/** A value provider: the current value of a named figure (e.g. `drawdown_pct`), or null when unknown. */
export type ValueProvider = (nowMs: number) => number | null | undefined

export interface HealthEngineOptions {
  /** The store whose series `series` rules read. */
  store: SeriesStore
  /** The system sampler whose samples `system` rules read; none: those rules see no data. */
  system?: SystemSource | null
  /** Rules, validated (see rules-config.ts). Default: DEFAULT_RULES. */
  rules?: readonly HealthRule[]
  /** Source of evaluation times, epoch ms. Default Date.now. */
  clock?: Clock
  /** Time between timed evaluations, ms. Default 5000. */
  intervalMs?: number
  /** Alert events and audit entries kept. Default 500 each. */
  historySize?: number
  /** Time a remediation action may take, ms. Default 10000. */
  actionTimeoutMs?: number
  /** `shrink_retention` never lowers the store's capacity below this, points. Default 1000. */
  minCapacity?: number
  /** Told once per failing source (a provider, a listener). Default: a process warning. */
  warn?: (message: string) => void
}
