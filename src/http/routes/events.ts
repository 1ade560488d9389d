import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ingestEvents } from '../ingest.ts'
import type { IngestResult } from '../ingest.ts'

/** Items per batch: large enough for a second of a busy bot, small enough to bound one request's work. */
export const MAX_BATCH_ITEMS = 10_000

const IngestResultSchema = Type.Object({
  accepted: Type.Integer(),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), error: Type.String(), message: Type.String() }))
}, { description: 'how many items were recorded, and each rejected item with its index and error; 422 when none was' })

/** POST /events: batch ingest for bots in other languages. */
export async function eventsRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.post<{ Body: unknown[] }>('/events', {
    config: { scope: 'write' },
    schema: {
      summary: 'Record a batch of metric, trade, engine_cycle, scanner, risk, latency, balance and market_data events',
      description: 'Each item is checked on its own: bad items are reported by index, good ones are kept. See docs/api.md for the item shapes.',
      body: Type.Array(Type.Unknown(), { maxItems: MAX_BATCH_ITEMS, description: 'items: {type, ...}; each is checked on its own' }),
      response: { 200: IngestResultSchema, 422: IngestResultSchema }
    }
  }, async (request, reply) => {
    // One unit of the logger's subscribed stores: one database transaction, not one commit per
    // trade event. A trade event that cannot be journaled throws out of the batch: its trade
    // events are rolled back (the ledger with them) and the request fails with 503, so a retry
    // cannot duplicate trades.
    const result: IngestResult = ctx.logger.batch(() => ingestEvents(ctx.logger, request.body))
    if (result.accepted === 0 && result.rejected.length > 0) void reply.code(422)
    return result
  })
}
