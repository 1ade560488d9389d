import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance, FastifyReply } from 'fastify'
import fastifyStatic from '@fastify/static'

/**
 * Where `npm run build:web` writes the dashboard: web/dist at the package
 * root, two levels up from this file both in src/http and in dist/http.
 */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url))

/**
 * Everything the page loads comes from this service: no inline script, no
 * third-party origin. uPlot sizes its elements through the CSSOM, which a
 * style-src without 'unsafe-inline' allows.
 */
const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

function setSecurityHeaders (reply: FastifyReply): void {
  void reply.headers({
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer'
  })
}

/**
 * Serves the built-in dashboard at `/` from `root` (default DASHBOARD_DIR).
 * When it has not been built, `/` says how to build it instead of a bare 404.
 */
export async function dashboardRoutes (app: FastifyInstance, root: string = DASHBOARD_DIR): Promise<void> {
  if (!existsSync(root + '/index.html')) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => {
      return await reply.code(503).type('text/plain; charset=utf-8')
        .send('The dashboard has not been built: run `npm run build:web` (npm start and npm test do it), then restart.\n' +
          'The Metrics API is at /api/metrics/summary, its description at /api/docs.\n')
    })
    return
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file, found at start: unknown paths fall to the JSON 404.
    wildcard: false,
    index: ['index.html'],
    schemaHide: true,
    setHeaders: setSecurityHeaders
  })
}
