import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema, plainJsonSerializer } from '../schemas.ts'
import { CompareSchema } from '../analysis-schemas.ts'
import { labelsFrom, parseStep, parseWindow } from '../query-args.ts'
import { compareWindows } from '../../analysis/compare.ts'
import type { Direction } from '../../analysis/compare.ts'
import { InvalidArgumentError, UnknownAnnotationError } from '../../core/errors.ts'

interface CompareQuery {
  metric: string
  a?: string
  b?: string
  around?: number
  span: string
  alpha: number
  direction: Direction
  [label: string]: string | number | undefined
}

const RESERVED = new Set(['metric', 'a', 'b', 'around', 'span', 'alpha', 'direction'])

/**
 * GET /compare: window b against window a of one metric (`a`/`b` as
 * `<start>..<end>`, or `around` an annotation with `span` each side):
 * both windows' statistics, the change in mean and p99 with intervals, a
 * Mann-Whitney U test and a verdict (docs/ANALYSIS.md).
 */
export async function compareRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: CompareQuery }>('/compare', {
    serializerCompiler: plainJsonSerializer,
    schema: {
      summary: 'Compare a metric across two windows: statistics, change in mean and p99, Mann-Whitney U, verdict',
      querystring: Type.Object({
        metric: Type.String({ maxLength: 200 }),
        a: Type.Optional(Type.String({ maxLength: 140, description: 'window a (before): <start>..<end>, e.g. 2h..1h' })),
        b: Type.Optional(Type.String({ maxLength: 140, description: 'window b (after): <start>..<end>, e.g. 1h..' })),
        around: Type.Optional(Type.Integer({ minimum: 1, description: 'annotation id: a = [time − span, time), b = [time, time + span]' })),
        span: Type.String({ maxLength: 32, default: '1h', description: 'window length each side of `around`' }),
        alpha: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.05 }),
        direction: Type.Union([Type.Literal('higher_is_worse'), Type.Literal('lower_is_worse')], { default: 'higher_is_worse' })
      }, { additionalProperties: Type.String({ maxLength: 256 }) }),
      response: { 200: CompareSchema, 400: ErrorSchema, 404: ErrorSchema }
    }
  }, async (request) => {
    const q = request.query
    const now = ctx.logger.now()
    const labels = labelsFrom(q, RESERVED)
    let a: [number, number]
    let b: [number, number]
    if (q.around !== undefined) {
      if (q.a !== undefined || q.b !== undefined) throw new InvalidArgumentError('around', 'give either around or a and b, not both')
      const annotation = ctx.logger.annotations.get(q.around)
      if (annotation === undefined) throw new UnknownAnnotationError(q.around)
      const span = parseStep('span', q.span)
      // Times are whole ms: a ends 1 ms before the annotation, b starts at it.
      a = [annotation.time - span, annotation.time - 1]
      b = [annotation.time, annotation.time + span]
    } else {
      if (q.a === undefined || q.b === undefined) throw new InvalidArgumentError('a', 'give two windows a and b (<start>..<end>), or around=<annotation id>')
      a = parseWindow('a', q.a, now)
      b = parseWindow('b', q.b, now)
    }
    const pa = ctx.logger.query(q.metric, { sinceMs: a[0], untilMs: a[1], labels })
    const pb = ctx.logger.query(q.metric, { sinceMs: b[0], untilMs: b[1], labels })
    return {
      metric: q.metric,
      labels,
      window_a: { since: a[0], until: a[1] },
      window_b: { since: b[0], until: b[1] },
      ...compareWindows(pa, pb, { alpha: q.alpha, direction: q.direction })
    }
  })
}
