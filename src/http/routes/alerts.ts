import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { AlertEventSchema, AuditEntrySchema, DeliveryStatsSchema, IssueSchema } from '../health-schemas.ts'

/**
 * GET /alerts: the firing rules, the recent alert changes and remediation
 * runs (newest first), and the notifiers' delivery counters.
 */
export async function alertsRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: { limit: number } }>('/alerts', {
    schema: {
      summary: 'Active alerts, recent alert changes and remediation runs',
      querystring: Type.Object({
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'newest history and audit entries, 1..1000' })
      }),
      response: {
        200: Type.Object({
          active: Type.Array(IssueSchema),
          history: Type.Array(AlertEventSchema, { description: 'alert changes, newest first' }),
          remediations: Type.Array(AuditEntrySchema, { description: 'remediation runs, newest first' }),
          notifications: Type.Object({
            webhook: Type.Optional(DeliveryStatsSchema),
            alertmanager: Type.Optional(DeliveryStatsSchema),
            trades: Type.Optional(DeliveryStatsSchema)
          }),
          timestamp: Type.Number()
        })
      }
    }
  }, async (request) => {
    const { limit } = request.query
    const { active, history } = ctx.health.alerts(limit)
    return {
      active,
      history,
      remediations: ctx.health.auditLog(limit),
      notifications: ctx.notifiers?.stats() ?? {},
      timestamp: ctx.logger.now()
    }
  })
}
