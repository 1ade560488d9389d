import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import { dashboardRoutes } from '../http/dashboard.ts'
import { errorHandler, notFoundHandler } from '../http/error-handler.ts'
import { security } from '../http/security/security-plugin.ts'
import type { SecurityOptions } from '../http/security/security-plugin.ts'
import { FleetSnapshotSchema } from './fleet-schemas.ts'
import type { FleetView } from './fleet-view.ts'

/** Where `npm run build:web` writes the fleet page: web/dist/fleet at the package root. */
export const FLEET_PAGE_DIR = fileURLToPath(new URL('../../web/dist/fleet/', import.meta.url))

export interface FleetAppOptions {
  view: FleetView
  /** Fastify log level. Default info. */
  logLevel?: string
  /** Keys, rate limits, CORS, as the Metrics API's (the same configuration). */
  security?: Partial<SecurityOptions>
  /** Directory of the built fleet page, or false for none. Default FLEET_PAGE_DIR. */
  page?: string | false
}

/**
 * The fleet's front page: `GET /api/fleet` (one row per bot, from the
 * store's query API and Alertmanager) and the page at `/` that polls it.
 * Behind the same security layer as the Metrics API: `read` scope once keys
 * are configured, loopback Host names only without keys.
 */
export async function buildFleetApp (options: FleetAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info', redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] }
  }) as unknown as FastifyInstance
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  await app.register(security, { ...options.security, tls: false })
  await app.register(swagger, {
    openapi: { info: { title: 'Breakout Metrics fleet view', version: '0.1.0', description: 'The fleet of bots, read from a Prometheus-compatible store.' } }
  })
  const view = options.view
  app.get('/api/fleet', {
    schema: {
      summary: 'Every bot of the fleet, worst first: presence, health, alerts, P&L, latency',
      response: { 200: FleetSnapshotSchema }
    }
  }, async () => await view.get())
  if (options.page !== false) await dashboardRoutes(app, options.page ?? FLEET_PAGE_DIR)
  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger())
  return app
}
