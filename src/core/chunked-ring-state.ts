import { InvalidArgumentError } from './errors.ts'
import { decodeChunk } from './point-chunk.ts'
import type { PointChunk } from './point-chunk.ts'
import { PointBlock } from './seal-queue.ts'

/**
 * A ring's points as saved: compressed chunks (oldest first, the first
 * `skip` points of the first chunk aged out) followed by raw points.
 */
export interface SavedChunks {
  /** Encoded words of each chunk (core/point-chunk.ts). */
  chunks: ReadonlyArray<{ readonly words: Uint32Array }>
  skip: number
  /** Raw points after the chunks, oldest first. */
  timesMs: Float64Array
  values: Float64Array
}

/** Bits of a chunk's header (count, time mode, first time, first value), and at least 2 bits a further point. */
const HEADER_BITS = 32 + 1 + 64 + 64

/** The saved form of blocks whose every block but the last (the raw head) is sealed. */
export function exportBlocks (blocks: readonly PointBlock[], skip: number): SavedChunks {
  const head = blocks[blocks.length - 1]
  const chunks: PointChunk[] = []
  for (let k = 0; k < blocks.length - 1; k++) chunks.push(blocks[k].chunk!)
  const from = blocks.length === 1 ? skip : 0
  return {
    chunks,
    skip: blocks.length === 1 ? 0 : skip,
    timesMs: head.times!.slice(from, head.count),
    values: head.values!.slice(from, head.count)
  }
}

/**
 * Decodes saved chunks once to check them: a count the words can hold,
 * finite times in order across chunks and raw points, a skip inside the
 * first chunk. Returns the chunks with their counts and time bounds, and
 * the points when `points` is asked (else empty arrays).
 *
 * @throws {InvalidArgumentError} on anything else.
 */
export function validateChunks (saved: SavedChunks, points = false): { chunks: PointChunk[], timesMs: Float64Array, values: Float64Array } {
  if (saved.timesMs.length !== saved.values.length) throw new InvalidArgumentError('points', `${saved.timesMs.length} times but ${saved.values.length} values`)
  const first = saved.chunks.length === 0 ? 0 : chunkCount(saved.chunks[0].words)
  if (!Number.isInteger(saved.skip) || saved.skip < 0 || (saved.skip > 0 && saved.skip >= first)) {
    throw new InvalidArgumentError('chunks', `skip ${String(saved.skip)} is not inside the first chunk`)
  }
  const chunks: PointChunk[] = []
  let total = saved.timesMs.length - saved.skip
  for (const c of saved.chunks) total += chunkCount(c.words)
  const allTimes = new Float64Array(points ? total : 0)
  const allValues = new Float64Array(points ? total : 0)
  let scratchT = new Float64Array(0)
  let scratchV = new Float64Array(0)
  let last = -Infinity
  let at = 0
  saved.chunks.forEach((c, k) => {
    const count = chunkCount(c.words)
    if (scratchT.length < count) { scratchT = new Float64Array(count); scratchV = new Float64Array(count) }
    const chunk: PointChunk = { words: c.words, count, minTimeMs: 0, maxTimeMs: 0 }
    decodeChunk(chunk, scratchT, scratchV, 0)
    for (let i = 0; i < count; i++) {
      const t = scratchT[i]
      if (!Number.isFinite(t) || t < last) throw new InvalidArgumentError('chunks', `chunk ${k}: time at index ${i} is not finite or out of order`)
      last = t
    }
    const from = k === 0 ? saved.skip : 0
    if (points) {
      allTimes.set(scratchT.subarray(from, count), at)
      allValues.set(scratchV.subarray(from, count), at)
    }
    at += count - from
    chunks.push({ words: c.words, count, minTimeMs: scratchT[0], maxTimeMs: scratchT[count - 1] })
  })
  for (let i = 0; i < saved.timesMs.length; i++) {
    const t = saved.timesMs[i]
    if (!Number.isFinite(t) || t < last) throw new InvalidArgumentError('points', `time at index ${i} is not finite or out of order`)
    last = t
  }
  if (points) {
    allTimes.set(saved.timesMs, at)
    allValues.set(saved.values, at)
  }
  return { chunks, timesMs: allTimes, values: allValues }
}

/** The count a chunk's header gives, checked against what its words can hold. */
function chunkCount (words: Uint32Array): number {
  if (!(words instanceof Uint32Array) || words.length * 32 < HEADER_BITS) throw new InvalidArgumentError('chunks', 'a chunk is shorter than its header')
  const count = words[0]
  if (count < 1 || count > 1 + (words.length * 32 - HEADER_BITS) / 2) throw new InvalidArgumentError('chunks', `a chunk claims ${count} points, more than its ${words.length} words hold`)
  return count
}

