import type { FastifyInstance } from 'fastify'
import { parseApiKeys } from '../../../src/http/security/api-keys.ts'
import type { RateLimits } from '../../../src/http/security/rate-limit-config.ts'
import { makeApp } from './helpers.ts'
import type { MetricsLogger, MetricsLoggerOptions } from '../../../src/logger/metrics-logger.ts'
import type { AppOptions } from '../../../src/http/app.ts'

/** Test keys, one per scope; 26 characters each. */
export const KEYS = Object.freeze({
  read: 'test-read-key-0123456789ab',
  write: 'test-write-key-0123456789a',
  admin: 'test-admin-key-0123456789a',
  wrong: 'test-wrong-key-0123456789a'
})

export const NO_LIMITS: RateLimits = { read: null, scrape: null, ingest: null, admin: null }

/** An app with one key per scope; log lines collected in `lines` (level info). */
export async function makeKeyedApp (appOptions: Omit<AppOptions, 'logger'> = {}, loggerOptions: MetricsLoggerOptions = {}): Promise<{ app: FastifyInstance, logger: MetricsLogger, lines: string[] }> {
  const lines: string[] = []
  const { app, logger } = await makeApp(loggerOptions, {
    logLevel: 'info',
    logStream: { write: (line: string) => { lines.push(line) } },
    ...appOptions,
    security: {
      keys: parseApiKeys(`read:${KEYS.read},write:${KEYS.write},admin:${KEYS.admin}`, 'test'),
      rateLimits: NO_LIMITS,
      ...appOptions.security
    }
  })
  return { app, logger, lines }
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` })

/** Audit records among log lines. */
export function auditLines (lines: readonly string[]): Array<Record<string, unknown>> {
  return lines.map((l) => JSON.parse(l) as { audit?: Record<string, unknown> }).flatMap((l) => l.audit === undefined ? [] : [l.audit])
}

/**
 * Every (method, path) Fastify knows, read from printRoutes: routes added by
 * anyone, later, are in it without a change here.
 */
export function knownRoutes (app: FastifyInstance): Array<{ method: string, path: string }> {
  const out: Array<{ method: string, path: string }> = []
  const stack: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line)
    if (m === null) continue
    const depth = m[1].length / 4
    stack.length = depth
    stack.push(m[2])
    if (m[3] === undefined) continue
    for (const method of m[3].split(', ')) out.push({ method, path: stack.join('') })
  }
  return out
}
