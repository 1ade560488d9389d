import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { RateLimitedError } from '../../core/errors.ts'
import type { RateClass } from './route-security.ts'
import type { RateLimit, RateLimits } from './rate-limit-config.ts'

/** Who a request is counted against: its key when a configured key was sent, else its address. */
export type ClientOf = (request: FastifyRequest) => string

const classOf = (request: FastifyRequest): RateClass => request.routeOptions.config?.rateClass ?? 'admin'

/**
 * Rate limiting with @fastify/rate-limit: one store, one bucket per client
 * and class (`<class>|key:<id>` or `<class>|ip:<address>`), so that a
 * keyed scraper has a bucket no other client can drain. Answers 429 with
 * Retry-After and the draft-standard RateLimit-Limit, -Remaining and -Reset.
 * With every class off the plugin is not registered: no hook runs at all.
 */
export async function registerRateLimits (app: FastifyInstance, limits: RateLimits, clientOf: ClientOf): Promise<void> {
  if (Object.values(limits).every((limit) => limit === null)) return
  const limitOf = (request: FastifyRequest): RateLimit | null => {
    const cls = classOf(request)
    return cls === 'none' ? null : limits[cls]
  }
  await app.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    enableDraftSpec: true,
    // Unlimited classes skip the store altogether.
    allowList: (request) => limitOf(request) === null,
    keyGenerator: (request) => `${classOf(request)}|${clientOf(request)}`,
    max: (request) => limitOf(request)?.max ?? Number.MAX_SAFE_INTEGER,
    timeWindow: (request) => limitOf(request)?.windowMs ?? 60_000,
    errorResponseBuilder: (request, context) => {
      const cls = classOf(request)
      return new RateLimitedError(`rate limit of ${context.max} ${cls} requests per ${(limitOf(request)?.windowMs ?? 0) / 1000} s exceeded; retry in ${context.after}`)
    }
  })
}
