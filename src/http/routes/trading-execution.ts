import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema } from '../schemas.ts'
import { ExecutionReportSchema } from '../execution-schemas.ts'

interface ExecutionQueryString {
  symbol?: string
  exchange?: string
  order_type?: 'market' | 'limit'
}

/**
 * GET /trading/execution: slippage, its cost, fee drag, maker ratio and
 * fill latency of every fill, in total and per symbol, exchange and order
 * type. Running figures: a call costs the same at any number of fills.
 */
export async function tradingExecutionRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: ExecutionQueryString }>('/trading/execution', {
    schema: {
      summary: 'Execution quality of the fills, in total and per symbol, exchange and order type',
      querystring: Type.Object({
        symbol: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'only this symbol' })),
        exchange: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'only this exchange' })),
        order_type: Type.Optional(Type.Union([Type.Literal('market'), Type.Literal('limit')], { description: 'only this order type' }))
      }, { additionalProperties: false }),
      response: { 200: ExecutionReportSchema, 400: ErrorSchema }
    }
  }, async (request) => ctx.logger.getExecutionReport(request.query))
}
