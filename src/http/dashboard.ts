import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'

/**
 * Where `npm run build:web` writes the dashboard: web/dist at the package
 * root, two levels up from this file both in src/http and in dist/http.
 */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url))

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8'
}

interface Asset { body: Buffer, type: string, etag: string }

/** The built files, read once: a few hundred KB that never change while the service runs. */
function readAssets (root: string): Map<string, Asset> {
  const assets = new Map<string, Asset>()
  for (const name of readdirSync(root)) {
    const path = join(root, name)
    const type = TYPES[extname(name)]
    if (type === undefined || !statSync(path).isFile()) continue
    const body = readFileSync(path)
    assets.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` })
  }
  return assets
}

/**
 * Serves the built-in dashboard at `/` from `root` (default DASHBOARD_DIR),
 * under the service's Content-Security-Policy (security/response-headers.ts:
 * everything from 'self', nothing inline). Its files are public, also when API keys are set: the page must load to
 * ask for a key; the data it shows comes from the API, which checks it.
 * When it has not been built, `/` says how to build it instead of a bare 404.
 */
export async function dashboardRoutes (app: FastifyInstance, root: string = DASHBOARD_DIR): Promise<void> {
  const config = { scope: 'public' as const }
  // Every route here is hidden from the OpenAPI description: static files of the page, not part of the API.
  if (!existsSync(join(root, 'index.html'))) {
    app.get('/', { schema: { hide: true }, config }, async (_request, reply) => {
      return await reply.code(503).type('text/plain; charset=utf-8')
        .send('The dashboard has not been built: run `npm run build:web` (npm start and npm test do it), then restart.\n' +
          'The Metrics API is at /api/metrics/summary, its description at /api/docs.\n')
    })
    return
  }
  for (const [name, asset] of readAssets(root)) {
    const url = name === 'index.html' ? '/' : `/${name}`
    app.get(url, { schema: { hide: true }, config }, async (request, reply) => {
      void reply.headers({
        'content-type': asset.type,
        etag: asset.etag,
        // Unhashed names: revalidate every time (a 304 costs one round trip).
        'cache-control': 'no-cache'
      })
      if (request.headers['if-none-match'] === asset.etag) return await reply.code(304).send()
      return await reply.send(asset.body)
    })
  }
}
