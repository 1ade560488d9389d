import { InvalidArgumentError } from '../core/errors.ts'
import { validateAlpha } from './compare.ts'
import { align } from './correlate.ts'
import { validateStep } from './downsample.ts'
import type { SeriesPoints } from './downsample.ts'
import { predictSimple, simpleRegression, slopeInterval } from './regression.ts'

/** A resource to cost: its points and, optionally, the level it must stay under. */
export interface CapacityInput {
  points: SeriesPoints
  threshold?: number
}

export interface CapacityOptions {
  /** Bucket width the resource and the pair count are aligned on, ms. */
  stepMs: number
  /** 1 − confidence of the intervals; default 0.05. */
  alpha?: number
  /** Grid origin, epoch ms; default 0. */
  originMs?: number
}

/** What one more trading pair costs in one resource. */
export interface ResourceCost {
  /** Buckets where both the pair count and the resource have points. */
  aligned_count: number
  /** Regression slope: resource units per additional pair. */
  marginal_cost_per_pair: number
  stderr: number
  ci_low: number
  ci_high: number
  confidence: number
  /** Fitted resource level at zero pairs. */
  intercept: number
  r_squared: number
  /** Mean pair count in the newest aligned bucket, and the resource's fitted level there with its prediction interval. */
  current_pairs: number
  current_fitted: { value: number, lower: number, upper: number }
  threshold: number | null
  /**
   * Pair count at which the fitted line reaches the threshold: (threshold − intercept) / slope.
   * Null without a threshold, or when the interval of the slope includes 0
   * (the data show no cost per pair to extrapolate).
   */
  pairs_at_threshold: number | null
  /** Why pairs_at_threshold is null, when it is. */
  note: string | null
}

export interface CapacityInsufficient {
  aligned_count: number
  insufficient_data: true
  message: string
}

export interface CapacityResult {
  step_ms: number
  resources: Record<string, ResourceCost | CapacityInsufficient>
}

/**
 * Regresses each resource (CPU, memory, cycle time, ...) on the number of
 * pairs scanned, both as bucket means on a common step, and reports the
 * marginal cost of one more pair and the pair count at each threshold.
 *
 * @example
 * capacity(store.read('scanner_symbols_scanned'), {
 *   cpu_percent: { points: store.read('cpu_percent'), threshold: 80 },
 *   engine_cycle_time: { points: store.read('engine_cycle_time'), threshold: 1 }
 * }, { stepMs: 60_000 })
 */
export function capacity (pairs: SeriesPoints, resources: Record<string, CapacityInput>, options: CapacityOptions): CapacityResult {
  validateStep(options.stepMs)
  const alpha = validateAlpha(options.alpha)
  const out: Record<string, ResourceCost | CapacityInsufficient> = {}
  for (const [name, input] of Object.entries(resources)) {
    if (input.threshold !== undefined && !Number.isFinite(input.threshold)) {
      throw new InvalidArgumentError(`${name}.threshold`, `must be a finite number, got ${String(input.threshold)}`)
    }
    out[name] = costOf(pairs, input, options.stepMs, options.originMs ?? 0, alpha)
  }
  return { step_ms: options.stepMs, resources: out }
}

function costOf (pairs: SeriesPoints, input: CapacityInput, stepMs: number, originMs: number, alpha: number): ResourceCost | CapacityInsufficient {
  const { x, y } = align(pairs, input.points, stepMs, originMs)
  const fit = simpleRegression(x, y)
  if (fit === null) {
    return {
      aligned_count: x.length,
      insufficient_data: true,
      message: 'needs at least 3 aligned buckets with at least 2 different pair counts'
    }
  }
  const [lo, hi] = slopeInterval(fit, alpha)
  const currentPairs = x[x.length - 1]
  const threshold = input.threshold ?? null
  let pairsAt: number | null = null
  let note: string | null = null
  if (threshold !== null) {
    if (lo <= 0 && hi >= 0) note = 'the slope is not significantly different from 0: no cost per pair to extrapolate'
    else pairsAt = (threshold - fit.intercept) / fit.slope
  }
  return {
    aligned_count: x.length,
    marginal_cost_per_pair: fit.slope,
    stderr: fit.slope_stderr,
    ci_low: lo,
    ci_high: hi,
    confidence: 1 - alpha,
    intercept: fit.intercept,
    r_squared: fit.r_squared,
    current_pairs: currentPairs,
    current_fitted: predictSimple(fit, currentPairs, alpha),
    threshold,
    pairs_at_threshold: pairsAt,
    note
  }
}
