import { isSystemSeriesName } from '../collect/system-series.ts'
import { InvalidArgumentError, UnknownMetricError } from '../core/errors.ts'
import { KNOWN_METRIC_NAMES } from '../core/metric-catalog.ts'
import { readMerged } from '../core/point-set.ts'
import type { PointSet, Selection } from '../core/point-set.ts'
import { NO_DATA, summarize } from '../core/statistics.ts'
import type { StatisticsResult } from '../core/statistics.ts'
import type { SeriesStore } from '../core/store.ts'
import type { PointJson, SeriesJson } from './recorder-options.ts'

/** True when `name` has been recorded or is one of the product's own names. */
export function isKnown (store: SeriesStore, name: string): boolean {
  return store.has(name) || KNOWN_METRIC_NAMES.includes(name) || isSystemSeriesName(name)
}

/** Points of `name` in the selection, merged over its series; UnknownMetricError for a name never recorded nor catalogued. */
export function queryPoints (store: SeriesStore, name: string, selection: Selection): PointSet {
  const family = store.family(name)
  if (family === undefined) {
    if (KNOWN_METRIC_NAMES.includes(name) || isSystemSeriesName(name)) return readMerged([], selection)
    throw new UnknownMetricError(name)
  }
  return readMerged(family.matching(selection.labels), selection)
}

/** Statistics over the last `lastN` points of `name` in the selection; `no_data` when there are none. */
export function summaryOf (store: SeriesStore, name: string, lastN: number, selection: Selection): StatisticsResult {
  if (!Number.isInteger(lastN) || lastN < 1) throw new InvalidArgumentError('lastN', `must be a positive integer, got ${String(lastN)}`)
  // A sampled metric's summary is weighted and says it is sampled.
  if (store.family(name)?.sampling != null) return store.statistics(name, { ...selection, lastN })
  const points = queryPoints(store, name, { ...selection, lastN })
  return points.values.length === 0 ? NO_DATA : summarize(points.timesMs, points.values)
}

/** Every series with its labels and last `lastN` points, by metric name. */
export function allSeries (store: SeriesStore, lastN: number): Record<string, SeriesJson[]> {
  const out: Record<string, SeriesJson[]> = {}
  for (const family of store.allFamilies()) {
    out[family.name] = family.series.map((s) => {
      const points = readMerged([s], { lastN })
      const list: PointJson[] = new Array(points.values.length)
      for (let i = 0; i < list.length; i++) list[i] = { timestamp: points.timesMs[i], value: points.values[i] }
      return { labels: s.labels, points: list }
    })
  }
  return out
}
