import { decodeChunk } from './point-chunk.ts'
import type { PointChunk } from './point-chunk.ts'
import type { PointBlock } from './seal-queue.ts'

/**
 * Reading a ChunkedRing's blocks: binary searches, and sealed chunks decoded
 * on demand.
 */

/** Decoded sealed chunks, shared by every ring: a reader walking one window decodes each chunk once. */
const CACHE_SLOTS = 4
const cacheChunk: Array<PointChunk | null> = new Array<PointChunk | null>(CACHE_SLOTS).fill(null)
const cacheTimes: Float64Array[] = []
const cacheValues: Float64Array[] = []
let cacheNext = 0
for (let i = 0; i < CACHE_SLOTS; i++) { cacheTimes.push(new Float64Array(512)); cacheValues.push(new Float64Array(512)) }

/** Slot of the cache holding the chunk decoded. */
function decoded (chunk: PointChunk): number {
  for (let i = 0; i < CACHE_SLOTS; i++) if (cacheChunk[i] === chunk) return i
  const slot = cacheNext
  cacheNext = (slot + 1) % CACHE_SLOTS
  if (cacheTimes[slot].length < chunk.count) {
    cacheTimes[slot] = new Float64Array(chunk.count)
    cacheValues[slot] = new Float64Array(chunk.count)
  }
  decodeChunk(chunk, cacheTimes[slot], cacheValues[slot], 0)
  cacheChunk[slot] = chunk
  return slot
}

export function timesOf (b: PointBlock): Float64Array {
  return b.times ?? cacheTimes[decoded(b.chunk!)]
}

export function valuesOf (b: PointBlock): Float64Array {
  return b.values ?? cacheValues[decoded(b.chunk!)]
}

/** Index in `blocks` of the block holding absolute point index `a` (blocks in order of `start`). */
export function blockIndex (blocks: readonly PointBlock[], a: number): number {
  let hi = blocks.length - 1
  if (a >= blocks[hi].start) return hi
  let lo = 0
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1
    if (blocks[mid].start <= a) lo = mid
    else hi = mid - 1
  }
  return lo
}

/**
 * Logical index (after the `skip` aged-out points of the first block) of
 * the first point whose time is >= `timeMs`, or > it when `upper`; the
 * number of points when none is. Blocks must hold at least one point.
 */
export function findBound (blocks: readonly PointBlock[], skip: number, timeMs: number, upper: boolean): number {
  // First block whose last time is >= (lower) or > (upper) the time asked.
  let lo = 0
  let hi = blocks.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const t = blocks[mid].maxTime
    if (upper ? t <= timeMs : t < timeMs) lo = mid + 1
    else hi = mid
  }
  const first = blocks[0].start + skip
  if (lo === blocks.length) {
    const last = blocks[blocks.length - 1]
    return last.start + last.count - first
  }
  const b = blocks[lo]
  const times = timesOf(b)
  let i = lo === 0 ? skip : 0
  let j = b.count
  while (i < j) {
    const mid = (i + j) >>> 1
    const t = times[mid]
    if (upper ? t <= timeMs : t < timeMs) i = mid + 1
    else j = mid
  }
  return b.start + i - first
}
