import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { SystemSampleSchema } from '../schemas.ts'

/** One finding of a health check. */
export interface HealthIssue {
  check: string
  severity: 'warning' | 'critical'
  message: string
  value: number | null
  threshold: number | null
}

const IssueSchema = Type.Object({
  check: Type.String(),
  severity: Type.Union([Type.Literal('warning'), Type.Literal('critical')]),
  message: Type.String(),
  value: Type.Union([Type.Number(), Type.Null()]),
  threshold: Type.Union([Type.Number(), Type.Null()])
})

/**
 * GET /health: the original's checks (CPU over 90 %, memory over 95 %, no
 * metrics) with configurable thresholds. Constant work: it reads the latest
 * sample and the series count, never the points.
 */
export async function healthRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get('/health', {
    schema: {
      summary: 'Health status: healthy, warning or critical, with the issues found',
      response: {
        200: Type.Object({
          status: Type.Union([Type.Literal('healthy'), Type.Literal('warning'), Type.Literal('critical')]),
          issues: Type.Array(IssueSchema),
          metrics_count: Type.Integer(),
          performance: Type.Union([SystemSampleSchema, Type.Null()]),
          timestamp: Type.Number()
        })
      }
    }
  }, async () => {
    const { logger, health } = ctx
    const sample = logger.getPerformanceSummary()
    const issues: HealthIssue[] = []
    if (sample?.cpu_percent != null && sample.cpu_percent > health.cpuWarningPercent) {
      issues.push({ check: 'cpu', severity: 'warning', message: `High CPU usage: ${sample.cpu_percent.toFixed(1)}%`, value: sample.cpu_percent, threshold: health.cpuWarningPercent })
    }
    if (sample?.memory_percent != null && sample.memory_percent > health.memoryWarningPercent) {
      issues.push({ check: 'memory', severity: 'warning', message: `High memory usage: ${sample.memory_percent.toFixed(1)}%`, value: sample.memory_percent, threshold: health.memoryWarningPercent })
    }
    const metricsCount = logger.store.metricCount
    if (metricsCount === 0) {
      issues.push({ check: 'metrics_collection', severity: 'warning', message: 'No metrics recorded yet', value: 0, threshold: null })
    }
    const status = issues.some((i) => i.severity === 'critical') ? 'critical' : issues.length > 0 ? 'warning' : 'healthy'
    return { status, issues, metrics_count: metricsCount, performance: sample, timestamp: Date.now() }
  })
}
