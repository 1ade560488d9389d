import type { Labels } from '../core/label-set.ts'

/** How bad a check is. `ok` is a check that is not firing. */
export const Severity = { ok: 'ok', warning: 'warning', critical: 'critical' } as const
export type Severity = typeof Severity[keyof typeof Severity]

/** Orders severities: ok 0 < warning 1 < critical 2. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.freeze({ ok: 0, warning: 1, critical: 2 })

/** Where a rule reads its metric. */
export const RuleSource = {
  /** A series of the store (any metric name, with an optional label filter). */
  series: 'series',
  /** A field of the system sampler's samples (`cpu_percent`, ...). */
  system: 'system',
  /** A named value provider: a function the embedding code registers (`drawdown_pct`). */
  value: 'value'
} as const
export type RuleSource = typeof RuleSource[keyof typeof RuleSource]

/** What a rule computes over its window. docs/HEALTH.md defines each. */
export const Statistic = {
  latest: 'latest',
  mean: 'mean',
  min: 'min',
  max: 'max',
  sum: 'sum',
  count: 'count',
  /** Points per second in the window. */
  rate: 'rate',
  p50: 'p50',
  p90: 'p90',
  p95: 'p95',
  p99: 'p99',
  /** Seconds since the newest point (stale data), window ignored. */
  age: 'age',
  /** Seconds until the window's linear trend reaches the rule's `target`. */
  time_to_breach: 'time_to_breach'
} as const
export type Statistic = typeof Statistic[keyof typeof Statistic]

/** Whether a value beyond the threshold is above it or below it. */
export const Direction = { above: 'above', below: 'below' } as const
export type Direction = typeof Direction[keyof typeof Direction]

/**
 * A validated health rule. Config files write the same fields in snake_case
 * with durations as text (`window: 5m`); see docs/HEALTH.md.
 */
export interface HealthRule {
  /** Unique, `[a-z][a-z0-9_]*`; names the rule in config, the report and the webhook. */
  id: string
  /**
   * The Alertmanager `alertname` (default: the id). A rule that watches the
   * same condition as an alert of `monitoring/rules/` takes that alert's
   * name, so that Alertmanager groups, inhibits and silences the two as one.
   */
  alertname: string
  /** One line saying what is wrong when it fires (the `summary` annotation). */
  description: string
  source: RuleSource
  /** Series name, system sample field, or value provider name. */
  metric: string
  /** Series label filter: a series matches when it has every pair (source `series` only). */
  match: Labels
  /**
   * A value provider read when the series or system field has no value in
   * the window (`daily_loss`: the ledger's `daily_pnl` unless the bot logs
   * `risk_daily_pnl`); null for none.
   */
  fallback: string | null
  statistic: Statistic
  /** Window the statistic (and the trend) covers, ms. */
  windowMs: number
  /** Warning threshold, or null for no warning level. */
  warning: number | null
  /** Critical threshold, or null for no critical level. */
  critical: number | null
  /**
   * `above`: fires when value > threshold; `below`: when value < threshold.
   * For `time_to_breach`: the way the metric crosses `target`; the rule
   * fires when the seconds left are below the thresholds.
   */
  direction: Direction
  /** How long a condition must hold before the level fires, ms. */
  forMs: number
  /** How long a firing level stays firing after its condition clears, ms (flap suppression). */
  keepFiringForMs: number
  /** Report `predicted_breach_at`: when the window's trend crosses the critical (else warning) threshold. */
  predict: boolean
  /** Fewest points in the window before the trend predicts (predict, time_to_breach). */
  predictMinPoints: number
  /** Shortest span of the window's points before the trend predicts, ms. */
  predictMinHistoryMs: number
  /** Level the trend is projected to, for `time_to_breach` only. */
  target: number | null
  /** Severity when the statistic has no value (no points in the window, provider absent). */
  noData: Severity
  /** Remediation actions to run once per firing, by name. */
  actions: readonly string[]
  /** Severity at which the actions run. */
  actionsOn: 'warning' | 'critical'
  /** A critical firing of this rule fails readiness. */
  readiness: boolean
  enabled: boolean
  /** Extra labels sent with the alert (Alertmanager, webhook). */
  labels: Labels
}
