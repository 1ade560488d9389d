import { ApiError, getJson } from './api.ts'

/**
 * Which optional routes this service serves, read once from its OpenAPI
 * description: panels of routes it lacks say "not available" without a
 * request that would 404 (and log an error in the browser console).
 */
export interface Capabilities {
  trading: boolean
  trades: boolean
  alerts: boolean
  annotations: boolean
  /** GET /metric/{name} takes `step` (server-side downsampling). */
  metricStep: boolean
  /** GET /metric/{name} takes `format=columns` (timestamps and values as two arrays). */
  metricColumns: boolean
  /** False when the description could not be read: optional routes are probed instead. */
  known: boolean
}

interface OpenApi {
  paths?: Record<string, Record<string, { parameters?: Array<{ name?: string, in?: string }> }>>
}

const PREFIX = '/api/metrics'

/** Capabilities from GET /api/docs; on failure every optional route counts as present (and is probed). */
export async function readCapabilities (): Promise<Capabilities> {
  let doc: OpenApi
  try {
    doc = await getJson<OpenApi>('/api/docs')
  } catch (error) {
    // Only a service without the description (404) or one that hides it is probed; the rest is a real failure.
    if (!(error instanceof ApiError) || error.status === 401) throw error
    return { trading: true, trades: true, alerts: true, annotations: true, metricStep: false, metricColumns: false, known: false }
  }
  const paths = doc.paths ?? {}
  const has = (p: string): boolean => paths[PREFIX + p]?.get !== undefined
  const metricParams = paths[PREFIX + '/metric/{name}']?.get?.parameters ?? []
  return {
    trading: has('/trading'),
    trades: has('/trades'),
    alerts: has('/alerts'),
    annotations: has('/annotations'),
    metricStep: metricParams.some((p) => p.name === 'step' && p.in === 'query'),
    metricColumns: metricParams.some((p) => p.name === 'format' && p.in === 'query'),
    known: true
  }
}
