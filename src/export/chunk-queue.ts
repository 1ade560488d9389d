/**
 * A bounded FIFO of encoded samples (byte chunks) for the remote writer.
 * Bounded by count and by bytes; when full, the oldest chunks go first, so
 * a long outage keeps the newest data, which is what a dashboard shows
 * first once the receiver is back.
 */
export class ChunkQueue {
  readonly maxItems: number
  readonly maxBytes: number
  #items: Array<Uint8Array | undefined>
  #head = 0
  #size = 0
  #bytes = 0

  constructor (maxItems: number, maxBytes: number) {
    this.maxItems = maxItems
    this.maxBytes = maxBytes
    this.#items = new Array<Uint8Array | undefined>(maxItems)
  }

  /** Chunks queued. */
  get length (): number {
    return this.#size
  }

  /** Bytes queued. */
  get bytes (): number {
    return this.#bytes
  }

  /** Appends a chunk; returns how many old chunks were dropped for it. */
  push (chunk: Uint8Array): number {
    let dropped = 0
    while (this.#size > 0 && (this.#size === this.maxItems || this.#bytes + chunk.length > this.maxBytes)) {
      this.#dropHead()
      dropped++
    }
    if (chunk.length > this.maxBytes) return dropped + 1
    this.#items[(this.#head + this.#size) % this.maxItems] = chunk
    this.#size++
    this.#bytes += chunk.length
    return dropped
  }

  /** Removes and returns up to `max` chunks from the head. */
  take (max: number): Uint8Array[] {
    const n = Math.min(max, this.#size)
    const out = new Array<Uint8Array>(n)
    for (let i = 0; i < n; i++) {
      out[i] = this.#items[this.#head] as Uint8Array
      this.#dropHead()
    }
    return out
  }

  /**
   * Puts chunks that could not be sent back at the head, in order. They are
   * older than everything queued, so if there is no room the oldest of them
   * are the ones dropped; returns how many were.
   */
  requeue (chunks: readonly Uint8Array[]): number {
    for (let i = chunks.length - 1; i >= 0; i--) {
      const chunk = chunks[i]
      if (this.#size === this.maxItems || this.#bytes + chunk.length > this.maxBytes) return i + 1
      this.#head = (this.#head - 1 + this.maxItems) % this.maxItems
      this.#items[this.#head] = chunk
      this.#size++
      this.#bytes += chunk.length
    }
    return 0
  }

  #dropHead (): void {
    const chunk = this.#items[this.#head] as Uint8Array
    this.#items[this.#head] = undefined
    this.#bytes -= chunk.length
    this.#head = (this.#head + 1) % this.maxItems
    this.#size--
  }
}
