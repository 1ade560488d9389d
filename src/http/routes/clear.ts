import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'

/** POST /clear: removes every point, series and sample; says how much; admin only, audited with what it removed. */
export async function clearRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.post('/clear', {
    config: { scope: 'admin' },
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
    request.auditDetail = { cleared }
    return { cleared, timestamp: Date.now() }
  })
}
