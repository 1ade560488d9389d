import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'

/** POST /clear: removes every point, series and sample; says how much; audited in the log. */
export async function clearRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.post('/clear', {
    schema: {
      summary: 'Clear every metric and system sample',
      response: {
        200: Type.Object({
          cleared: Type.Object({ metrics: Type.Integer(), series: Type.Integer(), points: Type.Integer(), samples: Type.Integer() }),
          timestamp: Type.Number()
        })
      }
    }
  }, async (request) => {
    const cleared = ctx.logger.clearMetrics()
    request.log.warn({ audit: 'clear', ip: request.ip, cleared }, 'all metrics cleared')
    return { cleared, timestamp: Date.now() }
  })
}
