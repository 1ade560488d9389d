import { RemoteWriteError } from '../core/errors.ts'
import { redactUrl, redactUrlIn } from '../core/redact-url.ts'
import { ChunkQueue } from './chunk-queue.ts'
import type { ProtobufWriter } from './protobuf-writer.ts'
import type * as Encoding from './remote-write-encoding.ts'
import type { RemoteSample } from './remote-write-encoding.ts'
import { REMOTE_WRITE_DEFAULTS, validateRemoteWriteOptions } from './remote-write-options.ts'
import type { RemoteWriteOptions } from './remote-write-options.ts'
import type { RemoteWriteStats } from './remote-write-stats.ts'

export type { RemoteWriteStats } from './remote-write-stats.ts'

let encoding: typeof Encoding | null = null

/**
 * The protobuf and snappy encoding, loaded by the first collect or send
 * rather than with the library: a bot that never remote-writes does not
 * pay for it at import (bench/import.bench.ts).
 */
async function loadEncoding (): Promise<typeof Encoding> {
  encoding ??= await import('./remote-write-encoding.ts')
  return encoding
}

/**
 * Pushes samples to a Prometheus remote-write 1.0 receiver (Prometheus,
 * VictoriaMetrics, Mimir, Thanos Receive): every `intervalMs` it takes
 * samples from `collect()`, encodes them (protobuf WriteRequest), queues
 * them in a bounded queue and sends them in snappy-compressed batches.
 *
 * The caller is never blocked and never sees an exception: collecting and
 * sending run on the writer's timer, in the background. A receiver that
 * answers 5xx or 429, or cannot be reached, gets the batch again after an
 * exponential backoff (`minBackoffMs` doubling to `maxBackoffMs`); one that
 * answers another 4xx gets nothing more of that batch, as the spec requires.
 * While the receiver is away the queue keeps the newest `maxQueueSamples`
 * and counts what it drops (`stats.droppedSamples`).
 *
 * @example
 * const writer = new RemoteWriter({
 *   url: 'http://victoria:8428/api/v1/write',
 *   collect: () => [{ labels: { __name__: 'up_seconds' }, value: 42, timestampMs: Date.now() }],
 *   externalLabels: { job: 'breakout-bot', instance: 'bot-1' }
 * })
 * writer.start()
 * // ... later
 * await writer.stop()
 */
