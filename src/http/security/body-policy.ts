import type { FastifyInstance } from 'fastify'
import { installJsonParser } from './json-body.ts'

/** Request bodies larger than this are refused with 413 (a 10,000-item batch fits). */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024

/**
 * What a request body may be on the routes the security layer covers: JSON
 * only (a text body must not be coerced into a batch), nested at most
 * `maxJsonDepth`, at most `bodyLimitBytes` unless a route says otherwise.
 * The limit is set on each route rather than on the server, so that the API
 * mounted in an app of its own has the same limit as the stand-alone
 * service, whatever that app's server-wide limit (Fastify's default is 1 MiB).
 */
export function applyBodyPolicy (app: FastifyInstance, bodyLimitBytes: number, maxJsonDepth: number): void {
  if (app.hasContentTypeParser('text/plain')) app.removeContentTypeParser('text/plain')
  installJsonParser(app, maxJsonDepth)
  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= bodyLimitBytes
  })
}
