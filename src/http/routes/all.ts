import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { LabelsSchema, LastN, PointSchema } from '../schemas.ts'

/** GET /all: every series with its labels and newest points. */
export async function allRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: { last_n: number } }>('/all', {
    schema: {
      summary: 'Every series with its labels and newest points, by metric name',
      querystring: Type.Object({ last_n: LastN }),
      response: {
        200: Type.Object({
          metrics: Type.Record(Type.String(), Type.Array(Type.Object({ labels: LabelsSchema, points: Type.Array(PointSchema) }))),
          metrics_count: Type.Integer(),
          series_count: Type.Integer(),
          timestamp: Type.Number()
        })
      }
    }
  }, async (request) => {
    const { logger } = ctx
    return {
      metrics: logger.getAllMetrics(request.query.last_n),
      metrics_count: logger.store.metricCount,
      series_count: logger.store.size,
      timestamp: ctx.logger.now()
    }
  })
}
