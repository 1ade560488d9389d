import { InvalidArgumentError } from '../core/errors.ts'

/** Limits and timings of the live streams. Defaults in DEFAULT_STREAM_OPTIONS. */
export interface StreamOptions {
  /** Time between updates, ms. */
  intervalMs: number
  /** Time between heartbeat comments, ms: keeps proxies from closing a quiet connection. */
  heartbeatMs: number
  /** Reconnect delay the client is told (`retry:`), ms. */
  retryMs: number
  /** Streams served at once; one more is refused with 503. */
  maxStreams: number
  /**
   * Bytes a client may have waiting in the server's send buffer. Above it,
   * updates to that client are skipped: the next one it can take carries
   * the newest points since its last delivered update.
   */
  maxBufferedBytes: number
  /** A client whose buffer stays above `maxBufferedBytes` this long is disconnected, ms. */
  maxSlowMs: number
}

export const DEFAULT_STREAM_OPTIONS: Readonly<StreamOptions> = Object.freeze({
  intervalMs: 1000,
  heartbeatMs: 15_000,
  retryMs: 3000,
  maxStreams: 32,
  maxBufferedBytes: 256 * 1024,
  maxSlowMs: 30_000
})

/**
 * Where a stream writes: an `http.ServerResponse` or any Node `Writable`.
 * `writableLength` is what the server holds for a client that does not read.
 */
export interface StreamSink {
  write: (chunk: string) => boolean
  readonly writableLength: number
  readonly destroyed: boolean
  end: () => void
  destroy: () => void
}

/** One update for one client: the event id (its new cursor) and the `data:` JSON. */
export interface StreamUpdate {
  id: number
  data: string
}

/** Builds the update covering [cursorMs, its id); null when there is nothing to say. */
export type UpdateBuilder = (cursorMs: number) => StreamUpdate | null

/** Counters of the hub, for tests and operators. */
export interface StreamStats {
  clients: number
  updatesSent: number
  /** Updates not written because the client's buffer was above the bound. */
  updatesSkipped: number
  /** Clients disconnected because their buffer stayed above the bound. */
  slowDisconnects: number
  /** Largest `writableLength` seen on any client after a write, bytes. */
  maxBufferedSeen: number
}

/** An update as written: its id and its `id:`/`event:`/`data:` lines. */
interface Framed { id: number, text: string }

interface Client {
  sink: StreamSink
  build: UpdateBuilder
  /** Clients with the same key build the same update from the same cursor: one build a tick serves them all. */
  shareKey: string | null
  cursorMs: number
  slowSinceMs: number | null
  lastHeartbeatMs: number
}

/**
 * Serves Server-Sent Events to a bounded number of clients from one timer.
 * Server memory per client is bounded by `maxBufferedBytes` plus one
 * update: a client that does not read has its updates coalesced, then is
 * disconnected after `maxSlowMs`.
 *
 * @example
 * const hub = new StreamHub({ intervalMs: 1000 })
 * const client = hub.open(reply.raw, logger.now(), (cursor) => ({ id: logger.now(), data: '{}' }))
 * // ... hub.close() ends every stream
 */
export class StreamHub {
  readonly options: Readonly<StreamOptions>
  private readonly clients = new Set<Client>()
  private readonly now: () => number
  private timer: NodeJS.Timeout | null = null
  private counters = { updatesSent: 0, updatesSkipped: 0, slowDisconnects: 0, maxBufferedSeen: 0 }

  constructor (options: Partial<StreamOptions> = {}, now: () => number = Date.now) {
    const o: StreamOptions = { ...DEFAULT_STREAM_OPTIONS }
    for (const k of Object.keys(o) as Array<keyof StreamOptions>) {
      const v = options[k]
      if (v === undefined) continue
      if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`stream.${k}`, `must be a positive integer, got ${String(v)}`)
      o[k] = v
    }
    this.options = Object.freeze(o)
    this.now = now
  }

  /** True when another stream would pass the limit. */
  get full (): boolean {
    return this.clients.size >= this.options.maxStreams
  }

  get stats (): StreamStats {
    return { clients: this.clients.size, ...this.counters }
  }

  /**
   * Starts streaming to `sink` from `cursorMs`: writes the `retry:` line and
   * a first update at once. Clients opened with the same `shareKey` (e.g.
   * their normalised selection) must build the same update from the same
   * cursor: within a tick, the first one's update is written to the others
   * (dashboards on one selection converge on one cursor after their first
   * update). Returns a function that removes the client (call it when the
   * connection closes), or null when the hub is full.
   */
  open (sink: StreamSink, cursorMs: number, build: UpdateBuilder, shareKey: string | null = null): (() => void) | null {
    if (this.full) return null
    const client: Client = { sink, build, shareKey, cursorMs, slowSinceMs: null, lastHeartbeatMs: this.now() }
    this.clients.add(client)
    sink.write(`retry: ${this.options.retryMs}\n\n`)
    this.send(client, null)
    if (this.timer === null) {
      this.timer = setInterval(() => { this.tick() }, this.options.intervalMs)
      this.timer.unref()
    }
    return () => { this.remove(client) }
  }

  /** One round: an update (and a heartbeat when due) to every client. The timer calls it. */
  tick (): void {
    const now = this.now()
    // Updates built this tick, by share key and cursor; only made when two clients could share.
    const shared = this.clients.size > 1 ? new Map<string, Framed | null>() : null
    for (const client of this.clients) {
      if (client.sink.destroyed) {
        this.remove(client)
        continue
      }
      if (client.sink.writableLength > this.options.maxBufferedBytes) {
        client.slowSinceMs ??= now
        if (now - client.slowSinceMs >= this.options.maxSlowMs) {
          this.counters.slowDisconnects++
          this.remove(client)
          client.sink.destroy()
        } else {
          this.counters.updatesSkipped++
        }
        continue
      }
      client.slowSinceMs = null
      this.send(client, shared)
      if (now - client.lastHeartbeatMs >= this.options.heartbeatMs) {
        client.lastHeartbeatMs = now
        this.write(client, ': heartbeat\n\n')
      }
    }
  }

  /** Ends every stream and stops the timer. */
  close (): void {
    for (const client of this.clients) client.sink.end()
    this.clients.clear()
    this.stopTimer()
  }

  private send (client: Client, shared: Map<string, Framed | null> | null): void {
    const key = shared === null || client.shareKey === null ? null : `${client.shareKey}\u0000${client.cursorMs}`
    let framed = key === null ? undefined : shared!.get(key)
    if (framed === undefined) {
      const update = client.build(client.cursorMs)
      framed = update === null ? null : { id: update.id, text: `id: ${update.id}\nevent: update\ndata: ${update.data}\n\n` }
      if (key !== null) shared!.set(key, framed)
    }
    if (framed === null) return
    client.cursorMs = framed.id
    this.counters.updatesSent++
    this.write(client, framed.text)
  }

  private write (client: Client, text: string): void {
    client.sink.write(text)
    const buffered = client.sink.writableLength
    if (buffered > this.counters.maxBufferedSeen) this.counters.maxBufferedSeen = buffered
  }

  private remove (client: Client): void {
    this.clients.delete(client)
    if (this.clients.size === 0) this.stopTimer()
  }

  private stopTimer (): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }
}
