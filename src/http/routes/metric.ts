import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { BucketSchema, ErrorSchema, LabelsSchema, LastN, PointSchema, StatisticsSchema, TimeArg } from '../schemas.ts'
import { isRelativeTimeArg, parseTimeArg } from '../../core/time-arg.ts'
import { summarize, NO_DATA } from '../../core/statistics.ts'
import { summarizeWeighted } from '../../core/weighted-statistics.ts'
import type { Selection } from '../../core/point-set.ts'
import { InvalidArgumentError } from '../../core/errors.ts'
import { bucketsToJson, downsample } from '../../analysis/downsample.ts'
import { checkLabelNames, parseStep } from '../query-args.ts'

interface MetricQuery {
  last_n: number
  since?: string
  until?: string
  step?: string
  format?: 'points' | 'columns'
  [label: string]: string | number | undefined
}

const RESERVED = new Set(['last_n', 'since', 'until', 'step', 'format'])

/**
 * Turns the query into a selection: `since`/`until` into epoch ms, and every
 * other parameter into a label filter (`?symbol=BTCUSDT`).
 */
export function selectionFrom (query: MetricQuery, nowMs: number): Selection {
  // No filter, no object: the common read (a chart polling a metric) allocates nothing here.
  let labels: Record<string, string> | undefined
  for (const k in query) {
    const v = query[k]
    if (RESERVED.has(k) || v === undefined) continue
    if (typeof v !== 'string') throw new InvalidArgumentError(k, 'label filters take one string value')
    labels ??= {}
    labels[k] = v
  }
  const sinceMs = query.since === undefined ? undefined : parseTimeArg('since', query.since, nowMs)
  const untilMs = query.until === undefined ? undefined : parseTimeArg('until', query.until, nowMs)
  if (sinceMs !== undefined && untilMs !== undefined && untilMs < sinceMs) throw new InvalidArgumentError('until', 'must not be before since')
  return { lastN: query.last_n, sinceMs, untilMs, labels }
}

/** Media type of the cached JSON answers. */
const JSON_TYPE = 'application/json; charset=utf-8'

/**
 * The cache key of a read: the metric, the answer's shape and the resolved
 * selection, labels sorted (`?a=1&b=2` and `?b=2&a=1` are one entry).
 */
function cacheKey (name: string, columns: boolean, selection: Selection, stepMs: number | undefined): string {
  const labels = selection.labels === undefined ? '' : JSON.stringify(Object.entries(selection.labels).sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return `metric\u0000${name}\u0000${columns ? 'c' : 'p'}\u0000${selection.lastN ?? ''}\u0000${selection.sinceMs ?? ''}\u0000${selection.untilMs ?? ''}\u0000${stepMs ?? ''}\u0000${labels}`
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
        step: Type.Optional(Type.String({ maxLength: 32, description: 'downsample the window into buckets of this width (ms or a duration such as 1m); last_n then counts buckets' })),
        format: Type.Optional(Type.Union([Type.Literal('points'), Type.Literal('columns')], {
          description: 'points (default): `points` as [{timestamp, value}]; columns: `timestamps` and `values` arrays instead, for charts'
        }))
      }, { additionalProperties: Type.String({ maxLength: 256 }) }),
      response: {
        200: Type.Object({
          name: Type.String(),
          labels: LabelsSchema,
          series: Type.Integer({ description: 'series matched by the label filter' }),
          statistics: StatisticsSchema,
          points: Type.Optional(Type.Array(PointSchema, { description: 'format=points (the default)' })),
          timestamps: Type.Optional(Type.Array(Type.Number(), { description: 'format=columns: epoch ms of each point, oldest first' })),
          values: Type.Optional(Type.Array(Type.Number(), { description: 'format=columns: the value of each point, in the order of timestamps' })),
          step_ms: Type.Optional(Type.Number()),
          buckets: Type.Optional(Type.Array(BucketSchema, { description: 'with step: the newest last_n non-empty buckets, oldest first' }))
        }),
        400: ErrorSchema,
        404: ErrorSchema
      }
    }
  }, (request, reply) => {
    const { name } = request.params
    const query = request.query
    const selection = selectionFrom(query, ctx.logger.now())
    const store = ctx.logger.store
    const family = store.family(name)
    if (family !== undefined && selection.labels !== undefined) checkLabelNames(name, family.series.map((s) => s.labels), selection.labels)
    const stepMs = query.step === undefined ? undefined : parseStep('step', query.step)
    const columns = query.format === 'columns'
    // A duration (`since=15m`) names a time that moves with the clock: such reads are not reused.
    const cacheable = family !== undefined && (query.since === undefined || !isRelativeTimeArg(query.since)) &&
      (query.until === undefined || !isRelativeTimeArg(query.until))
    let key = ''
    let shape = ''
    if (cacheable) {
      key = cacheKey(name, columns, selection, stepMs)
      shape = `${store.generation}:${family.series.length}`
      const hit = ctx.readCache.get(key, shape)
      if (hit !== undefined) {
        void reply.type(JSON_TYPE).send(hit)
        return
      }
    }
    const answer = stepMs === undefined ? pointsAnswer(ctx, name, selection, columns) : bucketed(ctx, name, selection, stepMs, columns)
    // Kept as UTF-8 bytes: a cached answer is written as it is, not serialised or encoded again.
    const body = Buffer.from(String(reply.serialize(answer)))
    if (cacheable) ctx.readCache.set(key, shape, family.matching(selection.labels), body)
    void reply.type(JSON_TYPE).send(body)
  })
}

