import { InvalidArgumentError } from '../core/errors.ts'
import { percentileSorted } from '../core/statistics.ts'
import { compareWindows } from './compare.ts'
import type { CompareOptions, CompareResult } from './compare.ts'
import { align } from './correlate.ts'
import type { SeriesPoints } from './downsample.ts'

/** Which buckets are "in the condition": those where the condition metric is above, or below, the threshold. */
export const ConditionSide = { above: 'above', below: 'below' } as const
export type ConditionSide = typeof ConditionSide[keyof typeof ConditionSide]

/** A threshold as given: a level, or a percentile (0..1) of the condition's bucket means. */
export type ConditionThreshold = { value: number } | { percentile: number }

const PERCENTILE_ARG = /^p(\d{1,2}(?:\.\d+)?|100)$/

/**
 * Reads a threshold argument: a number (`0.8`, `-2`, `1e3`) or `pNN`
 * (`p90`, `p99.5`, `p0`..`p100`: that percentile of the condition's bucket
 * means). Throws InvalidArgumentError naming `argument` otherwise.
 */
export function parseConditionThreshold (argument: string, text: string): ConditionThreshold {
  const m = PERCENTILE_ARG.exec(text)
  if (m !== null) {
    const p = Number(m[1])
    if (p <= 100) return { percentile: p / 100 }
  }
  const value = text.trim() === '' ? NaN : Number(text)
  if (!Number.isFinite(value)) throw new InvalidArgumentError(argument, `must be a number or a percentile pNN (p0..p100), got ${JSON.stringify(text)}`)
  return { value }
}

export interface ConditionOptions extends CompareOptions {
  /** Bucket width, ms. */
  stepMs: number
  /** Bucket grid origin, epoch ms. Default 0 (buckets on whole steps of the epoch). */
  originMs?: number
  side: ConditionSide
  threshold: ConditionThreshold
}

/** How the buckets were split. */
export interface ConditionSplit {
  side: ConditionSide
  /** The level the condition's bucket means are compared with; null when a percentile had no bucket to be taken from. */
  threshold: number | null
  /** The percentile (0..1) the threshold was taken at, or null for a level given as a number. */
  percentile: number | null
  step_ms: number
  /** Buckets where both metrics have points. */
  aligned_count: number
  /** Aligned buckets in the condition (window b). */
  buckets_in: number
  /** The other aligned buckets (window a). */
  buckets_out: number
}

/** compareWindows' answer for the buckets out of the condition (a) and in it (b), with the split. */
export interface ConditionCompareResult extends CompareResult {
  condition: ConditionSplit
}

/**
 * Compares `metric` where `condition` is high (or low) against where it is
 * not. Both are aligned as bucket means on `stepMs` (correlate.ts `align`:
 * only buckets where both have points); a bucket is in the condition when
 * the condition's mean is strictly above (below) the threshold, a level or
 * a percentile (type 7) of the aligned condition means. The metric's
 * bucket means in the condition are window b, the others window a, and
 * compareWindows gives the same statistics, intervals, Mann-Whitney test
 * and verdict as a comparison of two time windows. One value per bucket:
 * neighbouring points of one bucket are not independent draws, bucket
 * means are closer to it, and the test counts buckets, not points.
 *
 * @example
 * // Memory when market volatility is in its top decile, against the rest.
 * compareByCondition(memory, volatility, { stepMs: 60_000, side: 'above', threshold: { percentile: 0.9 } })
 */
export function compareByCondition (metric: SeriesPoints, condition: SeriesPoints, options: ConditionOptions): ConditionCompareResult {
  const { stepMs, side, threshold } = options
  if (side !== ConditionSide.above && side !== ConditionSide.below) {
    throw new InvalidArgumentError('side', `must be above or below, got ${String(side)}`)
  }
  const aligned = align(condition, metric, stepMs, options.originMs ?? 0)
  const n = aligned.x.length
  let level: number
  let percentile: number | null = null
  if ('percentile' in threshold) {
    percentile = threshold.percentile
    if (!(percentile >= 0 && percentile <= 1)) throw new InvalidArgumentError('threshold', `percentile must be within 0..1, got ${percentile}`)
    level = n === 0 ? NaN : percentileSorted(Float64Array.from(aligned.x).sort(), percentile)
  } else {
    level = threshold.value
    if (!Number.isFinite(level)) throw new InvalidArgumentError('threshold', `must be a finite number, got ${String(level)}`)
  }
  const inTimes: number[] = []
  const inValues: number[] = []
  const outTimes: number[] = []
  const outValues: number[] = []
  for (let i = 0; i < n; i++) {
    const c = aligned.x[i]
    const inside = side === ConditionSide.above ? c > level : c < level
    if (inside) { inTimes.push(aligned.startMs[i]); inValues.push(aligned.y[i]) } else { outTimes.push(aligned.startMs[i]); outValues.push(aligned.y[i]) }
  }
  const result = compareWindows({ timesMs: outTimes, values: outValues }, { timesMs: inTimes, values: inValues }, options)
  const shown = Number.isFinite(level) ? level : null
  const where = `${side} ${shown === null ? 'its threshold' : shown.toPrecision(4)}${percentile === null ? '' : ` (p${percentile * 100})`}`
  return {
    ...result,
    explanation: `b: the ${inValues.length} buckets where the condition is ${where}; a: the other ${outValues.length}. ${result.explanation}`,
    condition: {
      side,
      threshold: shown,
      percentile,
      step_ms: stepMs,
      aligned_count: n,
      buckets_in: inValues.length,
      buckets_out: outValues.length
    }
  }
}
