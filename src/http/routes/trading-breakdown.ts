import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema, TimeArg } from '../schemas.ts'
import { GroupBreakdownSchema } from '../breakdown-schemas.ts'
import { parseTimeArg } from '../../core/time-arg.ts'
import { BREAKDOWN_BY } from '../../trading/breakdown.ts'

interface BreakdownQueryString {
  by?: string
  window?: string
  since?: string
  until?: string
  symbol?: string
  side?: string
}

/** GET /trading/breakdown: closed trades grouped by symbol, side, strategy, entry tag or exit reason. */
export async function tradingBreakdownRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: BreakdownQueryString }>('/trading/breakdown', {
    schema: {
      summary: 'Closed trades per symbol, side, strategy, entry tag, exit reason, or entry tag and exit reason',
      querystring: Type.Object({
        by: Type.Optional(Type.Union(BREAKDOWN_BY.map((b) => Type.Literal(b)), { description: 'what to group by (default symbol)' })),
        window: Type.Optional(Type.String({ maxLength: 16, description: 'all, or a duration in whole counts (1h, 24h, 7d); excludes since' })),
        since: Type.Optional(TimeArg('window start')),
        until: Type.Optional(TimeArg('window end (default now)')),
        symbol: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'only this symbol' })),
        side: Type.Optional(Type.Union([Type.Literal('long'), Type.Literal('short'), Type.Literal('buy'), Type.Literal('sell')],
          { description: 'only this side' }))
      }, { additionalProperties: false }),
      response: { 200: GroupBreakdownSchema, 400: ErrorSchema }
    }
  }, async (request) => {
    const q = request.query
    const now = Date.now()
    return ctx.logger.getTradeGroups({
      by: q.by,
      window: q.window,
      sinceMs: q.since === undefined ? undefined : parseTimeArg('since', q.since, now),
      untilMs: q.until === undefined ? undefined : parseTimeArg('until', q.until, now),
      symbol: q.symbol,
      side: q.side
    })
  })
}