/** The selected points with their statistics, as a list of points or as two columns. */
function pointsAnswer (ctx: ApiContext, name: string, selection: Selection, columns: boolean): Record<string, unknown> {
  const points = ctx.logger.query(name, selection)
  const family = ctx.logger.store.family(name)
  const answer: Record<string, unknown> = {
    name,
    labels: selection.labels ?? {},
    series: family === undefined ? 0 : family.matching(selection.labels).length,
    // A sampled or weighted metric's points stand for more than themselves: its statistics weigh them.
    statistics: points.values.length === 0
      ? NO_DATA
      : family?.sampling != null ? ctx.logger.store.statistics(name, selection) : summarize(points.timesMs, points.values)
  }
  if (columns) {
    answer.timestamps = points.timesMs
    answer.values = points.values
  } else {
    const list = new Array(points.values.length)
    for (let i = 0; i < list.length; i++) list[i] = { timestamp: points.timesMs[i], value: points.values[i] }
    answer.points = list
  }
  return answer
}

/**
 * The window downsampled into `stepMs` buckets (min/max/mean/count/last):
 * the newest `lastN` buckets, and statistics over the points they hold.
 * A sampled or weighted metric's buckets and statistics weigh its points.
 */
function bucketed (ctx: ApiContext, name: string, selection: Selection, stepMs: number, columns: boolean): Record<string, unknown> {
  const store = ctx.logger.store
  const family = store.family(name)
  const window = { ...selection, lastN: undefined }
  const weighted = family?.sampling != null ? store.readWeighted(name, window) : null
  const points = weighted ?? ctx.logger.query(name, window)
  const all = bucketsToJson(downsample(points, stepMs, 0, weighted?.weights))
  const buckets = all.length > (selection.lastN ?? 100) ? all.slice(all.length - (selection.lastN ?? 100)) : all
  let from = 0
  if (buckets.length > 0) while (from < points.timesMs.length && points.timesMs[from] < buckets[0].timestamp) from++
  const times = points.timesMs.slice(from)
  const values = points.values.slice(from)
  let statistics
  if (values.length === 0) statistics = NO_DATA
  else if (weighted !== null) statistics = summarizeWeighted({ timesMs: weighted.timesMs.slice(from), values: weighted.values.slice(from), weights: weighted.weights.slice(from) }, family!.sampling!.mode)
  else statistics = summarize(times, values)
  return {
    name,
    labels: selection.labels ?? {},
    series: family === undefined ? 0 : family.matching(selection.labels).length,
    statistics,
    ...(columns ? { timestamps: [], values: [] } : { points: [] }),
    step_ms: stepMs,
    buckets
  }
}
