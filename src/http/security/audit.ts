import type { FastifyBaseLogger, FastifyRequest } from 'fastify'

/** Kinds of audit line. */
export type AuditEvent = 'auth_failure' | 'admin_action'

/** One audit record: who (key id), what, from where; pino adds when (`time`, epoch ms). */
export interface AuditRecord {
  event: AuditEvent
  /** Fingerprint of the key used or presented (8 hex digits), or null when none was sent. */
  key_id: string | null
  /** True when key_id belongs to a configured key. */
  key_known: boolean
  method: string
  /** The route pattern, e.g. /api/metrics/clear, or the path (cut to 200 characters) for unknown routes. */
  route: string
  /** Client address, through trusted proxies when trustProxy is set. */
  ip: string
  user_agent: string | null
  /** HTTP status answered. */
  status: number
  /** Why a request was refused, or what an admin action did. */
  reason?: string
  detail?: unknown
  request_id: string
}

declare module 'fastify' {
  interface FastifyRequest {
    /** What an admin route did, added to its audit line (e.g. the counts a clear removed). */
    auditDetail: unknown
  }
}

const clip = (s: string | undefined, n: number): string | null => s === undefined ? null : s.length > n ? s.slice(0, n) + '...' : s

/** The audit record of a request; never carries a key, only its fingerprint. */
export function auditRecord (request: FastifyRequest, event: AuditEvent, keyId: string | null, keyKnown: boolean, status: number, reason?: string): AuditRecord {
  const record: AuditRecord = {
    event,
    key_id: keyId,
    key_known: keyKnown,
    method: request.method,
    route: request.routeOptions.url ?? clip(request.url.split('?')[0], 200) ?? '',
    ip: request.ip,
    user_agent: clip(request.headers['user-agent'], 200),
    status,
    request_id: String(request.id)
  }
  if (reason !== undefined) record.reason = reason
  if (request.auditDetail !== undefined && request.auditDetail !== null) record.detail = request.auditDetail
  return record
}

/**
 * The logger audit lines go to: the app's, at warn level whatever level the
 * operator chose for the rest (error included), except silent.
 */
export function auditLogger (log: FastifyBaseLogger): FastifyBaseLogger {
  return log.child({}, { level: log.level === 'silent' ? 'silent' : 'warn' })
}

/** Writes one audit line: `{"level":40,"time":...,"audit":{...},"msg":"audit <event>"}`. */
export function writeAudit (log: FastifyBaseLogger, record: AuditRecord): void {
  log.warn({ audit: record }, `audit ${record.event}`)
}
