import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { clearRefused, mayClear } from '../security/api-security.ts'

/** POST /clear: removes every point, series and sample; says how much; admin only, audited with what it removed. */
export async function clearRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.post('/clear', {
    config: { scope: 'admin' },
    schema: {
      summary: 'Clear every metric, system sample, position and trade, in memory and in the database',
      response: {
        200: Type.Object({
          cleared: Type.Object({
            metrics: Type.Integer(),
            series: Type.Integer(),
            points: Type.Integer(),
            samples: Type.Integer(),
            trades: Type.Integer({ description: 'closed trade records' }),
            positions: Type.Integer({ description: 'open positions' }),
            trade_events: Type.Integer({ description: 'journaled trade events removed from the database (0 when memory-only)' })
          }),
          timestamp: Type.Number()
        })
      }
    }
  }, async (request) => {
    // Checked again here: the security layer may be off where the API is embedded.
    if (!mayClear(request, ctx.allowUnauthenticatedClear === true)) throw clearRefused(request.routeOptions.url ?? '/clear')
    // The logger clears the subscribed database first: if it cannot (503), memory is left as it was.
    const { journaledTradeEvents, ...memory } = ctx.logger.clear()
    const cleared = { ...memory, trade_events: journaledTradeEvents }
    request.auditDetail = { cleared }
    return { cleared, timestamp: ctx.logger.now() }
  })
}
