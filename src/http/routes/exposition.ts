import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'

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
      produces: ['text/plain', 'application/openmetrics-text']
    }
  }, async (request, reply) => {
    const { contentType, body } = await ctx.exposition.renderFor(request.headers.accept)
    return await reply.type(contentType).send(body)
  })
}
