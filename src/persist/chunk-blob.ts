/**
 * A series' compressed chunks (core/point-chunk.ts) in one little-endian
 * blob, the words as the ring holds them:
 *
 *   u32 format (1) | u32 skip | u32 chunk count | per chunk: u32 word count, the words
 *
 * `skip` is the number of aged-out points at the start of the first chunk.
 */
const FORMAT = 1
const HOST_LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1

/** The blob for a ring's chunks. */
export function encodeChunks (chunks: ReadonlyArray<{ readonly words: Uint32Array }>, skip: number): Uint8Array {
  let words = 3
  for (const c of chunks) words += 1 + c.words.length
  const out = new Uint8Array(words * 4)
  const view = new DataView(out.buffer)
  view.setUint32(0, FORMAT, true)
  view.setUint32(4, skip, true)
  view.setUint32(8, chunks.length, true)
  let at = 12
  for (const c of chunks) {
    view.setUint32(at, c.words.length, true)
    at += 4
    if (HOST_LITTLE_ENDIAN) {
      // The words are already little-endian in memory: one copy (snapshots capture this on the event loop).
      out.set(new Uint8Array(c.words.buffer, c.words.byteOffset, c.words.byteLength), at)
      at += c.words.byteLength
    } else {
      for (let i = 0; i < c.words.length; i++, at += 4) view.setUint32(at, c.words[i], true)
    }
  }
  return out
}

/** The chunks and skip of a blob; null when it is not one this code wrote. */
export function decodeChunks (blob: Uint8Array): { chunks: Array<{ words: Uint32Array }>, skip: number } | null {
  if (blob.byteLength < 12 || blob.byteLength % 4 !== 0) return null
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  if (view.getUint32(0, true) !== FORMAT) return null
  const skip = view.getUint32(4, true)
  const count = view.getUint32(8, true)
  const chunks: Array<{ words: Uint32Array }> = []
  let at = 12
  for (let k = 0; k < count; k++) {
    if (at + 4 > blob.byteLength) return null
    const n = view.getUint32(at, true)
    at += 4
    if (at + n * 4 > blob.byteLength) return null
    const words = new Uint32Array(n)
    for (let i = 0; i < n; i++, at += 4) words[i] = view.getUint32(at, true)
    chunks.push({ words })
  }
  return at === blob.byteLength ? { chunks, skip } : null
}
