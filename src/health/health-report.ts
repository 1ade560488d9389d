import type { SystemSample } from '../collect/system-sample.ts'
import type { HealthIssue } from './alert.ts'
import { SEVERITY_RANK } from './rule.ts'
import type { HealthRule, Severity } from './rule.ts'
import { messageOf, roundValue, thresholdOf } from './rule-message.ts'
import type { RuleState } from './rule-state.ts'

/** A rule with its state and the figures of its last evaluation. */
export interface RuleEntry {
  rule: HealthRule
  state: RuleState
  /** The statistic at the last evaluation, or null (no data). */
  value: number | null
  /** For predicting rules, the last prediction (null: none); undefined for the others. */
  predictedBreachAt: number | null | undefined
  /** Why the last prediction is null (too little history, no significant trend, heading away). */
  predictionReason: string | null
}

/** A rule whose condition holds but that has not held for its `for` yet. */
export interface PendingCheck {
  check: string
  severity: Severity
  message: string
  value: number | null
  since: number
}

/** Where a rule's trend crosses its critical (else warning) threshold. */
export interface BreachPrediction {
  check: string
  metric: string
  threshold: number
  /** Epoch ms, or null: see `reason`. */
  predicted_breach_at: number | null
  /** Why there is no prediction: too few points, too short a history, a slope not different from 0, or a trend heading away; null with a prediction. */
  reason: string | null
}

/**
 * The health report: the worst firing rule decides the status.
 * `GET /api/metrics/health` serves it.
 */
export interface HealthReport {
  status: 'healthy' | 'warning' | 'critical'
  issues: HealthIssue[]
  pending: PendingCheck[]
  predictions: BreachPrediction[]
  metrics_count: number
  performance: SystemSample | null
  /** When the rules were evaluated, epoch ms. */
  timestamp: number
}

/**
 * The report of one evaluation: firing rules (worst first), pending ones,
 * predictions; the worst firing severity is the status.
 */
export function buildReport (entries: readonly RuleEntry[], nowMs: number, metricsCount: number, performance: SystemSample | null): HealthReport {
  const issues: HealthIssue[] = []
  const pending: PendingCheck[] = []
  const predictions: BreachPrediction[] = []
  let worst = 0
  for (const { rule, state, value, predictedBreachAt, predictionReason } of entries) {
    if (predictedBreachAt !== undefined) {
      predictions.push({ check: rule.id, metric: rule.metric, threshold: (rule.critical ?? rule.warning)!, predicted_breach_at: predictedBreachAt, reason: predictionReason })
    }
    if (state.severity !== 'ok') {
      worst = Math.max(worst, SEVERITY_RANK[state.severity])
      const issue: HealthIssue = {
        check: rule.id,
        severity: state.severity,
        message: messageOf(rule, value, state.severity),
        value: value === null ? null : roundValue(value),
        threshold: thresholdOf(rule, state.severity),
        since: state.sinceMs ?? nowMs
      }
      if (predictedBreachAt !== undefined) issue.predicted_breach_at = predictedBreachAt
      issues.push(issue)
    }
    const p = state.pending()
    if (p !== null) pending.push({ check: rule.id, severity: p.severity, message: messageOf(rule, value, p.severity), value: value === null ? null : roundValue(value), since: p.sinceMs })
  }
  issues.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])
  return {
    status: worst === 2 ? 'critical' : worst === 1 ? 'warning' : 'healthy',
    issues,
    pending,
    predictions,
    metrics_count: metricsCount,
    performance,
    timestamp: nowMs
  }
}
