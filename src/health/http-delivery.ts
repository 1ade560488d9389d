import { setTimeout as sleep } from 'node:timers/promises'
import type { DeliveryConfig } from './health-config.ts'

/** Counters of a delivery queue, for `GET /api/metrics/alerts` and tests. */
export interface DeliveryStats {
  /** Posts waiting. */
  queued: number
  /** Posts answered 2xx. */
  sent: number
  /** Posts given up after their retries (or refused with a 4xx). */
  failed: number
  /** Posts dropped unsent because the queue was full (the oldest go first). */
  dropped: number
  /** Attempts after a first one. */
  retries: number
  last_error: string | null
}

/** A 4xx other than 408 and 429 will not succeed by retrying. */
function retryable (status: number): boolean {
  return status >= 500 || status === 408 || status === 429
}

/**
 * Posts JSON bodies to one URL, one at a time in order, off the caller's
 * path: `post` queues and returns at once; a worker sends with a timeout
 * per attempt and retries with exponential backoff (backoff, 2 x backoff,
 * ... up to maxBackoff). The queue is bounded: when full, the oldest body
 * is dropped and counted, so a receiver that is down costs bounded memory
 * and never slows the API. Backoff timers are unref'd.
 */
export class HttpDelivery {
  readonly url: string
  private readonly config: DeliveryConfig
  private readonly queue: string[] = []
  private readonly counts: DeliveryStats = { queued: 0, sent: 0, failed: 0, dropped: 0, retries: 0, last_error: null }
  private readonly warn: (message: string) => void
  private readonly closing = new AbortController()
  private worker: Promise<void> | null = null

  /** @param url where to post (the config's url, or a path under it). */
  constructor (config: DeliveryConfig, url: string = config.url, warn: (message: string) => void = () => {}) {
    this.config = config
    this.url = url
    this.warn = warn
  }

  /** Queues `body` (serialized now) and returns at once. False when the delivery is closed. */
  post (body: unknown): boolean {
    if (this.closing.signal.aborted) return false
    this.queue.push(JSON.stringify(body))
    if (this.queue.length > this.config.queueSize) {
      this.queue.shift()
      this.counts.dropped++
    }
    this.pump()
    return true
  }

  private pump (): void {
    if (this.worker !== null || this.queue.length === 0 || this.closing.signal.aborted) return
    // Restarts itself for a body queued after the drain loop ended but before this ran.
    this.worker = this.drain().finally(() => { this.worker = null; this.pump() })
  }

  /** Resolves once every queued body was sent or given up. */
  async flush (): Promise<void> {
    while (this.worker !== null) await this.worker
  }

  /** Drops what is queued, aborts the post in flight and stops. */
  close (): void {
    this.queue.length = 0
    this.closing.abort()
  }

  stats (): DeliveryStats {
    return { ...this.counts, queued: this.queue.length }
  }

  private async drain (): Promise<void> {
    while (this.queue.length > 0 && !this.closing.signal.aborted) {
      const body = this.queue.shift()!
      await this.deliver(body)
    }
  }

  private async deliver (body: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const error = await this.attempt(body)
      if (error === null) {
        this.counts.sent++
        return
      }
      this.counts.last_error = error.message
      if (!error.retry || attempt >= this.config.retries || this.closing.signal.aborted) {
        this.counts.failed++
        this.warn(`notification to ${this.url} failed after ${attempt + 1} attempt(s): ${error.message}`)
        return
      }
      this.counts.retries++
      const wait = Math.min(this.config.maxBackoffMs, this.config.backoffMs * 2 ** attempt)
      try {
        await sleep(wait, undefined, { ref: false, signal: this.closing.signal })
      } catch {
        return // closed while waiting
      }
    }
  }

  /** One POST; null on 2xx, else what went wrong and whether a retry may help. */
  private async attempt (body: string): Promise<{ message: string, retry: boolean } | null> {
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.config.headers },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(this.config.timeoutMs), this.closing.signal])
      })
      // Read the body so that the connection is released (and the timeout covers it).
      const text = await response.text()
      if (response.ok) return null
      return { message: `HTTP ${response.status}: ${text.slice(0, 200)}`, retry: retryable(response.status) }
    } catch (error) {
      const e = error as Error
      const message = e.name === 'TimeoutError' ? `no answer within ${this.config.timeoutMs} ms` : `${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ''}`
      return { message, retry: true }
    }
  }
}