/**
 * Blocks holding validated chunks as they are and the raw points in a head,
 * keeping the newest `capacity` points (whole chunks dropped first, then a skip).
 */
export function adoptChunks (chunks: readonly PointChunk[], skip: number, timesMs: Float64Array, values: Float64Array, capacity: number, blockPoints: number): { blocks: PointBlock[], skip: number, size: number } {
  const blocks: PointBlock[] = []
  let start = 0
  for (const c of chunks) {
    blocks.push(new PointBlock(start, 0, c))
    start += c.count
  }
  const head = new PointBlock(start, Math.max(timesMs.length, Math.min(8, blockPoints)))
  head.times!.set(timesMs)
  head.values!.set(values)
  head.count = timesMs.length
  if (timesMs.length > 0) { head.minTime = timesMs[0]; head.maxTime = timesMs[timesMs.length - 1] }
  blocks.push(head)
  let size = start + timesMs.length - skip
  while (size > capacity) {
    const dropFirst = blocks[0].count - skip
    if (blocks.length > 1 && size - dropFirst >= capacity) {
      blocks.shift()
      size -= dropFirst
      skip = 0
    } else {
      skip += size - capacity
      size = capacity
    }
  }
  return { blocks, skip, size }
}

/** Raw blocks of `blockPoints` points holding the given points; the last is the head. */
export function rebuildFrom (times: Float64Array, values: Float64Array, blockPoints: number): PointBlock[] {
  const blocks: PointBlock[] = []
  for (let from = 0; from < times.length; from += blockPoints) {
    const n = Math.min(blockPoints, times.length - from)
    const b = new PointBlock(from, n)
    b.times!.set(times.subarray(from, from + n))
    b.values!.set(values.subarray(from, from + n))
    b.count = n
    b.minTime = times[from]
    b.maxTime = times[from + n - 1]
    blocks.push(b)
  }
  if (blocks.length === 0) blocks.push(new PointBlock(0, Math.min(8, blockPoints)))
  return blocks
}

/** The newest `capacity` points of two sorted runs merged, `imported (first) run first on equal times. */
export function mergeNewest (timesMs: Float64Array, values: Float64Array, own: { timesMs: Float64Array, values: Float64Array }, capacity: number): { times: Float64Array, vals: Float64Array } {
  const keep = Math.min(timesMs.length + own.timesMs.length, capacity)
  const times = new Float64Array(keep)
  const vals = new Float64Array(keep)
  // Merge from the newest end, stopping once `keep` points are placed.
  let a = timesMs.length - 1
  let b = own.timesMs.length - 1
  for (let k = keep - 1; k >= 0; k--) {
    if (b < 0 || (a >= 0 && timesMs[a] > own.timesMs[b])) {
      times[k] = timesMs[a]; vals[k] = values[a]; a--
    } else {
      times[k] = own.timesMs[b]; vals[k] = own.values[b]; b--
    }
  }
  return { times, vals }
}

/**
 * Inserts a point older than the newest one into the block where it
 * belongs, after points of equal time. A sealed block is decoded back to
 * raw (returned as `reopened`, to be sealed again); the first block's
 * aged-out points go first. Returns the first block's new skip.
 */
export function insertPoint (blocks: PointBlock[], skip: number, timeMs: number, value: number): { skip: number, reopened: PointBlock | null } {
  // The last block starting at or before the time (the first one when none does).
  let k = blocks.length - 1
  while (k > 0 && blocks[k].minTime > timeMs) k--
  const b = blocks[k]
  let requeue = false
  if (b.chunk !== null) {
    const times = new Float64Array(b.count + 1)
    const values = new Float64Array(b.count + 1)
    decodeChunk(b.chunk, times, values, 0)
    b.chunk = null
    b.times = times
    b.values = values
    requeue = b !== blocks[blocks.length - 1]
  } else if (b.count === b.times!.length) {
    const times = new Float64Array(b.count + Math.max(1, b.count >> 3))
    const values = new Float64Array(times.length)
    times.set(b.times!)
    values.set(b.values!)
    b.times = times
    b.values = values
  }
  const times = b.times!
  const values = b.values!
  if (k === 0 && skip > 0) {
    // Points that aged out go for good before this block is rewritten.
    times.copyWithin(0, skip, b.count)
    values.copyWithin(0, skip, b.count)
    b.count -= skip
    b.start += skip
    skip = 0
    b.minTime = times[0]
  }
  let pos = b.count
  while (pos > 0 && times[pos - 1] > timeMs) pos--
  times.copyWithin(pos + 1, pos, b.count)
  values.copyWithin(pos + 1, pos, b.count)
  times[pos] = timeMs
  values[pos] = value
  b.count++
  b.minTime = times[0]
  b.maxTime = times[b.count - 1]
  for (let j = k + 1; j < blocks.length; j++) blocks[j].start++
  return { skip, reopened: requeue ? b : null }
}
