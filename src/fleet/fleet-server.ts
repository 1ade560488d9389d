import type { FastifyInstance } from 'fastify'
import type { ServiceConfig } from '../config.ts'
import { ConfigError } from '../core/errors.ts'
import { checkExposure, securityOptionsOf } from '../server.ts'
import { buildFleetApp } from './fleet-app.ts'
import { FleetView } from './fleet-view.ts'
import { promQueryClient } from './prom-query.ts'

/** A running fleet view: its app and address, and how to stop it. */
export interface RunningFleet {
  app: FastifyInstance
  view: FleetView
  url: string
  stop: () => Promise<void>
}

/**
 * Starts `breakout-metrics fleet`: the fleet page and GET /api/fleet over
 * the store at `config.fleetQueryUrl` (FLEET_QUERY_URL), with alerts from
 * ALERTMANAGER_URL when set. Listens as the service does (host, port, keys).
 */
export async function startFleet (config: Readonly<ServiceConfig>, options: { page?: string | false } = {}): Promise<RunningFleet> {
  if (config.fleetQueryUrl === null) {
    throw new ConfigError('query-url', 'the fleet view needs the store\'s query API: --query-url http://127.0.0.1:8428 or FLEET_QUERY_URL')
  }
  checkExposure(config)
  const view = new FleetView({
    store: promQueryClient(config.fleetQueryUrl),
    alertmanagerUrl: config.health.alertmanager?.url ?? null,
    staleAfterMs: config.fleetStaleAfterMs
  })
  const app = await buildFleetApp({ view, logLevel: config.logLevel, security: securityOptionsOf(config), page: options.page })
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.port
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host
  return { app, view, url: `http://${host}:${port}`, stop: async () => { await app.close() } }
}
