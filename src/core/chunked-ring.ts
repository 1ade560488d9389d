import { InvalidArgumentError } from './errors.ts'
import { blockIndex, findBound, timesOf, valuesOf } from './chunk-cache.ts'
import { ChunkedRingCore } from './chunked-ring-core.ts'
import { CHUNK_OVERHEAD_BYTES, decodeChunk } from './point-chunk.ts'
import { BLOCK_POINTS, PointBlock } from './seal-queue.ts'
import { adoptChunks, exportBlocks, mergeNewest, rebuildFrom, validateChunks } from './chunked-ring-state.ts'
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
export class ChunkedRing extends ChunkedRingCore implements PointRing {
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
    this.sync()
    const first = this.first()
    let a = first + from
    const end = first + to
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
    this.sync()
    let n = 0
    for (const b of this.blocks) n += b.chunk !== null ? b.chunk.words.byteLength + CHUNK_OVERHEAD_BYTES : b.times!.byteLength + b.values!.byteLength
    return n
  }

  /** Blocks held sealed and raw (for tests and the benchmarks). */
  get blockCounts (): { sealed: number, raw: number } {
    this.sync()
    let sealed = 0
    for (const b of this.blocks) if (b.chunk !== null) sealed++
    return { sealed, raw: this.blocks.length - sealed }
  }

  /** Seals every full raw block now (a snapshot, a benchmark). */
  sealAll (): void {
    this.sync()
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
    this.setBlocks([new PointBlock(0, Math.min(8, this.blockPoints))], 0)
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
    return exportBlocks(this.blocks, this.first() - this.blocks[0].start)
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
    this.setBlocks(r.blocks, r.blocks[0].start + r.skip)
    const head = this.head
    this.lastTime = r.size === 0 ? -Infinity : head.count > 0 ? head.maxTime : this.blocks[this.blocks.length - 2].maxTime
  }

  /** Replaces the blocks with the given points, in raw blocks sealed later. */
  private rebuild (times: Float64Array, values: Float64Array): void {
    for (const b of this.blocks) b.drop()
    this.setBlocks(rebuildFrom(times, values, this.blockPoints), 0)
    this.lastTime = times.length === 0 ? -Infinity : times[times.length - 1]
    for (let k = 0; k < this.blocks.length - 1; k++) this.handOver(this.blocks[k])
  }

  private bound (timeMs: number, upper: boolean): number {
    if (this.size === 0) return 0
    this.sync()
    return findBound(this.blocks, this.first() - this.blocks[0].start, timeMs, upper)
  }
}
