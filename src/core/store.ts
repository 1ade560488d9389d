import { UnknownMetricError } from './errors.ts'
import type { Labels } from './label-set.ts'
import { readMerged } from './point-set.ts'
import type { PointSet, Selection } from './point-set.ts'
import { QuantileSketch } from './quantile-sketch.ts'
import type { SketchSummary } from './quantile-sketch.ts'
import { summarize } from './statistics.ts'
import type { StatisticsResult } from './statistics.ts'
import { StoreState } from './store-state.ts'
import { readWeighted, summarizeWeighted } from './weighted-statistics.ts'
import type { SampledStatistics, WeightedPointSet } from './weighted-statistics.ts'

export { DEFAULT_STORE_OPTIONS, OVERFLOW_LABELS } from './series-registry.ts'
export type { DefinitionResolver, StoreOptions } from './series-registry.ts'
export type { FamilyState, ImportReport } from './store-state.ts'

/**
 * All series, grouped by metric name, and the reads over them. The series
 * registry (core/series-registry.ts) finds and creates series; the state
 * (core/store-state.ts) holds sampling and sketch settings and what a
 * snapshot saves; this class adds the reads. Pure: time comes in as an
 * argument.
 */
export class SeriesStore extends StoreState {
  /** Points of a metric within the selection, merged across its series in time order. */
  read (name: string, selection: Selection = {}): PointSet {
    const family = this.families.get(name)
    if (family === undefined) throw new UnknownMetricError(name)
    return readMerged(family.matching(selection.labels), selection)
  }

  /**
   * A value that stays the same while the points a read of the selection
   * returns do (a new point, a clear or an import changes it): what a
   * figure computed from the read can be kept on.
   */
  readStamp (name: string, selection: Selection = {}): string {
    const family = this.families.get(name)
    if (family === undefined) throw new UnknownMetricError(name)
    let stamp = `${selection.lastN ?? ''};`
    for (const s of family.matching(selection.labels)) {
      const r = s.ring
      stamp += `${s.stamp}:${selection.sinceMs === undefined ? 0 : r.lowerBound(selection.sinceMs)}:${selection.untilMs === undefined ? r.size : r.upperBound(selection.untilMs)},`
    }
    return stamp
  }

  /**
   * Statistics over a selection of a metric's points; weighted, with
   * `estimated_count` and `sampled`, when the metric is sampled.
   */
  statistics (name: string, selection: Selection = {}): StatisticsResult | SampledStatistics {
    const family = this.families.get(name)
    if (family === undefined) throw new UnknownMetricError(name)
    if (family.sampling !== null) return summarizeWeighted(readWeighted(family.matching(selection.labels), selection), family.sampling.mode)
    const points = readMerged(family.matching(selection.labels), selection)
    return summarize(points.timesMs, points.values)
  }

  /** Points of a metric with the number of recorded points each stands for (1 unless sampled). */
  readWeighted (name: string, selection: Selection = {}): WeightedPointSet {
    const family = this.families.get(name)
    if (family === undefined) throw new UnknownMetricError(name)
    return readWeighted(family.matching(selection.labels), selection)
  }

  /** All-time figures from the sketches of a metric's matching series, merged; null without sketches or points. */
  sketchSummary (name: string, labels?: Labels): SketchSummary | null {
    const family = this.families.get(name)
    if (family === undefined) throw new UnknownMetricError(name)
    if (family.sketchAccuracy === null) return null
    const merged = new QuantileSketch(family.sketchAccuracy)
    for (const s of family.matching(labels)) if (s.sketch !== null) merged.merge(s.sketch)
    return merged.summary()
  }
}
