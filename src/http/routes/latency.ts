import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { StatisticsSchema, TimeArg } from '../schemas.ts'
import { parseTimeArg } from '../../core/time-arg.ts'
import { readMerged } from '../../core/point-set.ts'
import { summarize } from '../../core/statistics.ts'

/** GET /latency: p50/p90/p99/max (and the rest) per component, in seconds. */
export async function latencyRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: { since?: string } }>('/latency', {
    schema: {
      summary: 'Latency statistics per component (seconds) over the kept points or a window',
      querystring: Type.Object({ since: Type.Optional(TimeArg('window start')) }),
      response: {
        200: Type.Object({
          components: Type.Record(Type.String(), StatisticsSchema),
          unit: Type.Literal('seconds'),
          timestamp: Type.Number()
        })
      }
    }
  }, async (request) => {
    const now = ctx.logger.now()
    const sinceMs = request.query.since === undefined ? undefined : parseTimeArg('since', request.query.since, now)
    const components: Record<string, ReturnType<typeof summarize>> = {}
    for (const family of ctx.logger.store.allFamilies()) {
      if (!family.name.startsWith('latency_')) continue
      const points = readMerged(family.series, { sinceMs })
      components[family.name.slice(8)] = summarize(points.timesMs, points.values)
    }
    return { components, unit: 'seconds' as const, timestamp: now }
  })
}
