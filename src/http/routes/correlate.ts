import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema, plainJsonSerializer, TimeArg } from '../schemas.ts'
import { parseStep } from '../query-args.ts'
import { correlate } from '../../analysis/correlate.ts'
import { eventRate } from '../../analysis/downsample.ts'
import type { SeriesPoints } from '../../analysis/downsample.ts'
import { parseTimeArg } from '../../core/time-arg.ts'

const CoefficientSchema = Type.Object({
  coefficient: Type.Union([Type.Number(), Type.Null()]),
  p_value: Type.Union([Type.Number(), Type.Null()])
})

type Aggregate = 'mean' | 'rate'
const AggregateArg = (which: string): ReturnType<typeof Type.Union> => Type.Union([Type.Literal('mean'), Type.Literal('rate')], {
  default: 'mean',
  description: `how ${which} becomes one value per bucket: mean (of its values), or rate (its points per second, quiet buckets 0: trade or message frequency)`
})

/** Time span of both series' points: a rate's buckets cover it, quiet ones as 0. */
function spanOf (a: SeriesPoints, b: SeriesPoints): [number, number] {
  let from = Infinity
  let to = -Infinity
  for (const p of [a, b]) {
    const n = p.timesMs.length
    if (n === 0) continue
    from = Math.min(from, p.timesMs[0])
    to = Math.max(to, p.timesMs[n - 1])
  }
  return [from, to]
}

/** GET /correlate: two metrics aligned on a common step; Pearson and Spearman with the aligned count. */
export async function correlateRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: { a: string, b: string, step: string, since?: string, until?: string, a_agg: Aggregate, b_agg: Aggregate } }>('/correlate', {
    serializerCompiler: plainJsonSerializer,
    schema: {
      summary: 'Correlate two metrics on bucket means of a common step (Pearson, Spearman)',
      querystring: Type.Object({
        a: Type.String({ maxLength: 200, description: 'metric name' }),
        b: Type.String({ maxLength: 200, description: 'metric name' }),
        step: Type.String({ maxLength: 32, description: 'bucket width: ms or a duration such as 1m' }),
        since: Type.Optional(TimeArg('window start')),
        until: Type.Optional(TimeArg('window end')),
        a_agg: AggregateArg('a'),
        b_agg: AggregateArg('b')
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          a: Type.String(),
          b: Type.String(),
          step_ms: Type.Number(),
          a_agg: Type.Union([Type.Literal('mean'), Type.Literal('rate')]),
          b_agg: Type.Union([Type.Literal('mean'), Type.Literal('rate')]),
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
    let a: SeriesPoints = ctx.logger.query(q.a, sel)
    let b: SeriesPoints = ctx.logger.query(q.b, sel)
    if (q.a_agg === 'rate' || q.b_agg === 'rate') {
      // Buckets from the first point of either series to the last: the reads are already within since/until.
      const range = spanOf(a, b)
      if (q.a_agg === 'rate') a = eventRate(a, stepMs, ...range)
      if (q.b_agg === 'rate') b = eventRate(b, stepMs, ...range)
    }
    const r = correlate(a, b, stepMs)
    return { a: q.a, b: q.b, a_agg: q.a_agg, b_agg: q.b_agg, ...r }
  })
}
