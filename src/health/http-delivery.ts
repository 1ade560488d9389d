import { setTimeout as sleep } from 'node:timers/promises'
import { redactUrl, redactUrlIn } from '../core/redact-url.ts'
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
 * The wait a `Retry-After` header asks for, ms: delay-seconds or an HTTP
 * date (RFC 9110 §10.2.3); null when absent or unreadable.
 */
export function retryAfterMs (header: string | null, nowMs: number): number | null {
  if (header === null || header.trim() === '') return null
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs)
}

/**
 * Posts JSON bodies to one URL, one at a time in order, off the caller's
 * path: `post` queues and returns at once; a worker sends with a timeout
 * per attempt and retries with exponential backoff (backoff, 2 x backoff,
 * ... up to maxBackoff), or after the wait a 429 or 503 names in
 * `Retry-After` when that is longer (capped at 10 x maxBackoff). With
 * `minIntervalMs`, posts start at least that far apart (a chat's rate
 * limit). The queue is bounded: when full, the oldest body is dropped and
 * counted, so a receiver that is down or a burst of events costs bounded
 * memory and never floods the receiver or slows the API. Timers are unref'd.
 */
export class HttpDelivery {
  readonly url: string
  private readonly config: DeliveryConfig
  private readonly queue: string[] = []
  private readonly counts: DeliveryStats = { queued: 0, sent: 0, failed: 0, dropped: 0, retries: 0, last_error: null }
  private readonly warn: (message: string) => void
  private readonly closing = new AbortController()
  private worker: Promise<void> | null = null
  private lastStartMs = -Infinity

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

  /** Waits `ms` unless closed first; false when closed. */
  private async pause (ms: number): Promise<boolean> {
    if (ms <= 0) return !this.closing.signal.aborted
    try {
      await sleep(ms, undefined, { ref: false, signal: this.closing.signal })
      return true
    } catch {
      return false
    }
  }

  private async deliver (body: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const interval = this.config.minIntervalMs ?? 0
      if (interval > 0 && !(await this.pause(this.lastStartMs + interval - Date.now()))) return
      this.lastStartMs = Date.now()
      const error = await this.attempt(body)
      if (error === null) {
        this.counts.sent++
        return
      }
      this.counts.last_error = error.message
      if (!error.retry || attempt >= this.config.retries || this.closing.signal.aborted) {
        this.counts.failed++
        this.warn(`notification to ${redactUrl(this.url)} failed after ${attempt + 1} attempt(s): ${error.message}`)
        return
      }
      this.counts.retries++
      const backoff = Math.min(this.config.maxBackoffMs, this.config.backoffMs * 2 ** attempt)
      const asked = error.retryAfterMs === null ? 0 : Math.min(error.retryAfterMs, 10 * this.config.maxBackoffMs)
      if (!(await this.pause(Math.max(backoff, asked)))) return // closed while waiting
    }
  }

  /** One POST; null on 2xx, else what went wrong and whether a retry may help. */
  private async attempt (body: string): Promise<{ message: string, retry: boolean, retryAfterMs: number | null } | null> {
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
      const after = response.status === 429 || response.status === 503 ? retryAfterMs(response.headers.get('retry-after'), Date.now()) : null
      return { message: `HTTP ${response.status}: ${text.slice(0, 200)}`, retry: retryable(response.status), retryAfterMs: after }
    } catch (error) {
      const e = error as Error
      // fetch's own messages may quote the URL (one with user info is refused with it).
      const message = e.name === 'TimeoutError' ? `no answer within ${this.config.timeoutMs} ms` : redactUrlIn(`${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ''}`, this.url)
      return { message, retry: true, retryAfterMs: null }
    }
  }
}
