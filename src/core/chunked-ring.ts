import { InvalidArgumentError } from './errors.ts'
import { blockIndex, findBound, timesOf, valuesOf } from './chunk-cache.ts'
import { CHUNK_OVERHEAD_BYTES, decodeChunk } from './point-chunk.ts'
import { BLOCK_POINTS, PointBlock } from './seal-queue.ts'
import type { SealQueue } from './seal-queue.ts'
import { adoptChunks, exportBlocks, insertPoint, mergeNewest, rebuildFrom, validateChunks } from './chunked-ring-state.ts'
import type { SavedChunks } from './chunked-ring-state.ts'
import type { PointRing } from './ring-buffer.ts'

export { BLOCK_POINTS }

/**
 * A series' points, up to `capacity`, the newest raw and the older ones
 * compressed (core/point-chunk.ts), with the read interface of RingBuffer.
 *
 * Points go into a raw head block (two Float64Arrays that start small and
 * double up to BLOCK_POINTS), exactly as into a RingBuffer. A full head is
 * handed to a SealQueue, which compresses it later, off the record path; a
 * new head starts. Reads decode sealed blocks on the fly.
 *
 * Capacity: the ring holds the newest `capacity` points. The oldest point
 * ages out of the count at once, but its block is freed only when all of
 * the block's points aged out, so up to one block more is kept in memory
 * (and never read).
 *
 * Points are kept in time order. A point older than the newest one (a late
 * batch item) is inserted where it belongs; if that lands in a sealed block,
 * the block goes back to raw and is sealed again later: O(block) per such
 * point.
 */
export class ChunkedRing implements PointRing {
  capacity: number
  /** Points in the ring. */
  size = 0
  /** Timestamp of the newest point, -Infinity when empty. */
  lastTime = -Infinity
  /** Bumped by every change to the points (never by sealing, which keeps them). */
  version = 0
  /** Blocks, oldest first; the last one is the raw head. */
  private blocks: PointBlock[] = []
  /** Points of blocks[0] that aged out. */
  private skip = 0
  /** The last block, kept at hand for the record path. */
  private head: PointBlock
  private readonly queue: SealQueue | null
  private blockPoints: number

  /** `queue` seals full blocks later; without one a full block is sealed when the next point comes. */
  constructor (capacity: number, queue: SealQueue | null = null) {
    this.capacity = capacity
    this.queue = queue
    this.blockPoints = Math.min(BLOCK_POINTS, capacity)
    this.head = new PointBlock(0, Math.min(8, this.blockPoints))
    this.blocks.push(this.head)
  }

  /** Appends a point; the oldest point ages out when the ring is full. */
  append (timeMs: number, value: number): void {
    this.version++
    if (timeMs < this.lastTime) {
      this.insertLate(timeMs, value)
      return
    }
    this.lastTime = timeMs
    let head = this.head
    let n = head.count
    if (n === head.times!.length) {
      head = this.roll(head)
      n = head.count
    }
    head.times![n] = timeMs
    head.values![n] = value
    head.count = n + 1
    head.maxTime = timeMs
    if (n === 0) head.minTime = timeMs
    if (this.size < this.capacity) this.size++
    else this.evictOldest()
  }

  /** Timestamp of the point at logical index `i` (0 = oldest). */
  timeAt (i: number): number {
    const a = this.blocks[0].start + this.skip + i
    const b = this.blocks[blockIndex(this.blocks, a)]
    return timesOf(b)[a - b.start]
  }

  /** Value of the point at logical index `i` (0 = oldest). */
  valueAt (i: number): number {
    const a = this.blocks[0].start + this.skip + i
    const b = this.blocks[blockIndex(this.blocks, a)]
    return valuesOf(b)[a - b.start]
  }

  /** First logical index whose time is >= `timeMs` (size when none). */
  lowerBound (timeMs: number): number {
    return this.bound(timeMs, false)
  }

  /** First logical index whose time is > `timeMs` (size when none). */
  upperBound (timeMs: number): number {
    return this.bound(timeMs, true)
  }

  /** Copies logical points [from, to) into the output arrays at `offset`. */
  copyRange (from: number, to: number, outTimes: Float64Array | number[], outValues: Float64Array | number[], offset: number): void {
    if (to <= from) return
    let a = this.blocks[0].start + this.skip + from
    const end = this.blocks[0].start + this.skip + to
    let k = blockIndex(this.blocks, a)
    while (a < end) {
      const b = this.blocks[k++]
      const off = a - b.start
      const n = Math.min(b.count - off, end - a)
      if (b.chunk !== null && off === 0 && n === b.count) {
        decodeChunk(b.chunk, outTimes, outValues, offset)
      } else {
        const times = timesOf(b)
        const values = valuesOf(b)
        for (let i = 0; i < n; i++) {
          outTimes[offset + i] = times[off + i]
          outValues[offset + i] = values[off + i]
        }
      }
      offset += n
      a += n
    }
  }

  /** Bytes held: raw blocks' typed arrays and sealed chunks with their objects. */
  get byteLength (): number {
    let n = 0
    for (const b of this.blocks) n += b.chunk !== null ? b.chunk.words.byteLength + CHUNK_OVERHEAD_BYTES : b.times!.byteLength + b.values!.byteLength
    return n
  }

  /** Blocks held sealed and raw (for tests and the benchmarks). */
  get blockCounts (): { sealed: number, raw: number } {
    let sealed = 0
    for (const b of this.blocks) if (b.chunk !== null) sealed++
    return { sealed, raw: this.blocks.length - sealed }
  }

  /** Seals every full raw block now (a snapshot, a benchmark). */
  sealAll (): void {
    for (let k = 0; k < this.blocks.length - 1; k++) this.blocks[k].seal()
  }

