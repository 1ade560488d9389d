import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { BucketSchema, ErrorSchema, LabelsSchema, LastN, PointSchema, StatisticsSchema, TimeArg } from '../schemas.ts'
import { parseTimeArg } from '../../core/time-arg.ts'
import { summarize, NO_DATA } from '../../core/statistics.ts'
import type { Selection } from '../../core/point-set.ts'
import { InvalidArgumentError } from '../../core/errors.ts'
import { bucketsToJson, downsample } from '../../analysis/downsample.ts'
import { checkLabelNames, parseStep } from '../query-args.ts'

interface MetricQuery {
  last_n: number
  since?: string
  until?: string
  step?: string
  [label: string]: string | number | undefined
}

const RESERVED = new Set(['last_n', 'since', 'until', 'step'])

/**
 * Turns the query into a selection: `since`/`until` into epoch ms, and every
 * other parameter into a label filter (`?symbol=BTCUSDT`).
 */
export function selectionFrom (query: MetricQuery, nowMs: number): Selection {
  const labels: Record<string, string> = {}
  for (const [k, v] of Object.entries(query)) {
    if (RESERVED.has(k) || v === undefined) continue
    if (typeof v !== 'string') throw new InvalidArgumentError(k, 'label filters take one string value')
    labels[k] = v
  }
  const sinceMs = query.since === undefined ? undefined : parseTimeArg('since', query.since, nowMs)
  const untilMs = query.until === undefined ? undefined : parseTimeArg('until', query.until, nowMs)
  if (sinceMs !== undefined && untilMs !== undefined && untilMs < sinceMs) throw new InvalidArgumentError('until', 'must not be before since')
  return { lastN: query.last_n, sinceMs, untilMs, labels }
}

/** GET /metric/{name}: statistics and points of one metric. */
export async function metricRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Params: { name: string }, Querystring: MetricQuery }>('/metric/:name', {
    schema: {
      summary: 'Statistics and points of one metric, merged over its series; extra query parameters filter by label',
      params: Type.Object({ name: Type.String({ maxLength: 200 }) }),
      querystring: Type.Object({
        last_n: LastN,
        since: Type.Optional(TimeArg('window start')),
        until: Type.Optional(TimeArg('window end')),
        step: Type.Optional(Type.String({ maxLength: 32, description: 'downsample the window into buckets of this width (ms or a duration such as 1m); last_n then counts buckets' }))
      }, { additionalProperties: Type.String({ maxLength: 256 }) }),
      response: {
        200: Type.Object({
          name: Type.String(),
          labels: LabelsSchema,
          series: Type.Integer({ description: 'series matched by the label filter' }),
          statistics: StatisticsSchema,
          points: Type.Array(PointSchema),
          step_ms: Type.Optional(Type.Number()),
          buckets: Type.Optional(Type.Array(BucketSchema, { description: 'with step: the newest last_n non-empty buckets, oldest first' }))
        }),
        400: ErrorSchema,
        404: ErrorSchema
      }
    }
  }, async (request) => {
    const { name } = request.params
    const selection = selectionFrom(request.query, ctx.logger.now())
    const family = ctx.logger.store.family(name)
    if (family !== undefined && selection.labels !== undefined) checkLabelNames(name, family.series.map((s) => s.labels), selection.labels)
    if (request.query.step !== undefined) return bucketed(ctx, name, selection, parseStep('step', request.query.step))
    const points = ctx.logger.query(name, selection)
    const list = new Array(points.values.length)
    for (let i = 0; i < list.length; i++) list[i] = { timestamp: points.timesMs[i], value: points.values[i] }
    return {
      name,
      labels: selection.labels ?? {},
      series: family === undefined ? 0 : family.matching(selection.labels).length,
      statistics: list.length === 0 ? NO_DATA : summarize(points.timesMs, points.values),
      points: list
    }
  })
}

/**
 * The window downsampled into `stepMs` buckets (min/max/mean/count/last):
 * the newest `lastN` buckets, and statistics over the points they hold.
 */
function bucketed (ctx: ApiContext, name: string, selection: Selection, stepMs: number): Record<string, unknown> {
  const points = ctx.logger.query(name, { ...selection, lastN: undefined })
  const all = bucketsToJson(downsample(points, stepMs))
  const buckets = all.length > (selection.lastN ?? 100) ? all.slice(all.length - (selection.lastN ?? 100)) : all
  let from = 0
  if (buckets.length > 0) while (from < points.timesMs.length && points.timesMs[from] < buckets[0].timestamp) from++
  const times = points.timesMs.slice(from)
  const values = points.values.slice(from)
  const family = ctx.logger.store.family(name)
  return {
    name,
    labels: selection.labels ?? {},
    series: family === undefined ? 0 : family.matching(selection.labels).length,
    statistics: values.length === 0 ? NO_DATA : summarize(times, values),
    points: [],
    step_ms: stepMs,
    buckets
  }
}
