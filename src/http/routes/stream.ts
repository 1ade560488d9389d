import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema } from '../schemas.ts'
import { TooManyStreamsError } from '../../core/errors.ts'
import { buildStreamUpdate, DEFAULT_STREAM_METRICS, parseStreamSelection, resumeCursor } from '../stream-update.ts'

interface StreamQuery {
  metrics?: string
  last_event_id?: string
}

/**
 * GET /stream: Server-Sent Events, one `update` event a second with the new
 * points of the selected series, new system samples and the health status;
 * a heartbeat comment every 15 s; `retry:` for reconnects. Resumes from the
 * `Last-Event-ID` header (or `last_event_id`). A client that does not read
 * has updates coalesced, then is disconnected (see StreamHub).
 */
export async function streamRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  const hub = ctx.streams
  // Open streams would hold app.close() forever: end them first.
  app.addHook('preClose', async () => { hub.close() })
  app.get<{ Querystring: StreamQuery }>('/stream', {
    config: { scope: 'read' },
    schema: {
      summary: 'Live updates as Server-Sent Events (text/event-stream)',
      description: 'Each `update` event carries `{t, series: [{n, l, t, v}], system, health, truncated?}`; its id is the ' +
        'cursor to resume from. Heartbeat comments every 15 s. See docs/api.md.',
      querystring: Type.Object({
        metrics: Type.Optional(Type.String({ maxLength: 4000, description: `comma-separated metric names and prefix* patterns; default ${DEFAULT_STREAM_METRICS}` })),
        last_event_id: Type.Optional(Type.String({ maxLength: 32, description: 'resume cursor, for clients that cannot send Last-Event-ID' }))
      }),
      response: {
        // For the description only: the reply is hijacked and written as events, never serialised.
        200: {
          description: 'An endless Server-Sent Events stream',
          content: { 'text/event-stream': { schema: Type.String({ description: '`update` events (JSON data, id = resume cursor) and heartbeat comments' }) } }
        },
        400: ErrorSchema,
        503: ErrorSchema
      }
    }
  }, async (request, reply) => {
    const selection = parseStreamSelection(request.query.metrics)
    const header = request.headers['last-event-id']
    const cursor = resumeCursor(typeof header === 'string' ? header : request.query.last_event_id, ctx.logger.now())
    if (hub.full) {
      void reply.header('retry-after', '5')
      throw new TooManyStreamsError(hub.options.maxStreams)
    }
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Reverse proxies that buffer responses would hold the events back.
      'x-accel-buffering': 'no'
    })
    // Streams of one selection share each tick's update (see StreamHub.open).
    const shareKey = `${[...selection.names].sort().join(',')}|${[...selection.prefixes].sort().join(',')}`
    const remove = hub.open(res, cursor, (from) => buildStreamUpdate(ctx, selection, from), shareKey)
    if (remove === null) {
      res.end()
      return
    }
    res.once('close', remove)
  })
}
