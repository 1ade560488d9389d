import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema, plainJsonSerializer, TimeArg } from '../schemas.ts'
import { ForecastSchema, PeaksSchema } from '../analysis-schemas.ts'
import { labelsFrom, parseStep } from '../query-args.ts'
import { forecast } from '../../analysis/forecast.ts'
import type { Seasonality } from '../../analysis/forecast.ts'
import { peaks } from '../../analysis/peaks.ts'
import type { PeakMeasure } from '../../analysis/peaks.ts'
import { parseTimeArg } from '../../core/time-arg.ts'

interface ForecastQuery {
  metric: string
  horizon: string
  threshold?: number
  seasonality: Seasonality
  alpha: number
  steps: number
  since?: string
  until?: string
  [label: string]: string | number | undefined
}

interface PeaksQuery {
  metric: string
  by: PeakMeasure
  utc_offset_minutes: number
  top: number
  since?: string
  until?: string
  [label: string]: string | number | undefined
}

const FORECAST_RESERVED = new Set(['metric', 'horizon', 'threshold', 'seasonality', 'alpha', 'steps', 'since', 'until'])
const PEAKS_RESERVED = new Set(['metric', 'by', 'utc_offset_minutes', 'top', 'since', 'until'])

function window (q: { since?: string, until?: string }, now: number): { sinceMs?: number, untilMs?: number } {
  return {
    sinceMs: q.since === undefined ? undefined : parseTimeArg('since', q.since, now),
    untilMs: q.until === undefined ? undefined : parseTimeArg('until', q.until, now)
  }
}

/**
 * GET /forecast: a least-squares trend (with a daily term when there is
 * enough history), its projection at the horizon with a prediction interval
 * and when a threshold is crossed. GET /peaks: busiest hours of the day.
 */
export async function forecastRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: ForecastQuery }>('/forecast', {
    serializerCompiler: plainJsonSerializer,
    schema: {
      summary: 'Trend, projection with prediction interval, and threshold crossing of a metric',
      querystring: Type.Object({
        metric: Type.String({ maxLength: 200 }),
        horizon: Type.String({ maxLength: 32, description: 'how far ahead: ms or a duration such as 7d' }),
        threshold: Type.Optional(Type.Number()),
        seasonality: Type.Union([Type.Literal('auto'), Type.Literal('none'), Type.Literal('daily')], { default: 'auto' }),
        alpha: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.05 }),
        steps: Type.Integer({ minimum: 1, maximum: 1000, default: 24, description: 'points in the projected path' }),
        since: Type.Optional(TimeArg('history start')),
        until: Type.Optional(TimeArg('history end'))
      }, { additionalProperties: Type.String({ maxLength: 256 }) }),
      response: { 200: ForecastSchema, 400: ErrorSchema, 404: ErrorSchema }
    }
  }, async (request) => {
    const q = request.query
    const labels = labelsFrom(q, FORECAST_RESERVED)
    const points = ctx.logger.query(q.metric, { ...window(q, ctx.logger.now()), labels })
    const horizonMs = parseStep('horizon', q.horizon)
    return { metric: q.metric, labels, ...forecast(points, { horizonMs, threshold: q.threshold, seasonality: q.seasonality, alpha: q.alpha, steps: q.steps }) }
  })

  app.get<{ Querystring: PeaksQuery }>('/peaks', {
    serializerCompiler: plainJsonSerializer,
    schema: {
      summary: 'Busiest hours of the day of a metric: points per day, mean and max by hour',
      querystring: Type.Object({
        metric: Type.String({ maxLength: 200 }),
        by: Type.Union([Type.Literal('count'), Type.Literal('mean'), Type.Literal('max')], { default: 'count' }),
        utc_offset_minutes: Type.Integer({ minimum: -840, maximum: 840, default: 0 }),
        top: Type.Integer({ minimum: 1, maximum: 24, default: 3 }),
        since: Type.Optional(TimeArg('history start')),
        until: Type.Optional(TimeArg('history end'))
      }, { additionalProperties: Type.String({ maxLength: 256 }) }),
      response: { 200: PeaksSchema, 400: ErrorSchema, 404: ErrorSchema }
    }
  }, async (request) => {
    const q = request.query
    const labels = labelsFrom(q, PEAKS_RESERVED)
    const points = ctx.logger.query(q.metric, { ...window(q, ctx.logger.now()), labels })
    return { metric: q.metric, labels, ...peaks(points, { by: q.by, utcOffsetMinutes: q.utc_offset_minutes, top: q.top }) }
  })
}
