import { encodeChunk } from './point-chunk.ts'
import type { PointChunk } from './point-chunk.ts'

/** Points per full block: 512 keeps a sealed chunk's object cost near 0.3 bytes a point. */
export const BLOCK_POINTS = 512

/** Raw block arrays kept for reuse: allocating two 4 KB typed arrays costs more than filling them. */
const SPARE_LIMIT = 64
const spares: Float64Array[] = []

/** Hands a raw block's arrays back for the next head of that size (the block must not be read again). */
function recycle (times: Float64Array | null, values: Float64Array | null): void {
  if (times === null || values === null || spares.length >= SPARE_LIMIT * 2 || times.length !== BLOCK_POINTS || values.length !== BLOCK_POINTS) return
  spares.push(times, values)
}

/**
 * A run of points of a ChunkedRing, in time order: raw (two Float64Arrays,
 * `chunk` null) while it is the ring's head or waits to be sealed, then
 * compressed (`times` and `values` null). Sealing changes how the points are
 * held, never which points they are.
 */
export class PointBlock {
  /** Index of the block's first point among every point the ring ever held in this run of blocks. */
  start: number
  count = 0
  /** Time of the first and of the last point (both kept in the block, skipped ones included). */
  minTime = Infinity
  maxTime = -Infinity
  times: Float64Array | null
  values: Float64Array | null
  chunk: PointChunk | null = null
  /** Set when the block left its ring (aged out, cleared): nothing to seal any more. */
  dropped = false

  /** A raw block with room for `allocated` points, or, given a chunk, a sealed one. */
  constructor (start: number, allocated: number, chunk: PointChunk | null = null) {
    this.start = start
    if (chunk === null) {
      const n = spares.length
      if (n > 0 && allocated === BLOCK_POINTS) {
        this.values = spares.pop()!
        this.times = spares.pop()!
      } else {
        this.times = new Float64Array(allocated)
        this.values = new Float64Array(allocated)
      }
    } else {
      this.times = null
      this.values = null
      this.chunk = chunk
      this.count = chunk.count
      this.minTime = chunk.minTimeMs
      this.maxTime = chunk.maxTimeMs
    }
  }

  /** Compresses a raw block in place (a block already sealed or dropped is left alone). */
  seal (): void {
    if (this.dropped || this.chunk !== null || this.count === 0) return
    this.chunk = encodeChunk(this.times!, this.values!, 0, this.count)
    recycle(this.times, this.values)
    this.times = null
    this.values = null
  }

  /** The block left its ring: nothing to seal, its raw arrays can serve another head, its chunk is freed. */
  drop (): void {
    if (this.dropped) return
    this.dropped = true
    if (this.chunk === null) recycle(this.times, this.values)
    this.times = null
    this.values = null
    this.chunk = null
  }
}

/** Raw blocks waiting at most, per queue, before a roll seals the oldest one synchronously. */
export const MAX_PENDING_BLOCKS = 256

/** Blocks sealed per scheduled turn: 32 blocks of 512 points take about a millisecond. */
export const SEAL_BATCH = 32

/** Runs `drain` later, off the caller's stack (e.g. setImmediate). */
export type SealScheduler = (drain: () => void) => void

/**
 * Full head blocks of many rings, sealed later in batches so that a record
 * never pays for compression: a record that fills its ring's head only hands
 * the head over. The queue is drained by the scheduler given (in batches of
 * SEAL_BATCH blocks a turn), by `drain`, or, when more than `maxPending` raw
 * blocks wait (a caller that never yields), by sealing the oldest at once:
 * the raw memory waiting is bounded either way.
 */
export class SealQueue {
  private queue: PointBlock[] = []
  /** Index of the first block not yet taken from `queue`. */
  private next = 0
  private scheduled = false
  private readonly schedule: SealScheduler | null
  readonly maxPending: number
  private readonly drainBatch = (): void => {
    this.scheduled = false
    this.drain(SEAL_BATCH)
    if (this.pending > 0) this.arm()
  }

  constructor (schedule: SealScheduler | null = defaultScheduler(), maxPending = MAX_PENDING_BLOCKS) {
    this.schedule = schedule
    this.maxPending = maxPending
  }

  /** Blocks queued and not yet sealed (dropped ones included until they are reached). */
  get pending (): number {
    return this.queue.length - this.next
  }

  /** Queues a full raw block; seals the oldest at once past `maxPending`. */
  add (block: PointBlock): void {
    this.queue.push(block)
    if (this.pending > this.maxPending) this.drain(this.pending - this.maxPending)
    else this.arm()
  }

  /** Seals up to `limit` queued blocks, oldest first (all by default). */
  drain (limit = Infinity): void {
    const q = this.queue
    let i = this.next
    const end = Math.min(q.length, i + limit)
    for (; i < end; i++) q[i].seal()
    this.next = i
    if (i === q.length) {
      this.queue = []
      this.next = 0
    } else if (i > 1024 && i * 2 > q.length) {
      this.queue = q.slice(i)
      this.next = 0
    }
  }

  /** Forgets every queued block (the store was cleared). */
  clear (): void {
    for (let i = this.next; i < this.queue.length; i++) this.queue[i].dropped = true
    this.queue = []
    this.next = 0
  }

  private arm (): void {
    if (this.scheduled || this.schedule === null) return
    this.scheduled = true
    this.schedule(this.drainBatch)
  }
}

/** setImmediate where the runtime has it (Node, Bun, Deno), else none: the bound and reads drain the queue. */
function defaultScheduler (): SealScheduler | null {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown }
  if (typeof g.setImmediate !== 'function') return null
  const setImmediate = g.setImmediate
  return (drain) => { setImmediate(drain) }
}