export class RemoteWriter {
  readonly options: Readonly<Required<Omit<RemoteWriteOptions, 'bearerToken' | 'basicAuth'>>>
  #headers: Record<string, string>
  #queue: ChunkQueue
  /** Made with the first collect, when the encoding is loaded. */
  #encoder: ProtobufWriter | null = null
  #stats: RemoteWriteStats = {
    collectedSamples: 0,
    sentSamples: 0,
    droppedSamples: 0,
    droppedQueueFull: 0,
    droppedRejected: 0,
    droppedInvalid: 0,
    failedRequests: 0,
    queuedSamples: 0,
    queuedBytes: 0,
    lastSuccessMs: null,
    lastError: null
  }

  #interval: NodeJS.Timeout | null = null
  #retryTimer: NodeJS.Timeout | null = null
  #backoffMs: number
  #pumping: Promise<void> | null = null
  #abort = new AbortController()
  #stopping: Promise<void> | null = null
  #stopped = false
  #collecting = false
  // Failure kinds reported since the last success: one warning per kind.
  #reported = new Set<string>()

  constructor (options: RemoteWriteOptions) {
    validateRemoteWriteOptions(options)
    const { bearerToken, basicAuth, ...rest } = options
    const set = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined))
    this.options = Object.freeze({ ...REMOTE_WRITE_DEFAULTS, ...set, url: options.url, collect: options.collect })
    this.#headers = {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'snappy',
      'x-prometheus-remote-write-version': '0.1.0',
      'user-agent': this.options.userAgent
    }
    if (bearerToken !== undefined) this.#headers.authorization = `Bearer ${bearerToken}`
    if (basicAuth !== undefined) {
      this.#headers.authorization = `Basic ${Buffer.from(`${basicAuth.username}:${basicAuth.password}`).toString('base64')}`
    }
    this.#queue = new ChunkQueue(this.options.maxQueueSamples, this.options.maxQueueBytes)
    this.#backoffMs = this.options.minBackoffMs
  }

  /** A copy of the counters. */
  get stats (): RemoteWriteStats {
    this.#stats.queuedSamples = this.#queue.length
    this.#stats.queuedBytes = this.#queue.bytes
    return { ...this.#stats }
  }

  /** Collects and sends every `intervalMs` until `stop()`. The timer does not keep the process alive. */
  start (): void {
    if (this.#interval !== null || this.#stopping !== null) return
    this.#interval = setInterval(() => { this.#tick() }, this.options.intervalMs)
    this.#interval.unref()
  }

  /**
   * Takes one round of samples from `collect()` into the queue, now.
   * Resolves with how many samples were queued; never rejects.
   */
  async collectNow (): Promise<number> {
    let samples: Iterable<RemoteSample>
    try {
      samples = await this.options.collect()
    } catch (err) {
      this.#report('collect', new RemoteWriteError(`remote write: collect() failed: ${(err as Error).message}`, null, false))
      return 0
    }
    const { encodeSampleChunk, newEncoder } = encoding ?? await loadEncoding()
    const encoder = this.#encoder ??= newEncoder()
    let queued = 0
    for (const sample of samples) {
      this.#stats.collectedSamples++
      const chunk = encodeSampleChunk(sample, this.options.externalLabels, encoder)
      if (chunk === null) {
        this.#drop('invalid', 1)
        continue
      }
      const dropped = this.#queue.push(chunk)
      if (dropped > 0) this.#drop('queueFull', dropped)
      queued++
    }
    return queued
  }

  /**
   * Sends what is queued now, without waiting out a backoff. Resolves when
   * the queue is empty (true) or a request failed (false); never rejects.
   */
  async flush (): Promise<boolean> {
    this.#clearRetry()
    await this.#pump()
    return this.#queue.length === 0
  }

  /**
   * Stops the timers, makes a last attempt to send what is queued (bounded by
   * `timeoutMs`), then aborts anything still in flight. Idempotent.
   */
  async stop (): Promise<void> {
    this.#stopping ??= this.#stop()
    await this.#stopping
  }

  async #stop (): Promise<void> {
    if (this.#interval !== null) clearInterval(this.#interval)
    this.#interval = null
    this.#clearRetry()
    // The last attempt may not outlast timeoutMs, however many batches remain.
    const deadline = setTimeout(() => { this.#abort.abort() }, this.options.timeoutMs)
    try {
      if (this.#pumping !== null) await this.#pumping
      if (!this.#abort.signal.aborted) await this.#pump()
    } finally {
      clearTimeout(deadline)
      this.#stopped = true
      this.#abort.abort()
    }
  }

  #tick (): void {
    // A slow collect() must not pile up rounds: skip a tick while one runs.
    if (this.#collecting) return
    this.#collecting = true
    this.collectNow().then(() => {
      this.#collecting = false
      // During a backoff the retry timer sends; the queue just fills (bounded).
      if (this.#retryTimer === null && this.#stopping === null) this.#kick()
    }, () => { this.#collecting = false })
  }

  /** Starts a drain from a timer, where no one awaits it. */
  #kick (): void {
    this.#pump().catch((err: unknown) => {
      this.#report('internal', new RemoteWriteError(`remote write: ${(err as Error).message}`, null, false))
    })
  }

  #pump (): Promise<void> {
    if (this.#pumping === null) {
      this.#pumping = this.#drain().finally(() => { this.#pumping = null })
    }
    return this.#pumping
  }

  async #drain (): Promise<void> {
    while (this.#queue.length > 0 && !this.#stopped) {
      const batch = this.#queue.take(this.options.maxBatchSamples)
      const outcome = await this.#send(batch)
      if (outcome === 'sent') continue
      if (outcome === 'retry') {
        const dropped = this.#queue.requeue(batch)
        if (dropped > 0) this.#drop('queueFull', dropped)
        this.#scheduleRetry()
        return
      }
      this.#drop('rejected', batch.length)
    }
  }

  async #send (batch: Uint8Array[]): Promise<'sent' | 'retry' | 'rejected'> {
    const { snappyBlock, joinChunks } = encoding ?? await loadEncoding()
    const body = snappyBlock(joinChunks(batch))
    let status: number
    let text = ''
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers: this.#headers,
        body,
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.#abort.signal])
      })
      status = res.status
      // Read the body either way: it frees the connection for reuse.
      text = (await res.text()).slice(0, 512)
    } catch (err) {
      this.#stats.failedRequests++
      const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message
      this.#report('network', new RemoteWriteError(`remote write to ${redactUrl(this.options.url)} failed: ${redactUrlIn(cause, this.options.url)}`, null, true))
      return 'retry'
    }
    if (status >= 200 && status < 300) {
      this.#stats.sentSamples += batch.length
      this.#stats.lastSuccessMs = Date.now()
      this.#stats.lastError = null
      this.#backoffMs = this.options.minBackoffMs
      this.#reported.clear()
      return 'sent'
    }
    this.#stats.failedRequests++
    const retryable = status >= 500 || status === 429
    // The URL may carry a token (path or query): errors and stats.lastError name its host only.
    const message = `remote write to ${redactUrl(this.options.url)}: HTTP ${status}${text === '' ? '' : `: ${redactUrlIn(text.trim(), this.options.url)}`}`
    this.#report(`http-${status}`, new RemoteWriteError(message, status, retryable))
    return retryable ? 'retry' : 'rejected'
  }

  #scheduleRetry (): void {
    if (this.#stopping !== null) return
    const delay = this.#backoffMs
    this.#backoffMs = Math.min(this.#backoffMs * 2, this.options.maxBackoffMs)
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null
      this.#kick()
    }, delay)
    this.#retryTimer.unref()
  }

  #clearRetry (): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer)
    this.#retryTimer = null
  }

  #drop (reason: 'queueFull' | 'rejected' | 'invalid', n: number): void {
    this.#stats.droppedSamples += n
    if (reason === 'queueFull') this.#stats.droppedQueueFull += n
    else if (reason === 'rejected') this.#stats.droppedRejected += n
    else this.#stats.droppedInvalid += n
  }

  #report (kind: string, err: RemoteWriteError): void {
    this.#stats.lastError = err.message
    if (this.#reported.has(kind)) return
    this.#reported.add(kind)
    try {
      this.options.onError(err)
    } catch {
      // A throwing hook must not stop the writer.
    }
  }
}
