import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { HealthReportSchema } from '../health-schemas.ts'

/**
 * Reports younger than this are served as they are: a dashboard or load
 * balancer polling /health costs a timestamp check, not an evaluation.
 */
const MAX_REPORT_AGE_MS = 1000

/**
 * GET /health: the health rules' report (docs/HEALTH.md): status healthy,
 * warning or critical (the worst firing rule), the issues with value,
 * threshold and since when, pending rules, predictions, metrics_count and
 * the latest system sample. Evaluates the rules (reading only their
 * windows) unless the last report is under a second old.
 */
export async function healthRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get('/health', {
    schema: {
      summary: 'Health status: healthy, warning or critical, with the firing rules',
      response: { 200: HealthReportSchema }
    }
  }, async () => ctx.health.evaluate({ maxAgeMs: MAX_REPORT_AGE_MS }))
}
