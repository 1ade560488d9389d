import fp from 'fastify-plugin'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { normalizeIP } from '@fastify/rate-limit'
import { AdminKeyRequiredError, ForbiddenError, HostNotAllowedError, UnauthorizedError } from '../../core/errors.ts'
import { KeyRing, keyFingerprint } from './api-keys.ts'
import type { ApiKeyEntry } from './api-keys.ts'
import { auditLogger, auditRecord, writeAudit } from './audit.ts'
import { credentialsOf } from './credentials.ts'
import { isAllowedHost, normalizeAllowedHosts } from './host-check.ts'
import { rejectNonFiniteParameters } from './finite-numbers.ts'
import { MAX_JSON_DEPTH } from './json-body.ts'
import { applyBodyPolicy, BODY_LIMIT_BYTES } from './body-policy.ts'
import { registerRateLimits } from './rate-limits.ts'
import { DEFAULT_RATE_LIMITS } from './rate-limit-config.ts'
import type { RateLimits } from './rate-limit-config.ts'
import { registerCors, registerSecurityHeaders } from './response-headers.ts'
import { resolveRouteSecurity, scopeAllows } from './route-security.ts'
import type { KeyScope, RateClass, Scope } from './route-security.ts'

/** How the API protects itself. Every field has a safe default. */
export interface SecurityOptions {
  /** Configured keys, hashed. None: loopback use, reads and writes open, admin routes refused. */
  keys: readonly ApiKeyEntry[]
  /** Budgets per route class; see DEFAULT_RATE_LIMITS. */
  rateLimits: RateLimits
  /** Origins allowed to call the API from a browser; none: CORS off. */
  corsOrigins: readonly string[]
  /** True when the service terminates TLS itself (enables HSTS). */
  tls: boolean
  /** Deepest JSON nesting accepted in a body. */
  maxJsonDepth: number
  /** Largest request body, bytes, on every route that does not set its own (413 past it). */
  bodyLimitBytes: number
  /**
   * Answer only requests whose Host is a loopback name (see isLoopbackHost),
   * against DNS rebinding. Default: true when no keys are configured. The
   * server turns it off when told to listen elsewhere without keys (--insecure).
   */
  loopbackHostsOnly?: boolean
  /**
   * Host names answered besides the loopback ones while the Host check is on
   * (a reverse proxy's public name, a port-forward reached by name); any port.
   */
  allowedHosts: readonly string[]
}

export const DEFAULT_SECURITY: Readonly<SecurityOptions> = Object.freeze({
  keys: [],
  rateLimits: DEFAULT_RATE_LIMITS,
  corsOrigins: [],
  tls: false,
  maxJsonDepth: MAX_JSON_DEPTH,
  bodyLimitBytes: BODY_LIMIT_BYTES,
  allowedHosts: []
})

/** Who is calling, as far as the service could tell. */
export interface Principal {
  /** Id of the configured key used, or null when anonymous. */
  keyId: string | null
  scopes: ReadonlySet<KeyScope>
  /** Why the credentials sent were not accepted (unknown key, bad header); null when none were sent or they were. */
  failure: string | null
  /** Fingerprint of a key that was sent but is not configured, for the audit line. */
  presentedId: string | null
}

/** A route as the security layer sees it. */
export interface RouteSecurityEntry {
  method: string
  url: string
  scope: Scope
  rateClass: RateClass
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal
    /** True once the request passed the scope check of its route. */
    accessGranted: boolean
    /** True once the request passed the check of an admin route: its response is audited. */
    adminGranted: boolean
  }
  interface FastifyInstance {
    /** Every route registered after the security plugin, with its scope and rate class. */
    routeSecurity: readonly RouteSecurityEntry[]
  }
}

const NO_SCOPES: ReadonlySet<KeyScope> = new Set()
const ANONYMOUS: Principal = Object.freeze({ keyId: null, scopes: NO_SCOPES, failure: null, presentedId: null })
const REALM = 'Bearer realm="breakout-metrics"'

function identify (keys: KeyRing, request: FastifyRequest): Principal {
  // Without keys nothing is checked, so nothing sent can be wrong.
  if (keys.size === 0) return ANONYMOUS
  const c = credentialsOf(request.headers)
  if (c.kind === 'none') return ANONYMOUS
  if (c.kind === 'malformed') return { keyId: null, scopes: NO_SCOPES, failure: c.reason, presentedId: null }
  const match = keys.identify(c.key)
  if (match === null) return { keyId: null, scopes: NO_SCOPES, failure: 'unknown API key', presentedId: keyFingerprint(c.key) }
  return { keyId: match.id, scopes: match.scopes, failure: null, presentedId: null }
}

