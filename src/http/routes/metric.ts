import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema, LabelsSchema, LastN, PointSchema, StatisticsSchema, TimeArg } from '../schemas.ts'
import { parseTimeArg } from '../../core/time-arg.ts'
import { summarize, NO_DATA } from '../../core/statistics.ts'
import type { Selection } from '../../core/point-set.ts'
import { InvalidArgumentError } from '../../core/errors.ts'

interface MetricQuery {
  last_n: number
  since?: string
  until?: string
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
        until: Type.Optional(TimeArg('window end'))
      }, { additionalProperties: Type.String({ maxLength: 256 }) }),
      response: {
        200: Type.Object({
          name: Type.String(),
          labels: LabelsSchema,
          series: Type.Integer({ description: 'series matched by the label filter' }),
          statistics: StatisticsSchema,
          points: Type.Array(PointSchema)
        }),
        400: ErrorSchema,
        404: ErrorSchema
      }
    }
  }, async (request) => {
    const { name } = request.params
    const selection = selectionFrom(request.query, Date.now())
    const points = ctx.logger.query(name, selection)
    const family = ctx.logger.store.family(name)
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
