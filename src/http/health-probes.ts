import type { FastifyInstance } from 'fastify'
import type { HealthEngine } from '../health/health-engine.ts'
import { ProbeSchema } from './health-schemas.ts'

/**
 * Liveness and readiness for orchestrators, as a Fastify plugin: `GET /live`
 * and `GET /ready` (mounted under /api/health by the service), 200 when ok,
 * 503 when not (docs/HEALTH.md). Constant work: neither evaluates rules.
 * Both are public and never rate limited, whatever keys are set: an
 * orchestrator's probe carries no key, and a 401 or 429 would make it
 * restart a healthy process. They answer only `status`, `checks` and
 * `timestamp` (the response schema drops anything else).
 *
 * @example await app.register(healthProbes, { prefix: '/api/health', engine: logger.health })
 */
export async function healthProbes (app: FastifyInstance, options: { engine: HealthEngine }): Promise<void> {
  const { engine } = options
  const response = { 200: ProbeSchema, 503: ProbeSchema }
  // Public implies rate class `none` (route-security.ts).
  const config = { scope: 'public' as const }
  app.get('/live', { schema: { summary: 'Liveness: the process evaluates its rules (200) or is stuck (503)', response }, config }, async (_request, reply) => {
    const result = engine.liveness()
    return await reply.code(result.status === 'ok' ? 200 : 503).send(result)
  })
  app.get('/ready', { schema: { summary: 'Readiness: rules evaluated, gates ready, no readiness rule critical (200), else 503', response }, config }, async (_request, reply) => {
    const result = engine.readiness()
    return await reply.code(result.status === 'ok' ? 200 : 503).send(result)
  })
}
