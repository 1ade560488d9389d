import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ingestEvents } from '../ingest.ts'
import type { IngestResult } from '../ingest.ts'
import { PersistenceError } from '../../core/errors.ts'
import type { Persistence } from '../../persist/persistence.ts'

/** Items per batch: large enough for a second of a busy bot, small enough to bound one request's work. */
export const MAX_BATCH_ITEMS = 10_000

const IngestResultSchema = Type.Object({
  accepted: Type.Integer(),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), error: Type.String(), message: Type.String() }))
}, { description: 'how many items were recorded, and each rejected item with its index and error; 422 when none was' })

/**
 * Runs a batch in one database transaction (one commit, not one per trade
 * event). If a trade event of it cannot be journaled, the whole batch's
 * trade events are rolled back (the ledger with them) and the request fails
 * with 503, so a retry cannot duplicate trades.
 */
function journaledBatch (persistence: Persistence, run: () => IngestResult): IngestResult {
  return persistence.batch(() => {
    const result = run()
    const failed = result.rejected.find((r) => r.error === 'BM_ERR_PERSIST')
    if (failed !== undefined) throw new PersistenceError('io', persistence.path, `item ${failed.index}: ${failed.message}`)
    return result
  })
}

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
    const result = ctx.persistence === null
      ? ingestEvents(ctx.logger, request.body)
      : journaledBatch(ctx.persistence, () => ingestEvents(ctx.logger, request.body))
    if (result.accepted === 0 && result.rejected.length > 0) void reply.code(422)
    return result
  })
}