  /**
   * Lowers the capacity to `capacity`, keeping the newest points; returns
   * the number dropped. A capacity at or above the current one changes nothing.
   */
  shrink (capacity: number): number {
    if (capacity >= this.capacity) return 0
    this.version++
    const keep = Math.min(this.size, capacity)
    const dropped = this.size - keep
    const times = new Float64Array(keep)
    const values = new Float64Array(keep)
    this.copyRange(this.size - keep, this.size, times, values, 0)
    this.capacity = capacity
    this.blockPoints = Math.min(BLOCK_POINTS, capacity)
    this.rebuild(times, values)
    return dropped
  }

  clear (): void {
    this.version++
    for (const b of this.blocks) b.drop()
    this.head = new PointBlock(0, Math.min(8, this.blockPoints))
    this.blocks = [this.head]
    this.skip = 0
    this.size = 0
    this.lastTime = -Infinity
  }

  /** Copies of the points, oldest first. */
  exportPoints (): { timesMs: Float64Array, values: Float64Array } {
    const timesMs = new Float64Array(this.size)
    const values = new Float64Array(this.size)
    this.copyRange(0, this.size, timesMs, values, 0)
    return { timesMs, values }
  }

  /**
   * The points as saved: every block but the head sealed (sealed now if it
   * was waiting), the chunks as they are, and the head's points raw.
   */
  exportChunks (): SavedChunks {
    this.sealAll()
    return exportBlocks(this.blocks, this.skip)
  }

  /**
   * Loads points in time order, merged with the points the ring holds
   * (imported first on equal times), keeping the newest `capacity`. Throws
   * InvalidArgumentError on arrays of unequal length, non-finite times or
   * times out of order.
   */
  importPoints (timesMs: Float64Array, values: Float64Array): void {
    if (timesMs.length !== values.length) throw new InvalidArgumentError('points', `${timesMs.length} times but ${values.length} values`)
    for (let i = 0; i < timesMs.length; i++) {
      if (!Number.isFinite(timesMs[i]) || (i > 0 && timesMs[i] < timesMs[i - 1])) {
        throw new InvalidArgumentError('points', `time at index ${i} is not finite or out of order`)
      }
    }
    this.version++
    const { times, vals } = mergeNewest(timesMs, values, this.exportPoints(), this.capacity)
    this.rebuild(times, vals)
  }

  /**
   * Loads saved chunks and raw points (see exportChunks). An empty ring
   * adopts the chunks as they are, checked by decoding them once; a ring
   * holding points merges them as importPoints does. Throws
   * InvalidArgumentError on a chunk that does not decode to points in order.
   */
  importChunks (saved: SavedChunks): void {
    if (this.size > 0) {
      const points = validateChunks(saved, true)
      this.importPoints(points.timesMs, points.values)
      return
    }
    const { chunks } = validateChunks(saved)
    this.version++
    for (const b of this.blocks) b.drop()
    const r = adoptChunks(chunks, saved.skip, saved.timesMs, saved.values, this.capacity, this.blockPoints)
    this.blocks = r.blocks
    this.head = r.blocks[r.blocks.length - 1]
    this.skip = r.skip
    this.size = r.size
    this.lastTime = r.size === 0 ? -Infinity : this.blocks[this.blocks.length - 1].count > 0 ? this.blocks[this.blocks.length - 1].maxTime : this.blocks[this.blocks.length - 2].maxTime
  }

  /** Replaces the blocks with the given points, in raw blocks sealed later. */
  private rebuild (times: Float64Array, values: Float64Array): void {
    for (const b of this.blocks) b.drop()
    this.blocks = rebuildFrom(times, values, this.blockPoints)
    this.head = this.blocks[this.blocks.length - 1]
    this.skip = 0
    this.size = times.length
    this.lastTime = times.length === 0 ? -Infinity : times[times.length - 1]
    for (let k = 0; k < this.blocks.length - 1; k++) this.handOver(this.blocks[k])
  }

  /** A full head: grown while small, else handed over for sealing and followed by a new head. */
  private roll (head: PointBlock): PointBlock {
    const allocated = head.times!.length
    if (allocated < this.blockPoints) {
      const next = Math.min(this.blockPoints, allocated * 2)
      const times = new Float64Array(next)
      const values = new Float64Array(next)
      times.set(head.times!)
      values.set(head.values!)
      head.times = times
      head.values = values
      return head
    }
    this.handOver(head)
    const fresh = new PointBlock(head.start + head.count, this.blockPoints)
    this.blocks.push(fresh)
    this.head = fresh
    return fresh
  }

  private handOver (block: PointBlock): void {
    if (this.queue !== null) this.queue.add(block)
    else block.seal()
  }

  /** Ages out the oldest point of a full ring (the count stays at capacity). */
  private evictOldest (): void {
    const first = this.blocks[0]
    if (++this.skip === first.count) {
      first.drop()
      this.blocks.shift()
      this.skip = 0
    }
  }

  private bound (timeMs: number, upper: boolean): number {
    return this.size === 0 ? 0 : findBound(this.blocks, this.skip, timeMs, upper)
  }

  /** Slow path for a point older than the newest one: keep time order. */
  private insertLate (timeMs: number, value: number): void {
    if (this.size === this.capacity && timeMs < this.timeAt(0)) return // older than everything kept: it would age out at once
    const { skip, reopened } = insertPoint(this.blocks, this.skip, timeMs, value)
    this.skip = skip
    if (reopened !== null) this.handOver(reopened)
    if (this.size < this.capacity) this.size++
    else this.evictOldest()
  }
}
