import type { PointRing } from '../core/ring-buffer.ts'
import { percentilesInPlace } from '../core/statistics.ts'
import type { HealthRule } from './rule.ts'
import { fitLine, predictBreach } from './trend.ts'
import type { GuardedPrediction } from './trend.ts'

const PERCENTILE: Readonly<Record<string, number>> = Object.freeze({ p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 })

/** Logical [from, to) of the points of `ring` inside [sinceMs, untilMs]. */
function range (ring: PointRing, sinceMs: number, untilMs: number): [number, number] {
  return [ring.lowerBound(sinceMs), ring.upperBound(untilMs)]
}

/** Points of the rings in the window, copied (only for percentiles and trends). */
function collect (rings: readonly PointRing[], sinceMs: number, untilMs: number): { times: number[], values: number[] } {
  let n = 0
  for (const r of rings) { const [a, b] = range(r, sinceMs, untilMs); n += Math.max(0, b - a) }
  const times = new Array<number>(n)
  const values = new Array<number>(n)
  let offset = 0
  for (const r of rings) {
    const [a, b] = range(r, sinceMs, untilMs)
    if (b > a) { r.copyRange(a, b, times, values, offset); offset += b - a }
  }
  return { times, values }
}

/**
 * When the window's trend crosses `threshold` in the rule's direction, with
 * the rule's minimum history and a significant slope (trend.ts
 * `predictBreach`), or null and why not.
 */
export function rulePrediction (rings: readonly PointRing[], rule: HealthRule, threshold: number, nowMs: number): GuardedPrediction {
  const guard = { minPoints: rule.predictMinPoints, minHistoryMs: rule.predictMinHistoryMs }
  const { times, values } = collect(rings, nowMs - rule.windowMs, nowMs)
  return predictBreach(fitLine(times, values), threshold, rule.direction, nowMs, guard, times.length)
}

/**
 * The rule's statistic over the points of `rings` (every series that
 * matches, or one system field) in [now - window, now], or null when there
 * is nothing to compute it from. Windows are found by binary search; only
 * percentiles and trends copy the window's points.
 */
export function statisticOf (rings: readonly PointRing[], rule: HealthRule, nowMs: number): number | null {
  const sinceMs = nowMs - rule.windowMs
  switch (rule.statistic) {
    case 'age': {
      let newest = -Infinity
      for (const r of rings) if (r.size > 0 && r.lastTime > newest) newest = r.lastTime
      return newest === -Infinity ? null : Math.max(0, nowMs - newest) / 1000
    }
    case 'latest': {
      let newestTime = -Infinity
      let value: number | null = null
      for (const r of rings) {
        const [a, b] = range(r, sinceMs, nowMs)
        if (b > a && r.timeAt(b - 1) >= newestTime) { newestTime = r.timeAt(b - 1); value = r.valueAt(b - 1) }
      }
      return value
    }
    case 'count':
    case 'rate': {
      // Never recorded is no data; recorded but quiet in the window is 0.
      if (rings.length === 0) return null
      let n = 0
      for (const r of rings) { const [a, b] = range(r, sinceMs, nowMs); n += Math.max(0, b - a) }
      return rule.statistic === 'count' ? n : n / (rule.windowMs / 1000)
    }
    case 'mean':
    case 'sum':
    case 'min':
    case 'max': {
      let n = 0
      let sum = 0
      let min = Infinity
      let max = -Infinity
      for (const r of rings) {
        const [a, b] = range(r, sinceMs, nowMs)
        for (let i = a; i < b; i++) {
          const v = r.valueAt(i)
          sum += v
          if (v < min) min = v
          if (v > max) max = v
        }
        n += Math.max(0, b - a)
      }
      if (rule.statistic === 'sum') return sum
      if (n === 0) return null
      return rule.statistic === 'mean' ? sum / n : rule.statistic === 'min' ? min : max
    }
    case 'time_to_breach': {
      if (rule.target === null) return null
      const at = rulePrediction(rings, rule, rule.target, nowMs).atMs
      return at === null ? null : (at - nowMs) / 1000
    }
    default: {
      const { values } = collect(rings, sinceMs, nowMs)
      if (values.length === 0) return null
      return percentilesInPlace(values, [PERCENTILE[rule.statistic]])[0]
    }
  }
}

/**
 * True when values below a threshold are the bad ones. For `time_to_breach`
 * the rule's direction says which way the metric crosses `target`, and less
 * time left is always worse.
 */
export function breachesBelow (rule: HealthRule): boolean {
  return rule.statistic === 'time_to_breach' || rule.direction === 'below'
}

/** The severity whose threshold `value` is beyond (critical before warning), or ok. */
export function severityOf (rule: HealthRule, value: number): 'ok' | 'warning' | 'critical' {
  const below = breachesBelow(rule)
  const beyond = (threshold: number | null): boolean => threshold !== null && (below ? value < threshold : value > threshold)
  if (beyond(rule.critical)) return 'critical'
  if (beyond(rule.warning)) return 'warning'
  return 'ok'
}
