import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { negotiateFormat } from '../../export/content-negotiation.ts'

/**
 * GET /api/metrics: the Prometheus exposition (text 0.0.4, or OpenMetrics
 * 1.0 when the scraper's Accept header prefers it). This is the path the
 * spec's prometheus.yml scrapes.
 */
export async function expositionRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get('/', {
    // Read scope, but its own budget: dashboards polling cannot starve the scraper.
    config: { rateClass: 'scrape' },
    schema: {
      summary: 'Prometheus exposition of every series, the system sample and Node process metrics',
      response: {
        // Declared per content type for the description only: the body is a buffer, which Fastify sends as it is.
        200: {
          description: 'The exposition in the format the Accept header prefers',
          content: {
            'text/plain': { schema: Type.String({ description: 'Prometheus text format 0.0.4 (the default)' }) },
            'application/openmetrics-text': { schema: Type.String({ description: 'OpenMetrics 1.0, when Accept prefers it' }) }
          }
        }
      }
    }
  }, async (request, reply) => {
    const { format, contentType } = negotiateFormat(request.headers.accept)
    return await reply.type(contentType).send(await ctx.exposition.renderBuffer(format))
  })
}
