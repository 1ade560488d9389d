import { freePort } from './free-port.ts'
import { startProcess } from './server-process.ts'
import type { Started } from './server-process.ts'

/** A VictoriaMetrics single-node server on 127.0.0.1, and its APIs. */
export interface VictoriaMetrics {
  port: number
  base: string
  /** Prometheus remote-write endpoint. */
  writeUrl: string
  process: Started
  /** Makes just-written samples searchable (otherwise up to ~1 s later). */
  forceFlush: () => Promise<void>
  /** Raw samples of the series matching `match`, as /api/v1/export gives them. */
  exportSeries: (match: string) => Promise<ExportedSeries[]>
  /** An instant PromQL query through /api/v1/query. */
  query: (expr: string) => Promise<Array<{ metric: Record<string, string>, value: [number, string] }>>
  stop: () => Promise<void>
}

export interface ExportedSeries {
  metric: Record<string, string>
  values: number[]
  timestamps: number[]
}

/**
 * Starts /usr/bin/victoria-metrics on `port` (a free one if not given) with
 * its data in `dataDir`. `-search.latencyOffset=0s` makes fresh samples
 * queryable at once (the default hides the last 30 s).
 */
export async function startVictoriaMetrics (dataDir: string, port?: number): Promise<VictoriaMetrics> {
  const p = port ?? await freePort()
  const base = `http://127.0.0.1:${p}`
  const proc = await startProcess('victoria-metrics', [
    `-httpListenAddr=127.0.0.1:${p}`,
    `-storageDataPath=${dataDir}`,
    '-retentionPeriod=1d',
    '-search.latencyOffset=0s',
    '-search.disableCache',
    '-loggerLevel=WARN'
  ], { readyUrl: `${base}/health` })
  return {
    port: p,
    base,
    writeUrl: `${base}/api/v1/write`,
    process: proc,
    forceFlush: async () => {
      const res = await fetch(`${base}/internal/force_flush`)
      await res.arrayBuffer()
    },
    exportSeries: async (match) => {
      const res = await fetch(`${base}/api/v1/export?${new URLSearchParams({ 'match[]': match })}`)
      const text = await res.text()
      if (!res.ok) throw new Error(`export ${match}: HTTP ${res.status} ${text}`)
      return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as ExportedSeries)
    },
    query: async (expr) => {
      const res = await fetch(`${base}/api/v1/query?${new URLSearchParams({ query: expr })}`)
      const body = await res.json() as { status: string, data: { result: Array<{ metric: Record<string, string>, value: [number, string] }> } }
      if (body.status !== 'success') throw new Error(`query ${expr}: ${JSON.stringify(body)}`)
      return body.data.result
    },
    stop: async () => { await proc.stop() }
  }
}
