import { getJson } from './api.ts'
import type { StreamPayload, StreamSeries, SystemSample } from './live-stream.ts'

type SeriesMap = Record<string, Array<{ labels: Record<string, string>, points: Array<{ timestamp: number, value: number }> }>>

/** Whether `name` matches a GET /stream style list of names and prefix* patterns. */
export function matchesPatterns (name: string, patterns: string): boolean {
  return patterns.split(',').some((p) => p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p)
}

/**
 * The fallback when the stream cannot be used: every `intervalMs`, the
 * newest points of every series (GET /all), the newest system samples and
 * the health, shaped as a stream update. Points already held are skipped
 * by the buffers, so overlapping polls add nothing twice.
 */
export class Poller {
  private timer: ReturnType<typeof setInterval> | null = null
  private readonly metrics: string
  private readonly onUpdate: (payload: StreamPayload) => void
  private readonly intervalMs: number
  private busy = false

  constructor (metrics: string, onUpdate: (payload: StreamPayload) => void, intervalMs = 5000) {
    this.metrics = metrics
    this.onUpdate = onUpdate
    this.intervalMs = intervalMs
  }

  start (): void {
    if (this.timer !== null) return
    void this.poll()
    this.timer = setInterval(() => { void this.poll() }, this.intervalMs)
  }

  stop (): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }

  private async poll (): Promise<void> {
    if (this.busy) return
    this.busy = true
    try {
      const [all, system, health] = await Promise.all([
        getJson<{ metrics: SeriesMap, timestamp: number }>('/all', { last_n: 100 }),
        getJson<{ samples: SystemSample[] }>('/system', { last_n: 5 }),
        getJson<StreamPayload['health']>('/health')
      ])
      const series: StreamSeries[] = []
      for (const [n, list] of Object.entries(all.metrics)) {
        if (!matchesPatterns(n, this.metrics)) continue
        for (const s of list) series.push({ n, l: s.labels, t: s.points.map((p) => p.timestamp), v: s.points.map((p) => p.value) })
      }
      this.onUpdate({ t: all.timestamp, series, system: system.samples, health: { status: health.status, issues: health.issues } })
    } catch {
      // The next poll tries again; the mode indicator already says "polling".
    } finally {
      this.busy = false
    }
  }
}
