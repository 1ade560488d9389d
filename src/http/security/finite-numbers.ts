import type { FastifyRequest } from 'fastify'
import { InvalidArgumentError } from '../../core/errors.ts'

/**
 * Refuses query and path parameters that schema validation turned into
 * Infinity. Ajv coerces the strings "Infinity" and "1e309" to Infinity and
 * then skips `minimum`/`maximum` for non-finite numbers, so `last_n=1e309`
 * passed as "an integer from 1 to 1000" and read every point. Run as a
 * preHandler hook, after validation, for every route.
 */
export async function rejectNonFiniteParameters (request: FastifyRequest): Promise<void> {
  check(request.query, 'querystring')
  check(request.params, 'path')
}

function check (values: unknown, where: string): void {
  if (typeof values !== 'object' || values === null) return
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new InvalidArgumentError(`${where} parameter ${name.slice(0, 64)}`, `must be a finite number, got ${String(value)}`)
    }
  }
}
