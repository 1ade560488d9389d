import cors from '@fastify/cors'
import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet from 'helmet'
import type { HelmetOptions } from 'helmet'
import type { FastifyInstance } from 'fastify'

/**
 * The Content-Security-Policy of every response. The dashboard served at `/`
 * loads its own scripts and styles and calls this API: 'self' for all of
 * them, nothing inline, no plugins, never framed. A page that needs more must
 * say why here.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"]
})

/** Headers of errors answered before routing (bad URL encoding, over-long parameter), where no hook runs. */
export const EARLY_ERROR_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer'
})

/** Headers added to cross-origin responses for allowed origins, so that browser clients can pace themselves. */
const EXPOSED_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After']

/**
 * Security headers on every response (helmet): nosniff, frame denial,
 * no referrer, the CSP above, and HSTS only when the service itself speaks
 * TLS (over plain HTTP it would be ignored, or pin a proxy's name by
 * mistake). `upgrade-insecure-requests` is left out: over plain HTTP on a
 * LAN it would break the dashboard's own assets.
 */
function helmetOptions (tls: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES as Record<string, string[]> },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: tls ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    // The API serves JSON and text; nothing it sends embeds cross-origin resources.
    crossOriginEmbedderPolicy: false
  }
}

/**
 * The headers helmet sets for these options, read once by running its
 * middleware against a recorder. Every value here is static (no nonces, no
 * per-request directives), so they are the same for every response; building
 * them per request, as @fastify/helmet does, cost a third of the throughput
 * of a cached /summary (docs/BENCHMARKS.md).
 */
export function securityHeaders (tls: boolean): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {}
  const recorder = {
    setHeader (name: string, value: unknown) { headers[name.toLowerCase()] = String(value) },
    removeHeader (name: string) { Reflect.deleteProperty(headers, name.toLowerCase()) }
  }
  helmet(helmetOptions(tls))({} as unknown as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined && error !== null) throw error
  })
  return Object.freeze(headers)
}

export function registerSecurityHeaders (app: FastifyInstance, tls: boolean): void {
  const headers = securityHeaders(tls)
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers)
    done()
  })
}

/**
 * CORS, off unless origins are listed: browsers then refuse cross-origin
 * reads of the API. Listed origins may call GET, HEAD and POST with a key in
 * Authorization or X-API-Key; no cookies are involved, so credentials stay off.
 */
export async function registerCors (app: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return
  await app.register(cors, {
    origin: [...origins],
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ['Authorization', 'X-API-Key', 'Content-Type'],
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: 600
  })
}
