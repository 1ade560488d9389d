import { AdaptiveSamplingController } from './adaptive-sampling.ts'
import type { Labels } from './label-set.ts'
import { validateMetricName } from './label-set.ts'
import type { MetricDefinition } from './metric-kind.ts'
import { QuantileSketch } from './quantile-sketch.ts'
import { EveryNthSampler, validateSampling } from './sampling.ts'
import type { SamplingOptions } from './sampling.ts'
import { SeriesRegistry } from './series-registry.ts'
import { savedPointCount } from './series.ts'
import type { SeriesState } from './series.ts'

/** A family's saved state (see SeriesStore.exportState). */
export interface FamilyState {
  name: string
  definition: MetricDefinition
  foldedPoints: number
  series: Array<SeriesState & { overflow: boolean }>
}

/** What SeriesStore.importState restored, and what it skipped and why. */
export interface ImportReport {
  families: number
  series: number
  points: number
  skipped: Array<{ name: string, labels: Labels | null, reason: string }>
}

function sameLayout (a: MetricDefinition, b: MetricDefinition): boolean {
  if (a.kind !== b.kind || a.buckets.length !== b.buckets.length) return false
  for (let i = 0; i < a.buckets.length; i++) if (a.buckets[i] !== b.buckets[i]) return false
  return true
}

/**
 * The per-name sampling and sketch settings of a SeriesStore, the samplers'
 * upkeep, and the state a snapshot saves and restores.
 */
export class StoreState extends SeriesRegistry {
  /**
   * Samples a metric's points from now on (null: stores every point again;
   * points kept while sampled then count once). See core/sampling.ts.
   * Throws InvalidArgumentError on bad options.
   */
  setSampling (name: string, options: SamplingOptions | null): void {
    validateMetricName(name)
    if (options === null) {
      this.samplingByName.delete(name)
    } else {
      validateSampling(options)
      const controller = options.mode === 'adaptive'
        ? new AdaptiveSamplingController({ minInterval: options.minInterval, maxInterval: options.maxInterval, highLagMs: options.highLagMs, lowLagMs: options.lowLagMs })
        : null
      this.samplingByName.set(name, { options, controller })
    }
    const family = this.families.get(name)
    if (family !== undefined) {
      this.configure(family)
      for (const s of family.series) this.attach(family, s)
    }
  }

  /** Keeps an all-time quantile sketch per series of `name` (null: none). */
  setSketch (name: string, relativeAccuracy: number | null = 0.01): void {
    validateMetricName(name)
    if (relativeAccuracy === null) this.sketchByName.delete(name)
    else this.sketchByName.set(name, new QuantileSketch(relativeAccuracy).relativeAccuracy)
    const family = this.families.get(name)
    if (family !== undefined) {
      this.configure(family)
      for (const s of family.series) this.attach(family, s)
    }
  }

  /** Feeds an event-loop lag report (ms) to every adaptive metric's controller. */
  reportEventLoopLag (lagMs: number | null): void {
    for (const family of this.families.values()) {
      if (family.controller === null) continue
      const interval = family.controller.update(lagMs)
      for (const s of family.series) if (s.sampler instanceof EveryNthSampler) s.sampler.setInterval(interval)
    }
  }

  /** Stores the samples of reservoir windows closed by `nowMs` (epoch ms). */
  flushSamples (nowMs: number): void {
    for (const family of this.families.values()) {
      if (family.sampling?.mode !== 'reservoir') continue
      for (const s of family.series) s.sampler?.flush(s, nowMs)
    }
  }

  /**
   * Every family's definition, fold count and series state: what a snapshot
   * saves. With `compressed`, older points come as compressed chunks (see
   * Series.exportState).
   */
  exportState (options: { compressed?: boolean } = {}): FamilyState[] {
    const out: FamilyState[] = []
    for (const f of this.families.values()) {
      out.push({
        name: f.name,
        definition: f.definition,
        foldedPoints: f.foldedPoints,
        series: f.series.map((s) => ({ ...s.exportState(options), overflow: s === f.overflow }))
      })
    }
    return out
  }

  /**
   * Adds saved families to the store (merged into series that exist). A
   * family whose saved kind or buckets differ from the definition the name
   * has now is skipped, as is a series past the label limits; the report
   * says which and why. A name without a definition now takes the saved one.
   * Throws InvalidArgumentError on a malformed state (bad name, labels, points).
   */
  importState (families: readonly FamilyState[]): ImportReport {
    const report: ImportReport = { families: 0, series: 0, points: 0, skipped: [] }
    for (const state of families) {
      const current = this.families.get(state.name)?.definition ?? this.definitions.get(state.name) ?? this.resolveDefinition(state.name)
      if (current !== null && !sameLayout(current, state.definition)) {
        report.skipped.push({ name: state.name, labels: null, reason: `saved as ${state.definition.kind} with other buckets or kind than its definition now (${current.kind})` })
        continue
      }
      if (current === null) this.define(state.name, state.definition)
      const family = this.families.get(state.name) ?? this.createFamily(state.name)
      for (const s of state.series) {
        const target = s.overflow ? this.overflowOf(family) : this.importTarget(family, s.labels)
        if (target === null) {
          report.skipped.push({ name: state.name, labels: s.labels, reason: 'label limits reached' })
          continue
        }
        target.importState(s)
        report.series++
        report.points += savedPointCount(s)
      }
      family.foldedPoints += state.foldedPoints
      report.families++
    }
    return report
  }
}
