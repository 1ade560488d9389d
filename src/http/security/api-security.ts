import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AdminKeyRequiredError, ConfigError } from '../../core/errors.ts'
import { security } from './security-plugin.ts'
import type { Principal, SecurityOptions } from './security-plugin.ts'

/** How the Metrics API plugin protects its routes; see `metricsApi`. */
export interface ApiSecurityOptions {
  /**
   * Keys, scopes, rate limits, body limits, Host check and audit for the
   * API's routes, as `buildApp` applies them: the same options give the same
   * protection. Absent: the safe defaults (no keys: loopback Host names only,
   * reads and ingest open, admin routes refused). `false` mounts the routes
   * bare, with a warning at start: only for an app that protects them itself.
   * Leave it out when the enclosing app already registered the security plugin.
   */
  security?: Partial<SecurityOptions> | false
  /**
   * Lets `POST /clear` run for a caller without an admin key. Only useful
   * with `security: false`; without it, and without an admin key, the route
   * is refused (403) however the API is mounted.
   */
  allowUnauthenticatedClear?: boolean
}

/** How the API's routes ended up protected. */
export type ApiProtection = 'inherited' | 'own' | 'none'

/**
 * Puts the security layer around the API's routes, in the plugin's own
 * (encapsulated) context, before they are registered: whoever mounts the
 * API gets the protection the stand-alone service has. When the enclosing
 * app already has the layer (`buildApp` registers it first so that it also
 * covers the probes, the dashboard and 404s), it is not applied twice: a
 * second layer would count each request twice against its rate limit and
 * audit each refusal twice.
 */
export async function protectApi (app: FastifyInstance, options: ApiSecurityOptions): Promise<ApiProtection> {
  if (app.hasDecorator('routeSecurity')) {
    if (options.security !== undefined) {
      throw new ConfigError('security', 'the enclosing app already registers the security layer: give its options there, not to metricsApi')
    }
    return 'inherited'
  }
  if (options.security === false) {
    app.log.warn('Metrics API mounted with security: false: its routes have no API keys, scopes, rate limits, ' +
      'body limits, Host check or audit; POST /clear is ' +
      (options.allowUnauthenticatedClear === true ? 'open to anyone who can reach the app (allowUnauthenticatedClear)' : 'refused to everyone'))
    return 'none'
  }
  await app.register(security, options.security ?? {})
  return 'own'
}

/**
 * True when the caller may clear the API's data: a key with the admin scope
 * was checked by the security layer, or the embedding app said that anyone
 * may. A second check after the layer's, so that `POST /clear` stays closed
 * where the layer is off.
 */
export function mayClear (request: FastifyRequest, allowUnauthenticatedClear: boolean): boolean {
  if (allowUnauthenticatedClear) return true
  const principal = request.principal as Principal | null | undefined
  return request.accessGranted === true && principal?.scopes.has('admin') === true
}

/** The refusal `POST /clear` answers when `mayClear` says no. */
export function clearRefused (url: string): AdminKeyRequiredError {
  return new AdminKeyRequiredError(`POST ${url}`)
}
