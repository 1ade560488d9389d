import { Type } from 'typebox'
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { Compile } from 'typebox/compile'
import { ingestEvents } from '../ingest.ts'
import { EventItemSchema } from '../event-schemas.ts'
import type { IngestResult } from '../ingest.ts'

/** Items per batch: large enough for a second of a busy bot, small enough to bound one request's work. */
export const MAX_BATCH_ITEMS = 10_000

const IngestResultSchema = Type.Object({
  accepted: Type.Integer(),
  rejected: Type.Array(Type.Object({ index: Type.Integer(), error: Type.String(), message: Type.String() }))
}, { description: 'how many items were recorded, and each rejected item with its index and error; 422 when none was' })

/**
 * The body as Fastify checks it: an array of at most MAX_BATCH_ITEMS. Its
 * items are checked one by one against their schema in ingestEvents, so
 * that a bad item is reported by index and the good ones are kept, instead
 * of the whole request failing on the first bad item (and Fastify's Ajv,
 * which coerces types and removes unknown fields, must not see them).
 */
const envelope = Compile(Type.Array(Type.Unknown(), { maxItems: MAX_BATCH_ITEMS }))

// Fastify reads `errors` right after the synchronous call, as with Ajv's validators.
const validateEnvelope = Object.assign((data: unknown): boolean => {
  const ok = envelope.Check(data)
  validateEnvelope.errors = ok ? null : envelope.Errors(data).slice(0, 1) as unknown as FastifySchemaValidationError[]
  return ok
}, { errors: null as FastifySchemaValidationError[] | null })

/** POST /events: batch ingest for bots in other languages. */
export async function eventsRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.post<{ Body: unknown[] }>('/events', {
    config: { scope: 'write' },
    validatorCompiler: () => validateEnvelope,
    schema: {
      summary: 'Record a batch of metric, trade, engine_cycle, scanner, risk, latency, balance and market_data events',
      description: 'Each item is checked on its own: bad items are reported by index, good ones are kept. See docs/api.md for the item shapes.',
      // The items' real schemas, for OpenAPI and for the per-item checks; validateEnvelope is what rejects a whole request.
      body: Type.Array(EventItemSchema, { maxItems: MAX_BATCH_ITEMS, description: 'items, each discriminated by its `type`; each is checked on its own: a bad one is listed in `rejected`, the others are kept' }),
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
