import { Type } from 'typebox'
import { SystemSampleSchema } from './schemas.ts'

/** JSON schemas of the health routes (docs/HEALTH.md). */
const nullableNumber = (description: string): ReturnType<typeof Type.Union> => Type.Union([Type.Number(), Type.Null()], { description })
const Level = Type.Union([Type.Literal('warning'), Type.Literal('critical')])
const SeverityOrOk = Type.Union([Type.Literal('ok'), Type.Literal('warning'), Type.Literal('critical')])

export const IssueSchema = Type.Object({
  check: Type.String({ description: 'rule id' }),
  severity: Level,
  message: Type.String(),
  value: nullableNumber('the rule statistic now; null: no data'),
  threshold: nullableNumber('threshold of the severity'),
  since: Type.Number({ description: 'when the firing condition began, epoch ms' }),
  predicted_breach_at: Type.Optional(nullableNumber('when the trend crosses the critical threshold, epoch ms (rules with predict)'))
})

export const HealthReportSchema = Type.Object({
  status: Type.Union([Type.Literal('healthy'), Type.Literal('warning'), Type.Literal('critical')]),
  issues: Type.Array(IssueSchema, { description: 'firing rules, worst first' }),
  pending: Type.Array(Type.Object({
    check: Type.String(),
    severity: Level,
    message: Type.String(),
    value: nullableNumber('the rule statistic now'),
    since: Type.Number({ description: 'epoch ms' })
  }), { description: 'rules whose condition holds, not yet for their `for` duration' }),
  predictions: Type.Array(Type.Object({
    check: Type.String(),
    metric: Type.String(),
    threshold: Type.Number(),
    predicted_breach_at: nullableNumber('epoch ms; null: see reason'),
    reason: Type.Union([Type.String(), Type.Null()], { description: 'why there is no prediction: too few points, too short a history, a slope whose 95 % interval includes 0, or a trend heading away; null with a prediction' })
  })),
  metrics_count: Type.Integer(),
  performance: Type.Union([SystemSampleSchema, Type.Null()]),
  timestamp: Type.Number({ description: 'when the rules were evaluated, epoch ms' })
})

export const AlertEventSchema = Type.Object({
  check: Type.String(),
  alertname: Type.String({ description: 'the Alertmanager alertname' }),
  change: Type.Union([Type.Literal('firing'), Type.Literal('escalated'), Type.Literal('deescalated'), Type.Literal('resolved')]),
  severity: SeverityOrOk,
  previous_severity: SeverityOrOk,
  message: Type.String(),
  summary: Type.String(),
  value: nullableNumber('the rule statistic'),
  threshold: nullableNumber('threshold of the severity'),
  since: nullableNumber('when the firing condition began, epoch ms'),
  timestamp: Type.Number({ description: 'epoch ms' }),
  labels: Type.Record(Type.String(), Type.String())
})

export const AuditEntrySchema = Type.Object({
  timestamp: Type.Number({ description: 'epoch ms' }),
  check: Type.String(),
  action: Type.String(),
  outcome: Type.Union([Type.Literal('ok'), Type.Literal('failed'), Type.Literal('timeout'), Type.Literal('unknown_action')]),
  detail: Type.Union([Type.String(), Type.Null()]),
  duration_ms: Type.Number()
})

export const DeliveryStatsSchema = Type.Object({
  queued: Type.Integer(),
  sent: Type.Integer(),
  failed: Type.Integer(),
  dropped: Type.Integer(),
  retries: Type.Integer(),
  last_error: Type.Union([Type.String(), Type.Null()])
})

export const ProbeSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('fail')]),
  checks: Type.Array(Type.Object({ name: Type.String(), ok: Type.Boolean(), detail: Type.String() })),
  timestamp: Type.Number()
})
