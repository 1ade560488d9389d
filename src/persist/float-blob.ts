// Snapshots store Float64Arrays as little-endian blobs, so a file moves
// between machines; on a little-endian host (x86, arm64) that is a plain
// byte view, elsewhere a DataView swaps.
const HOST_LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f

/** The array's bytes, little-endian. */
export function encodeFloats (values: Float64Array): Uint8Array {
  if (HOST_LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength)
  const out = new Uint8Array(values.length * 8)
  const view = new DataView(out.buffer)
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true)
  return out
}

/** A copy of the floats in a little-endian blob; null when its length is not a multiple of 8. */
export function decodeFloats (blob: Uint8Array): Float64Array | null {
  if (blob.byteLength % 8 !== 0) return null
  if (HOST_LITTLE_ENDIAN) return new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength))
  const out = new Float64Array(blob.byteLength / 8)
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true)
  return out
}
