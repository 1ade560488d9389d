import type { Labels } from '../core/label-set.ts'
import { formatDuration } from '../core/duration.ts'
import type { HealthRule, Severity } from './rule.ts'
import { breachesBelow } from './rule-value.ts'

/** Six significant digits: enough to read, without float noise. */
export function roundValue (value: number): number {
  return Number(value.toPrecision(6))
}

function selector (metric: string, match: Labels): string {
  const pairs = Object.entries(match).map(([k, v]) => `${k}=${JSON.stringify(v)}`)
  return pairs.length === 0 ? metric : `${metric}{${pairs.join(',')}}`
}

/** What the rule measured, e.g. `engine_cycle_time p99 over 5m`. */
export function measured (rule: HealthRule): string {
  const what = selector(rule.metric, rule.match)
  if (rule.statistic === 'age') return `${what} last point age (s)`
  if (rule.statistic === 'time_to_breach') return `${what} time until ${rule.target ?? '?'} (s)`
  if (rule.source === 'value') return what
  return `${what} ${rule.statistic} over ${formatDuration(rule.windowMs)}`
}

/** The threshold of `severity` (ok: none). */
export function thresholdOf (rule: HealthRule, severity: Severity): number | null {
  return severity === 'critical' ? rule.critical : severity === 'warning' ? rule.warning : null
}

/**
 * One line for a firing or pending rule, e.g.
 * `Engine cycles slow: engine_cycle_time p99 over 5m = 1.42, above the warning threshold 1`.
 */
export function messageOf (rule: HealthRule, value: number | null, severity: Severity): string {
  if (value === null) {
    const where = rule.statistic === 'age' ? 'no point recorded' : `no data in the last ${formatDuration(rule.windowMs)}`
    return `${rule.description}: ${selector(rule.metric, rule.match)}: ${where}`
  }
  const threshold = thresholdOf(rule, severity)
  const side = breachesBelow(rule) ? 'below' : 'above'
  const tail = threshold === null ? '' : `, ${side} the ${severity} threshold ${threshold}`
  return `${rule.description}: ${measured(rule)} = ${roundValue(value)}${tail}`
}
