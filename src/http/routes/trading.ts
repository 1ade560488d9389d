import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema, TimeArg } from '../schemas.ts'
import { BreakdownSchema, TradePageSchema, TradingStatisticsSchema } from '../trading-schemas.ts'
import { parseTimeArg } from '../../core/time-arg.ts'
import { MAX_BREAKDOWN_PERIODS } from '../../trading/period-breakdown.ts'
import { MAX_TRADE_PAGE } from '../../trading/trade-list.ts'

interface FilterQuery {
  symbol?: string
  side?: string
}

interface WindowQueryString extends FilterQuery {
  window?: string
  since?: string
  until?: string
}

const Filter = {
  symbol: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'only this symbol' })),
  side: Type.Optional(Type.Union([Type.Literal('long'), Type.Literal('short'), Type.Literal('buy'), Type.Literal('sell')],
    { description: 'only this side: long or short (buy and sell name the same)' }))
}

const Window = {
  window: Type.Optional(Type.String({ maxLength: 16, description: 'all, or a duration in whole counts (1h, 24h, 7d, 1h30m); excludes since' })),
  since: Type.Optional(TimeArg('window start')),
  until: Type.Optional(TimeArg('window end (default now)')),
  ...Filter
}

/** The window, since/until (epoch ms, ISO 8601 or a duration back from now) and filter of a query. */
function windowOf (q: WindowQueryString, nowMs: number): { window?: string, sinceMs?: number, untilMs?: number, symbol?: string, side?: string } {
  return {
    window: q.window,
    sinceMs: q.since === undefined ? undefined : parseTimeArg('since', q.since, nowMs),
    untilMs: q.until === undefined ? undefined : parseTimeArg('until', q.until, nowMs),
    symbol: q.symbol,
    side: q.side
  }
}

const BREAKDOWNS = [['daily', 'day'], ['weekly', 'week'], ['monthly', 'month']] as const

/**
 * GET /trading (statistics), GET /trades (closed trade records, paged),
 * GET /trading/daily|weekly|monthly (breakdowns). Definitions:
 * docs/TRADING_METRICS.md.
 */
export async function tradingRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: WindowQueryString }>('/trading', {
    schema: {
      summary: 'Trading statistics over a window, for one symbol and side or all',
      querystring: Type.Object(Window, { additionalProperties: false }),
      response: { 200: TradingStatisticsSchema, 400: ErrorSchema }
    }
  }, async (request) => ctx.logger.getTradingStatistics(windowOf(request.query, ctx.logger.now())))

  app.get<{ Querystring: WindowQueryString & { limit: number, offset: number } }>('/trades', {
    schema: {
      summary: 'Closed trade records, newest first, a page at a time',
      querystring: Type.Object({
        ...Window,
        limit: Type.Integer({ minimum: 1, maximum: MAX_TRADE_PAGE, default: 100, description: `records per page, 1..${MAX_TRADE_PAGE}` }),
        offset: Type.Integer({ minimum: 0, maximum: 1e9, default: 0, description: 'records to skip from the newest' })
      }, { additionalProperties: false }),
      response: { 200: TradePageSchema, 400: ErrorSchema }
    }
  }, async (request) => {
    const q = request.query
    return ctx.logger.getTrades({ ...windowOf(q, ctx.logger.now()), limit: q.limit, offset: q.offset })
  })

  for (const [path, unit] of BREAKDOWNS) {
    app.get<{ Querystring: FilterQuery & { count: number, until?: string } }>(`/trading/${path}`, {
      schema: {
        summary: `Realized P&L, trade count and relative return per UTC ${unit}, newest first`,
        querystring: Type.Object({
          count: Type.Integer({ minimum: 1, maximum: MAX_BREAKDOWN_PERIODS, default: 7, description: `periods, 1..${MAX_BREAKDOWN_PERIODS}` }),
          until: Type.Optional(TimeArg('the last period holds this time (default now)')),
          ...Filter
        }, { additionalProperties: false }),
        response: { 200: BreakdownSchema, 400: ErrorSchema }
      }
    }, async (request) => {
      const q = request.query
      const now = ctx.logger.now()
      return ctx.logger.getTradingBreakdown(unit, {
        count: q.count,
        untilMs: q.until === undefined ? undefined : parseTimeArg('until', q.until, now),
        symbol: q.symbol,
        side: q.side
      })
    })
  }
}
