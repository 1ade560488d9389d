import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema } from '../schemas.ts'
import { cardinality } from '../../core/cardinality.ts'

const LabelCardinalitySchema = Type.Object({
  label: Type.String(),
  distinct_values: Type.Integer({ description: 'values of the label over the metric\'s series, the overflow series left out' })
})

/** The store's report (core/cardinality.ts): counts only, every one finite. */
export const CardinalitySchema = Type.Object({
  series_total: Type.Integer({ description: 'series in the store, overflow series included' }),
  metrics_total: Type.Integer({ description: 'metric names' }),
  folded_points_total: Type.Integer({ description: 'points that went to an overflow series because a limit was reached' }),
  limits: Type.Object({
    max_series: Type.Integer(),
    max_label_sets_per_metric: Type.Integer()
  }),
  metrics: Type.Array(Type.Object({
    name: Type.String(),
    series: Type.Integer({ description: 'series of the metric, the overflow series included' }),
    folded_points: Type.Integer(),
    overflow: Type.Boolean({ description: 'whether label sets have started folding into the overflow series' }),
    labels: Type.Array(LabelCardinalitySchema, { description: 'by distinct values, most first' }),
    sampling: Type.Union([Type.String(), Type.Null()], { description: 'sampling mode (every_nth, reservoir, adaptive, weighted), or null for every point kept with weight 1' })
  }), { description: 'the `top` metrics by series count, most first' }),
  top_labels: Type.Array(Type.Object({
    metric: Type.String(),
    label: Type.String(),
    distinct_values: Type.Integer()
  }), { description: 'the `top` (metric, label) pairs by distinct values, over every metric' }),
  distinct_counters: Type.Array(Type.Object({
    name: Type.String(),
    estimate: Type.Number({ description: 'estimated distinct values added (HyperLogLog)' }),
    relative_error: Type.Number({ description: 'relative standard error of the estimate' })
  }), { description: 'approximate distinct counts kept instead of labels' })
})

/** GET /cardinality: series count by metric, the labels with the most values, folds, distinct counts. */
export async function cardinalityRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: { top: number } }>('/cardinality', {
    schema: {
      summary: 'Series count by metric, labels with the most distinct values, overflow folds',
      querystring: Type.Object({
        top: Type.Integer({ minimum: 1, maximum: 1000, default: 20, description: 'metrics and labels listed' })
      }, { additionalProperties: false }),
      response: { 200: CardinalitySchema, 400: ErrorSchema }
    }
  }, async (request) => cardinality(ctx.logger.store, { top: request.query.top }))
}
