import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../../src/http/app.ts'
import type { AppOptions } from '../../../src/http/app.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import type { MetricsLoggerOptions } from '../../../src/logger/metrics-logger.ts'

/** An app on a fresh logger (no sampler timer unless asked), silent logs. */
export async function makeApp (options: MetricsLoggerOptions = {}, appOptions: Omit<AppOptions, 'logger'> = {}): Promise<{ app: FastifyInstance, logger: MetricsLogger }> {
  const logger = new MetricsLogger({ sampler: false, clock: 'system', ...options })
  const app = await buildApp({ logLevel: 'silent', ...appOptions, logger })
  app.addHook('onClose', async () => { logger.close() })
  return { app, logger }
}
