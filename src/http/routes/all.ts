import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { LabelsSchema, LastN, PointSchema } from '../schemas.ts'
import type { Series } from '../../core/series.ts'

/** The end of a serialised answer built with `timestamp: 0`: the schema writes `timestamp` last. */
const TIMESTAMP_TAIL = '"timestamp":0}'

/** GET /all: every series with its labels and newest points. */
export async function allRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: { last_n: number } }>('/all', {
    schema: {
      summary: 'Every series with its labels and newest points, by metric name',
      querystring: Type.Object({ last_n: LastN }),
      response: {
        200: Type.Object({
          metrics: Type.Record(Type.String(), Type.Array(Type.Object({ labels: LabelsSchema, points: Type.Array(PointSchema) }))),
          metrics_count: Type.Integer(),
          series_count: Type.Integer(),
          timestamp: Type.Number()
        })
      }
    }
  }, (request, reply) => {
    const { logger } = ctx
    const store = logger.store
    const lastN = request.query.last_n
    const key = `all\u0000${lastN}`
    const shape = `${store.generation}:${store.metricCount}:${store.size}`
    // Cached without its final `timestamp` value, which is the time of each answer.
    let head = ctx.readCache.get(key, shape)
    if (head === undefined) {
      const body = String(reply.serialize({
        metrics: logger.getAllMetrics(lastN),
        metrics_count: store.metricCount,
        series_count: store.size,
        timestamp: 0
      }))
      if (!body.endsWith(TIMESTAMP_TAIL)) throw new Error('GET /all: serialised answer does not end with its timestamp')
      head = Buffer.from(body.slice(0, body.length - 2))
      const deps: Series[] = []
      for (const family of store.allFamilies()) for (const s of family.series) deps.push(s)
      ctx.readCache.set(key, shape, deps, head)
    }
    void reply.type('application/json; charset=utf-8').send(Buffer.concat([head, Buffer.from(`${logger.now()}}`)]))
  })
}
