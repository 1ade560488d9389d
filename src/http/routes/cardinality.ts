import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema } from '../schemas.ts'
import { cardinality } from '../../core/cardinality.ts'

/** GET /cardinality: series count by metric, the labels with the most values, folds, distinct counts. */
export async function cardinalityRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: { top: number } }>('/cardinality', {
    schema: {
      summary: 'Series count by metric, labels with the most distinct values, overflow folds',
      querystring: Type.Object({
        top: Type.Integer({ minimum: 1, maximum: 1000, default: 20, description: 'metrics and labels listed' })
      }, { additionalProperties: false }),
      response: { 400: ErrorSchema }
    }
  }, async (request) => cardinality(ctx.logger.store, { top: request.query.top }))
}
