import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema, plainJsonSerializer, TimeArg } from '../schemas.ts'
import { parseStep } from '../query-args.ts'
import { correlate } from '../../analysis/correlate.ts'
import { parseTimeArg } from '../../core/time-arg.ts'

const CoefficientSchema = Type.Object({
  coefficient: Type.Union([Type.Number(), Type.Null()]),
  p_value: Type.Union([Type.Number(), Type.Null()])
})

/** GET /correlate: two metrics aligned on a common step; Pearson and Spearman with the aligned count. */
export async function correlateRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: { a: string, b: string, step: string, since?: string, until?: string } }>('/correlate', {
    serializerCompiler: plainJsonSerializer,
    schema: {
      summary: 'Correlate two metrics on bucket means of a common step (Pearson, Spearman)',
      querystring: Type.Object({
        a: Type.String({ maxLength: 200, description: 'metric name' }),
        b: Type.String({ maxLength: 200, description: 'metric name' }),
        step: Type.String({ maxLength: 32, description: 'bucket width: ms or a duration such as 1m' }),
        since: Type.Optional(TimeArg('window start')),
        until: Type.Optional(TimeArg('window end'))
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          a: Type.String(),
          b: Type.String(),
          step_ms: Type.Number(),
          aligned_count: Type.Integer({ description: 'buckets where both metrics have points' }),
          pearson: CoefficientSchema,
          spearman: CoefficientSchema
        }),
        400: ErrorSchema,
        404: ErrorSchema
      }
    }
  }, async (request) => {
    const q = request.query
    const now = ctx.logger.now()
    const stepMs = parseStep('step', q.step)
    const sel = {
      sinceMs: q.since === undefined ? undefined : parseTimeArg('since', q.since, now),
      untilMs: q.until === undefined ? undefined : parseTimeArg('until', q.until, now)
    }
    const r = correlate(ctx.logger.query(q.a, sel), ctx.logger.query(q.b, sel), stepMs)
    return { a: q.a, b: q.b, ...r }
  })
}
