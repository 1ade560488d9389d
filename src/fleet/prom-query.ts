import { FleetQueryError } from '../core/errors.ts'

/** One series of an instant query's answer: its labels and value. */
export interface VectorSample {
  labels: Record<string, string>
  value: number
}

/** What the fleet view asks of a store. */
export interface PromQueryClient {
  /** The base URL queries go to, for messages. */
  readonly url: string
  /** An instant query at `timeMs`; throws FleetQueryError. */
  query: (expr: string, timeMs: number) => Promise<VectorSample[]>
}

interface PromAnswer {
  status?: string
  error?: string
  data?: { resultType?: string, result?: Array<{ metric?: Record<string, string>, value?: [number, string] }> }
}

/**
 * A client of the Prometheus HTTP query API (`GET /api/v1/query`), which
 * VictoriaMetrics, Prometheus, Thanos and Mimir all serve. `baseUrl` is the
 * server root, e.g. http://127.0.0.1:8428.
 */
export function promQueryClient (baseUrl: string, options: { timeoutMs?: number, bearerToken?: string } = {}): PromQueryClient {
  const url = baseUrl.replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? 5000
  const headers: Record<string, string> = { accept: 'application/json' }
  if (options.bearerToken !== undefined) headers.authorization = `Bearer ${options.bearerToken}`
  return {
    url,
    query: async (expr, timeMs) => {
      const params = new URLSearchParams({ query: expr, time: (timeMs / 1000).toFixed(3) })
      let res: Response
      try {
        res = await fetch(`${url}/api/v1/query?${params.toString()}`, { headers, signal: AbortSignal.timeout(timeoutMs) })
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code
        throw new FleetQueryError(url, `unreachable: ${cause ?? (error as Error).message}`)
      }
      const text = await res.text()
      let body: PromAnswer
      try {
        body = JSON.parse(text) as PromAnswer
      } catch {
        throw new FleetQueryError(url, `HTTP ${res.status}, not a Prometheus query API answer: ${text.slice(0, 120)}`)
      }
      if (!res.ok || body.status !== 'success') {
        throw new FleetQueryError(url, `HTTP ${res.status}: ${(body.error ?? text).slice(0, 300)}`)
      }
      if (body.data?.resultType !== 'vector' || !Array.isArray(body.data.result)) {
        throw new FleetQueryError(url, `expected a vector for ${expr.slice(0, 80)}, got ${String(body.data?.resultType)}`)
      }
      return body.data.result.map((r) => ({ labels: r.metric ?? {}, value: Number(r.value?.[1]) }))
    }
  }
}
