import { FleetQueryError } from '../core/errors.ts'

/** A firing alert as the fleet view shows it. */
export interface FleetAlert {
  alertname: string
  severity: string
  summary: string
  starts_at: string
  labels: Record<string, string>
}

interface AmAlert {
  labels?: Record<string, string>
  annotations?: Record<string, string>
  startsAt?: string
  status?: { state?: string }
}

/**
 * The active alerts of an Alertmanager (API v2, `GET /api/v2/alerts`),
 * neither silenced nor inhibited: what the person on call is told about.
 * Throws FleetQueryError when it cannot be read.
 */
export async function fetchActiveAlerts (baseUrl: string, timeoutMs = 5000): Promise<FleetAlert[]> {
  const url = baseUrl.replace(/\/+$/, '')
  let res: Response
  try {
    res = await fetch(`${url}/api/v2/alerts?active=true&silenced=false&inhibited=false`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code
    throw new FleetQueryError(url, `Alertmanager unreachable: ${cause ?? (error as Error).message}`)
  }
  const text = await res.text()
  if (!res.ok) throw new FleetQueryError(url, `Alertmanager answered HTTP ${res.status}: ${text.slice(0, 200)}`)
  let alerts: AmAlert[]
  try {
    alerts = JSON.parse(text) as AmAlert[]
  } catch {
    throw new FleetQueryError(url, 'Alertmanager answered something other than JSON')
  }
  if (!Array.isArray(alerts)) throw new FleetQueryError(url, 'Alertmanager answered something other than a list of alerts')
  return alerts.filter((a) => a.status?.state === undefined || a.status.state === 'active').map((a) => ({
    alertname: a.labels?.alertname ?? '',
    severity: a.labels?.severity ?? '',
    summary: a.annotations?.summary ?? '',
    starts_at: a.startsAt ?? '',
    labels: a.labels ?? {}
  }))
}
