import { API_BASE, authHeaders, requestKey } from './api.ts'
import { SseParser } from './sse-parser.ts'

import type { StreamPayload } from '../../src/http/stream-wire.ts'

export type { StreamPayload, StreamSeries, SystemSample } from '../../src/http/stream-wire.ts'

/** How the dashboard gets its live data right now. */
export type LiveMode = 'connecting' | 'live' | 'reconnecting' | 'polling'

export interface LiveStreamOptions {
  /** Metric names and prefix* patterns, as GET /stream's `metrics`. */
  metrics: string
  onUpdate: (payload: StreamPayload) => void
  onMode: (mode: LiveMode) => void
  /** Called instead of the stream once it has failed `maxFailures` times in a row. */
  onFallback: () => void
  maxFailures?: number
}

/**
 * Reads GET /stream over fetch() (EventSource cannot send the API key
 * header), reconnecting after the server's `retry:` delay with the last
 * event id, so that no update is lost across a reconnect. After repeated
 * failures (no such route, a proxy that buffers, an old browser) it hands
 * over to polling.
 */
export class LiveStream {
  private readonly options: LiveStreamOptions
  private controller: AbortController | null = null
  private lastEventId = ''
  private failures = 0
  private stopped = false

  constructor (options: LiveStreamOptions) {
    this.options = options
  }

  start (): void {
    this.stopped = false
    void this.loop()
  }

  stop (): void {
    this.stopped = true
    this.controller?.abort()
  }

  private async loop (): Promise<void> {
    const max = this.options.maxFailures ?? 3
    let retryMs = 3000
    this.options.onMode('connecting')
    while (!this.stopped) {
      const parser = new SseParser()
      let received = false
      try {
        received = await this.readOnce(parser)
      } catch (error) {
        if ((error as Error).name === 'AbortError' && this.stopped) return
      }
      retryMs = parser.retryMs ?? retryMs
      this.failures = received ? 0 : this.failures + 1
      if (this.stopped) return
      if (this.failures >= max) {
        this.options.onMode('polling')
        this.options.onFallback()
        return
      }
      this.options.onMode('reconnecting')
      await new Promise((resolve) => setTimeout(resolve, retryMs * (1 + this.failures)))
    }
  }

  /** One connection; true when it delivered at least one update. */
  private async readOnce (parser: SseParser): Promise<boolean> {
    this.controller = new AbortController()
    const params = new URLSearchParams({ metrics: this.options.metrics })
    const headers = authHeaders({ accept: 'text/event-stream' })
    if (this.lastEventId !== '') headers['last-event-id'] = this.lastEventId
    const res = await fetch(`${API_BASE}/stream?${params.toString()}`, { headers, signal: this.controller.signal, cache: 'no-store' })
    if (res.status === 401) {
      await requestKey('This service requires an API key.')
      return true
    }
    if (!res.ok || res.body === null) return false
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
    let received = false
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return received
      for (const event of parser.push(value)) {
        if (event.event !== 'update') continue
        this.lastEventId = event.id
        if (!received) this.options.onMode('live')
        received = true
        this.options.onUpdate(JSON.parse(event.data) as StreamPayload)
      }
    }
  }
}
