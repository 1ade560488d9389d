import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema, TimeArg } from '../schemas.ts'
import { toGrafana } from '../../core/annotations.ts'
import { parseTimeArg } from '../../core/time-arg.ts'

const AnnotationSchema = Type.Object({
  id: Type.Integer(),
  time: Type.Number({ description: 'epoch ms' }),
  time_end: Type.Union([Type.Number(), Type.Null()], { description: 'end of a region, epoch ms; null for a point in time' }),
  text: Type.String(),
  tags: Type.Array(Type.String())
})

const GrafanaSchema = Type.Object({
  id: Type.Integer(),
  time: Type.Number(),
  timeEnd: Type.Optional(Type.Number()),
  title: Type.String(),
  text: Type.String(),
  tags: Type.Array(Type.String())
})

interface ListQuery {
  since?: string
  until?: string
  tags?: string
  limit: number
  format: 'json' | 'grafana'
}

/**
 * POST /annotations records a deployment marker or other event; GET
 * /annotations lists them by time, as JSON or in Grafana's annotation shape
 * (`format=grafana`, for a JSON or Infinity data source).
 */
export async function annotationRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.post<{ Body: { text: string, tags?: string[], time?: number, time_end?: number } }>('/annotations', {
    // Deployment markers come from CI and bots: the scope that writes events, not admin.
    config: { scope: 'write' },
    schema: {
      summary: 'Record an annotation (a deployment, a config change, an incident)',
      body: Type.Object({
        text: Type.String({ minLength: 1, maxLength: 2000 }),
        tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 16 })),
        time: Type.Optional(Type.Number({ description: 'epoch ms; default now' })),
        time_end: Type.Optional(Type.Number({ description: 'end of a region, epoch ms' }))
      }, { additionalProperties: false }),
      response: { 201: AnnotationSchema, 400: ErrorSchema }
    }
  }, async (request, reply) => {
    const { text, tags, time, time_end: timeEnd } = request.body
    const a = ctx.logger.annotations.add({ text, tags, timeMs: time, timeEndMs: timeEnd }, ctx.logger.now())
    return reply.code(201).send(a)
  })

  app.get<{ Querystring: ListQuery }>('/annotations', {
    schema: {
      summary: 'Annotations by time, oldest first; format=grafana for Grafana annotation queries',
      querystring: Type.Object({
        since: Type.Optional(TimeArg('window start')),
        until: Type.Optional(TimeArg('window end')),
        tags: Type.Optional(Type.String({ maxLength: 1100, description: 'comma-separated; annotations carrying all of them' })),
        limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 100, description: 'newest N matches' }),
        format: Type.Union([Type.Literal('json'), Type.Literal('grafana')], { default: 'json' })
      }, { additionalProperties: false }),
      response: {
        200: Type.Union([Type.Object({ annotations: Type.Array(AnnotationSchema) }), Type.Array(GrafanaSchema)]),
        400: ErrorSchema
      }
    }
  }, async (request) => {
    const q = request.query
    const now = ctx.logger.now()
    const list = ctx.logger.annotations.list({
      sinceMs: q.since === undefined ? undefined : parseTimeArg('since', q.since, now),
      untilMs: q.until === undefined ? undefined : parseTimeArg('until', q.until, now),
      tags: q.tags === undefined ? [] : q.tags.split(',').map((t) => t.trim()).filter((t) => t !== ''),
      limit: q.limit
    })
    return q.format === 'grafana' ? list.map(toGrafana) : { annotations: list }
  })
}
