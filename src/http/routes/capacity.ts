import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema, plainJsonSerializer, TimeArg } from '../schemas.ts'
import { CapacitySchema } from '../analysis-schemas.ts'
import { parseStep } from '../query-args.ts'
import { capacity } from '../../analysis/capacity.ts'
import type { CapacityInput } from '../../analysis/capacity.ts'
import { parseTimeArg } from '../../core/time-arg.ts'

interface CapacityQuery {
  step: string
  pairs_metric: string
  since?: string
  until?: string
  alpha: number
  cpu_threshold?: number
  memory_threshold?: number
  cycle_time_threshold?: number
}

/**
 * GET /capacity: CPU and memory (the `system_cpu_percent` and
 * `system_memory_percent` series, which outlive the sampler's own
 * history and take pushed history) and engine cycle time
 * regressed on the pairs scanned, aligned on `step`: the marginal cost of
 * one more trading pair and the pair count at each threshold.
 */
export async function capacityRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get<{ Querystring: CapacityQuery }>('/capacity', {
    serializerCompiler: plainJsonSerializer,
    schema: {
      summary: 'Marginal cost of one more trading pair in CPU, memory and cycle time',
      querystring: Type.Object({
        step: Type.String({ maxLength: 32, default: '1m', description: 'bucket width: ms or a duration such as 5m' }),
        pairs_metric: Type.String({ maxLength: 200, default: 'scanner_symbols_scanned' }),
        since: Type.Optional(TimeArg('history start')),
        until: Type.Optional(TimeArg('history end')),
        alpha: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.05 }),
        cpu_threshold: Type.Optional(Type.Number({ description: 'cpu_percent level to stay under' })),
        memory_threshold: Type.Optional(Type.Number({ description: 'memory_percent level to stay under' })),
        cycle_time_threshold: Type.Optional(Type.Number({ description: 'engine_cycle_time level to stay under, seconds' }))
      }, { additionalProperties: false }),
      response: { 200: CapacitySchema, 400: ErrorSchema, 404: ErrorSchema }
    }
  }, async (request) => {
    const q = request.query
    const now = ctx.logger.now()
    const sel = {
      sinceMs: q.since === undefined ? undefined : parseTimeArg('since', q.since, now),
      untilMs: q.until === undefined ? undefined : parseTimeArg('until', q.until, now)
    }
    const stepMs = parseStep('step', q.step)
    const resources: Record<string, CapacityInput> = {
      cpu_percent: { points: ctx.logger.query('system_cpu_percent', sel), threshold: q.cpu_threshold },
      memory_percent: { points: ctx.logger.query('system_memory_percent', sel), threshold: q.memory_threshold },
      engine_cycle_time: { points: ctx.logger.query('engine_cycle_time', sel), threshold: q.cycle_time_threshold }
    }
    return { pairs_metric: q.pairs_metric, ...capacity(ctx.logger.query(q.pairs_metric, sel), resources, { stepMs, alpha: q.alpha }) }
  })
}
