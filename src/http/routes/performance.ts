import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { ApiContext } from '../api-context.ts'
import { ErrorSchema, LastN, SystemSampleSchema, TimeArg } from '../schemas.ts'
import { parseTimeArg } from '../../core/time-arg.ts'
import { MetricsError } from '../../core/errors.ts'

/** GET /performance (the latest system sample) and GET /system (their history). */
export async function performanceRoutes (app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.get('/performance', {
    schema: {
      summary: 'The latest system sample of the process',
      response: { 200: SystemSampleSchema, 503: ErrorSchema }
    }
  }, async () => {
    const sample = ctx.logger.getPerformanceSummary()
    if (sample === null) throw new MetricsError('BM_ERR_NO_SAMPLE', 'no system sample yet: the sampler is off or has not run', 503)
    return sample
  })

  app.get<{ Querystring: { last_n: number, since?: string } }>('/system', {
    schema: {
      summary: 'History of system samples, oldest first',
      querystring: Type.Object({ last_n: LastN, since: Type.Optional(TimeArg('only samples at or after')) }),
      response: { 200: Type.Object({ count: Type.Integer(), samples: Type.Array(SystemSampleSchema) }) }
    }
  }, async (request) => {
    const sampler = ctx.logger.sampler
    const sinceMs = request.query.since === undefined ? undefined : parseTimeArg('since', request.query.since, ctx.logger.now())
    const samples = sampler === null ? [] : sampler.history({ lastN: request.query.last_n, sinceMs })
    return { count: samples.length, samples }
  })
}
