import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { InvalidArgumentError } from '../../core/errors.ts'

/**
 * Refuses query and path parameters that schema validation turned into
 * Infinity. Ajv coerces the strings "Infinity" and "1e309" to Infinity and
 * then skips `minimum`/`maximum` for non-finite numbers, so `last_n=1e309`
 * passed as "an integer from 1 to 1000" and read every point. Run as a
 * preHandler hook, after validation, for every route.
 */
export function rejectNonFiniteParameters (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  done(nonFinite(request.query, 'querystring') ?? nonFinite(request.params, 'path') ?? undefined)
}

function nonFinite (values: unknown, where: string): InvalidArgumentError | null {
  if (typeof values !== 'object' || values === null) return null
  for (const name in values) {
    const value = (values as Record<string, unknown>)[name]
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return new InvalidArgumentError(`${where} parameter ${name.slice(0, 64)}`, `must be a finite number, got ${String(value)}`)
    }
  }
  return null
}