async function securityPlugin (app: FastifyInstance, partial: Partial<SecurityOptions>): Promise<void> {
  const options: SecurityOptions = { ...DEFAULT_SECURITY, ...partial }
  const keys = new KeyRing(options.keys)
  const loopbackHostsOnly = options.loopbackHostsOnly ?? keys.size === 0
  const allowedHosts: ReadonlySet<string> = new Set(normalizeAllowedHosts(options.allowedHosts, 'security.allowedHosts'))
  const audit = auditLogger(app.log)
  const routes: RouteSecurityEntry[] = []
  app.decorate('routeSecurity', routes)
  app.decorateRequest('principal', null as unknown as Principal)
  app.decorateRequest('accessGranted', false)
  app.decorateRequest('adminGranted', false)
  app.decorateRequest('auditDetail', null)

  // Every route registered from here on gets its scope and class written into
  // its config; a bad declaration throws at registration.
  app.addHook('onRoute', (route) => {
    const resolved = resolveRouteSecurity(route.method, route.url, route.config)
    route.config = { ...route.config, ...resolved }
    for (const method of typeof route.method === 'string' ? [route.method] : route.method) {
      routes.push({ method, url: route.url, ...resolved })
    }
  })

  // The hooks below are callback-style, not async: each async hook costs a
  // promise and a microtask turn on every request, which showed in the
  // cached /summary's tail latency (docs/BENCHMARKS.md).
  app.addHook('onRequest', (request, _reply, done) => {
    request.principal = identify(keys, request)
    done()
  })

  const refusal = (request: FastifyRequest, reply: FastifyReply, error: UnauthorizedError | ForbiddenError | AdminKeyRequiredError | HostNotAllowedError): Error => {
    const p = request.principal
    writeAudit(audit, auditRecord(request, 'auth_failure', p.keyId ?? p.presentedId, p.keyId !== null, error.statusCode, error.message))
    if (error.statusCode === 401) void reply.header('www-authenticate', p.failure === null ? REALM : `${REALM}, error="invalid_token"`)
    return error
  }

  /** Why this request may not reach its route, or null when it may. */
  const check = (request: FastifyRequest, reply: FastifyReply): Error | null => {
    // A route that escaped the onRoute hook (registered before this plugin) needs admin: fail closed.
    const scope = request.is404 ? null : request.routeOptions.config?.scope ?? 'admin'
    // Public routes (probes, dashboard files) hold nothing a rebinding page could steal: no Host check.
    if (scope === 'public') return null
    if (loopbackHostsOnly && !isAllowedHost(request.headers.host, allowedHosts)) return refusal(request, reply, new HostNotAllowedError(request.headers.host ?? ''))
    if (scope === null) return null
    const p = request.principal
    if (keys.size === 0) {
      if (scope === 'admin') return refusal(request, reply, new AdminKeyRequiredError(`${request.method} ${request.routeOptions.url ?? ''}`))
    } else if (p.keyId === null) {
      return refusal(request, reply, new UnauthorizedError(p.failure ?? 'this route needs an API key: send Authorization: Bearer <key> or X-API-Key: <key>'))
    } else if (!scopeAllows(p.scopes, scope)) {
      return refusal(request, reply, new ForbiddenError(scope, `this route needs a key with the ${scope} scope${scope === 'admin' ? '' : ' (or admin)'}; this key has ${[...p.scopes].join(', ')}`))
    }
    request.accessGranted = true
    request.adminGranted = scope === 'admin'
    return null
  }

  // After rate limiting (onRequest), before the body is read: refused
  // requests are counted against their sender, and their bodies never parsed.
  app.addHook('preParsing', (request, reply, payload, done) => {
    const refused = check(request, reply)
    if (refused === null) done(null, payload)
    else done(refused)
  })

  // The scope was read in the check: `request.routeOptions` builds a new object on every read.
  app.addHook('onResponse', (request, reply, done) => {
    if (request.adminGranted) {
      writeAudit(audit, auditRecord(request, 'admin_action', request.principal.keyId, request.principal.keyId !== null, reply.statusCode))
    }
    done()
  })

  app.addHook('preHandler', rejectNonFiniteParameters)

  applyBodyPolicy(app, options.bodyLimitBytes, options.maxJsonDepth)
  registerSecurityHeaders(app, options.tls)
  await registerCors(app, options.corsOrigins)
  await registerRateLimits(app, options.rateLimits, (request) => {
    const id = request.principal?.keyId
    return id == null ? `ip:${normalizeIP(request.ip)}` : `key:${id}`
  })
}

/**
 * The API's protection as one Fastify plugin: register it before any route.
 * API keys with scopes on every route (deny by default), rate limits per
 * client and route class, security headers, CORS allowlist, depth-limited
 * JSON bodies and an audit line for every refusal and admin action.
 *
 * A route declares who may call it in its config; undeclared, GET needs
 * `read` and any other method `admin`:
 * @example
 * app.get('/live', { config: { scope: 'public' } }, handler)
 * app.get('/', { config: { rateClass: 'scrape' } }, handler)        // scope read, scrape budget
 * app.post('/events', { config: { scope: 'write' } }, handler)      // ingest budget
 * app.post('/clear', { config: { scope: 'admin' } }, handler)
 */
export const security = fp(securityPlugin, { name: 'breakout-metrics-security', fastify: '5.x' })
