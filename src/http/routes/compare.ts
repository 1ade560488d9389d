import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema, plainJsonSerializer, TimeArg } from '../schemas.ts'
import { CompareByConditionSchema, CompareSchema } from '../analysis-schemas.ts'
import { labelsFrom, parseStep, parseWindow } from '../query-args.ts'
import { compareWindows } from '../../analysis/compare.ts'
import type { Direction } from '../../analysis/compare.ts'
import { compareByCondition, parseConditionThreshold } from '../../analysis/compare-by-condition.ts'
import { InvalidArgumentError, UnknownAnnotationError } from '../../core/errors.ts'
import { parseTimeArg } from '../../core/time-arg.ts'
import type { Labels } from '../../core/label-set.ts'
import type { MetricsLogger } from '../../logger/metrics-logger.ts'

interface CompareQuery {
  metric: string
  a?: string
  b?: string
  around?: number
  span: string
  alpha: number
  direction: Direction
  by?: string
  above?: string
  below?: string
  step: string
  since?: string
  until?: string
  [label: string]: string | number | undefined
}

const RESERVED = new Set(['metric', 'a', 'b', 'around', 'span', 'alpha', 'direction', 'by', 'above', 'below', 'step', 'since', 'until'])

/**
 * `by` mode: the metric in the buckets where `by` is above (below) the
 * threshold against the other buckets (analysis/compare-by-condition.ts).
 */
function byCondition (logger: MetricsLogger, q: CompareQuery, labels: Labels, now: number): unknown {
  const by = q.by!
  if (q.a !== undefined || q.b !== undefined || q.around !== undefined) throw new InvalidArgumentError('by', 'give either by (with above or below) or windows a and b / around, not both')
  if ((q.above === undefined) === (q.below === undefined)) throw new InvalidArgumentError(q.above === undefined ? 'above' : 'below', 'with by, give exactly one of above and below: a number or a percentile pNN')
  const side = q.above !== undefined ? 'above' : 'below'
  const threshold = parseConditionThreshold(side, (q.above ?? q.below)!)
  const stepMs = parseStep('step', q.step)
  const selection = {
    sinceMs: q.since === undefined ? undefined : parseTimeArg('since', q.since, now),
    untilMs: q.until === undefined ? undefined : parseTimeArg('until', q.until, now)
  }
  const metric = logger.query(q.metric, { ...selection, labels })
  const condition = logger.query(by, selection)
  return {
    metric: q.metric,
    by,
    labels,
    window: { since: selection.sinceMs ?? null, until: selection.untilMs ?? null },
    ...compareByCondition(metric, condition, { stepMs, side, threshold, alpha: q.alpha, direction: q.direction })
  }
}

/**
 * GET /compare: window b against window a of one metric (`a`/`b` as
 * `<start>..<end>`, or `around` an annotation with `span` each side), or
 * the metric where another metric `by` is `above` or `below` a threshold
 * against where it is not: both sides' statistics, the change in mean and
 * p99 with intervals, a Mann-Whitney U test and a verdict (docs/ANALYSIS.md).
 */
export async function compareRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: CompareQuery }>('/compare', {
    serializerCompiler: plainJsonSerializer,
    schema: {
      summary: 'Compare a metric across two windows, or where another metric is high (low) against the rest: statistics, change in mean and p99, Mann-Whitney U, verdict',
      querystring: Type.Object({
        metric: Type.String({ maxLength: 200 }),
        a: Type.Optional(Type.String({ maxLength: 140, description: 'window a (before): <start>..<end>, e.g. 2h..1h' })),
        b: Type.Optional(Type.String({ maxLength: 140, description: 'window b (after): <start>..<end>, e.g. 1h..' })),
        around: Type.Optional(Type.Integer({ minimum: 1, description: 'annotation id: a = [time − span, time), b = [time, time + span]' })),
        span: Type.String({ maxLength: 32, default: '1h', description: 'window length each side of `around`' }),
        alpha: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.05 }),
        direction: Type.Union([Type.Literal('higher_is_worse'), Type.Literal('lower_is_worse')], { default: 'higher_is_worse' }),
        by: Type.Optional(Type.String({ maxLength: 200, description: 'condition metric: compare where it is above (below) the threshold against the other buckets' })),
        above: Type.Optional(Type.String({ maxLength: 32, description: 'with by: a level or a percentile pNN of by\'s bucket means, e.g. p90' })),
        below: Type.Optional(Type.String({ maxLength: 32, description: 'with by: a level or a percentile pNN, e.g. p10' })),
        step: Type.String({ maxLength: 32, default: '1m', description: 'with by: bucket width both metrics are aligned on' }),
        since: Type.Optional(TimeArg('with by: history start')),
        until: Type.Optional(TimeArg('with by: history end'))
      }, { additionalProperties: Type.String({ maxLength: 256 }) }),
      response: { 200: Type.Union([CompareSchema, CompareByConditionSchema]), 400: ErrorSchema, 404: ErrorSchema }
    }
  }, async (request) => {
    const q = request.query
    const now = ctx.logger.now()
    const labels = labelsFrom(q, RESERVED)
    if (q.by !== undefined) return byCondition(ctx.logger, q, labels, now)
    if (q.above !== undefined || q.below !== undefined) throw new InvalidArgumentError(q.above !== undefined ? 'above' : 'below', 'needs by=<condition metric>')
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
