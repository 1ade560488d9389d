import { blockIndex, timesOf, valuesOf } from './chunk-cache.ts'
import { insertPoint } from './chunked-ring-state.ts'
import { BLOCK_POINTS, PointBlock } from './seal-queue.ts'
import type { SealQueue } from './seal-queue.ts'

/** Aged-out blocks left at the front of a ring's block list before they are removed in one pass. */
const DEAD_BATCH = 32

/**
 * The record path of a ChunkedRing (core/chunked-ring.ts) and the
 * bookkeeping of its blocks: which block is the head, which ones aged out,
 * how many points count. Reads and snapshots are in the subclass.
 *
 * The record path is as short as a RingBuffer's: one compare against a
 * precomputed limit, two typed-array stores, one count. Everything that
 * happens every few hundred points (a full head handed over for sealing and
 * a fresh one taken, the oldest block aging out) is behind that limit, in
 * `appendSlow`.
 */
export class ChunkedRingCore {
  capacity: number
  /** Timestamp of the newest point, -Infinity when empty. */
  lastTime = -Infinity
  /** Bumped by every change to the points (never by sealing, which keeps them). */
  version = 0
  // The record path touches only these four: the head's arrays, its count
  // and the count at which append must take the slow path (head full, or
  // the oldest block aged out). The head block's own count and time bounds
  // are brought up to date by `sync` before anything else reads them.
  protected ht: Float64Array
  protected hv: Float64Array
  protected n = 0
  protected limit = 0
  /** The last block, the raw head. */
  protected head: PointBlock
  /** Blocks, oldest first; the last one is the head. */
  protected blocks: PointBlock[]
  /** Aged-out blocks at the front of `blocks`, removed in batches (shifting a long array costs O(length)). */
  protected dead = 0
  /** Point index (in blocks' `start` numbering) from which points count towards the size. */
  protected origin = 0
  protected readonly queue: SealQueue | null
  protected blockPoints: number

  /** `queue` seals full blocks later; without one a full block is sealed when the next point comes. */
  constructor (capacity: number, queue: SealQueue | null = null) {
    this.capacity = capacity
    this.queue = queue
    this.blockPoints = Math.min(BLOCK_POINTS, capacity)
    this.head = new PointBlock(0, Math.min(8, this.blockPoints))
    this.blocks = [this.head]
    this.ht = this.head.times!
    this.hv = this.head.values!
    this.settle()
  }

  /** Points in the ring. */
  get size (): number {
    const held = this.head.start + this.n - this.origin
    return held < this.capacity ? held : this.capacity
  }

  /** Appends a point; the oldest point ages out when the ring is full. */
  append (timeMs: number, value: number): void {
    this.version++
    if (timeMs < this.lastTime) {
      this.insertLate(timeMs, value)
      return
    }
    this.lastTime = timeMs
    const n = this.n
    if (n < this.limit) {
      this.ht[n] = timeMs
      this.hv[n] = value
      this.n = n + 1
      return
    }
    this.appendSlow(timeMs, value)
  }

  /** Timestamp of the point at logical index `i` (0 = oldest). */
  timeAt (i: number): number {
    const a = this.first() + i
    const head = this.head
    if (a >= head.start) return this.ht[a - head.start]
    this.sync()
    const b = this.blocks[blockIndex(this.blocks, a)]
    return timesOf(b)[a - b.start]
  }

  /** Value of the point at logical index `i` (0 = oldest). */
  valueAt (i: number): number {
    const a = this.first() + i
    const head = this.head
    if (a >= head.start) return this.hv[a - head.start]
    this.sync()
    const b = this.blocks[blockIndex(this.blocks, a)]
    return valuesOf(b)[a - b.start]
  }

  /** Takes `blocks` (the last one the head, every one's count and bounds set), points counting from `origin`. */
  protected setBlocks (blocks: PointBlock[], origin: number): void {
    this.blocks = blocks
    this.dead = 0
    const head = blocks[blocks.length - 1]
    this.head = head
    this.ht = head.times!
    this.hv = head.values!
    this.n = head.count
    this.origin = origin
    this.settle()
  }

  /** Index (in blocks' `start` numbering) of the oldest point in the ring. */
  protected first (): number {
    return this.head.start + this.n - this.size
  }

  /** Brings `blocks` and the head block's count and time bounds up to date, before they are read. */
  protected sync (): void {
    if (this.dead > 0) this.removeDead()
    this.syncHead()
  }

  protected syncHead (): void {
    const head = this.head
    const n = this.n
    head.count = n
    head.minTime = n > 0 ? this.ht[0] : Infinity
    head.maxTime = n > 0 ? this.ht[n - 1] : -Infinity
  }

  /**
   * Frees the oldest blocks once all their points aged out, and sets the
   * head count at which append leaves its fast path: the head's room, or
   * the point with which the oldest block ages out, whichever comes first.
   */
  protected settle (): void {
    const blocks = this.blocks
    const first = this.first()
    let d = this.dead
    while (blocks.length - d > 1 && first >= blocks[d].start + blocks[d].count) blocks[d++].drop()
    this.dead = d
    if (d >= DEAD_BATCH) this.removeDead()
    const oldest = blocks[this.dead]
    if (this.origin < oldest.start) this.origin = oldest.start
    let limit = this.ht.length
    if (oldest !== this.head) {
      // Once full, the first point is head.start + n - capacity: the oldest block ages out when n reaches dropAt.
      const dropAt = oldest.start + oldest.count + this.capacity - this.head.start
      if (dropAt - 1 < limit) limit = dropAt - 1
    }
    this.limit = limit
  }

  protected removeDead (): void {
    const blocks = this.blocks
    const d = this.dead
    for (let i = d; i < blocks.length; i++) blocks[i - d] = blocks[i]
    blocks.length -= d
    this.dead = 0
  }

  /** Append past the fast path's limit: roll or grow a full head, write, free aged-out blocks. */
  protected appendSlow (timeMs: number, value: number): void {
    if (this.n === this.ht.length) this.roll()
    const n = this.n
    this.ht[n] = timeMs
    this.hv[n] = value
    this.n = n + 1
    this.settle()
  }

  /** A full head: grown while small, else handed over for sealing and followed by a new head. */
  protected roll (): void {
    const head = this.head
    const allocated = this.ht.length
    if (allocated < this.blockPoints) {
      const next = Math.min(this.blockPoints, allocated * 2)
      const times = new Float64Array(next)
      const values = new Float64Array(next)
      times.set(this.ht)
      values.set(this.hv)
      head.times = this.ht = times
      head.values = this.hv = values
      return
    }
    this.syncHead()
    this.handOver(head)
    const fresh = new PointBlock(head.start + head.count, this.blockPoints)
    this.blocks.push(fresh)
    this.head = fresh
    this.ht = fresh.times!
    this.hv = fresh.values!
    this.n = 0
  }

  protected handOver (block: PointBlock): void {
    if (this.queue !== null) this.queue.add(block)
    else block.seal()
  }

  /** Slow path for a point older than the newest one: keep time order. */
  protected insertLate (timeMs: number, value: number): void {
    if (this.size === this.capacity && timeMs < this.timeAt(0)) return // older than everything kept: it would age out at once
    this.sync()
    // Aged-out points of the first block go for good when it is rewritten: its start then moves past `origin`.
    const { reopened } = insertPoint(this.blocks, this.first() - this.blocks[0].start, timeMs, value)
    const head = this.head
    this.ht = head.times!
    this.hv = head.values!
    this.n = head.count
    if (reopened !== null) this.handOver(reopened)
    this.settle()
  }
}
