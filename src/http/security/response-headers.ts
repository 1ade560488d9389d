import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'

/**
 * The Content-Security-Policy of every response. The dashboard served at `/`
 * loads its own scripts and styles and calls this API: 'self' for all of
 * them, nothing inline, no plugins, never framed. A page that needs more must
 * say why here. `upgrade-insecure-requests` is left out: over plain HTTP on a
 * LAN it would break the dashboard's own assets.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'"
].join(';')

/**
 * The security headers of every response, as sent. All are static (no
 * nonces, no per-request directives), so one frozen table serves every
 * response: building them per request, as @fastify/helmet does, cost a third
 * of the throughput of a cached /summary (docs/BENCHMARKS.md). The API serves
 * JSON and text and the dashboard embeds nothing cross-origin, so
 * Cross-Origin-Embedder-Policy is not needed. `X-XSS-Protection: 0` turns off
 * the legacy filter of old browsers, which could itself be abused; the CSP
 * does that job.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0'
})

/**
 * HSTS, added only when the service itself speaks TLS: over plain HTTP
 * browsers ignore it, and behind a proxy it would pin the proxy's name by
 * mistake. 180 days, this host only.
 */
export const TLS_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'strict-transport-security': 'max-age=15552000'
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

const TLS_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({ ...SECURITY_HEADERS, ...TLS_HEADERS })

/** The security headers of every response: the table, with HSTS when `tls`. Frozen, shared. */
export function securityHeaders (tls: boolean): Readonly<Record<string, string>> {
  return tls ? TLS_SECURITY_HEADERS : SECURITY_HEADERS
}

/** Sends `securityHeaders(tls)` on every response, set before the route runs. */
export function registerSecurityHeaders (app: FastifyInstance, tls: boolean): void {
  // Names and values listed once: `reply.headers(table)` lists the table's keys anew on every request.
  const headers = securityHeaders(tls)
  const names = Object.keys(headers)
  const values = names.map((name) => headers[name])
  const count = names.length
  app.addHook('onRequest', (_request, reply, done) => {
    for (let i = 0; i < count; i++) void reply.header(names[i], values[i])
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
