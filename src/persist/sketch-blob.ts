import type { SketchBins, SketchState } from '../core/quantile-sketch.ts'
import { decodeFloats, encodeFloats } from './float-blob.ts'

// A sketch in one float64 blob: six scalars, the two bin counts, then each
// sign's keys and counts. Keys are whole numbers well inside 2^53.
const HEADER = 8

/** The sketch as a little-endian float64 blob. */
export function encodeSketch (s: SketchState): Uint8Array {
  const p = s.positive.keys.length
  const n = s.negative.keys.length
  const out = new Float64Array(HEADER + 2 * (p + n))
  out.set([s.relativeAccuracy, s.zeros, s.count, s.sum, s.min, s.max, p, n])
  out.set(s.positive.keys, HEADER)
  out.set(s.positive.counts, HEADER + p)
  out.set(s.negative.keys, HEADER + 2 * p)
  out.set(s.negative.counts, HEADER + 2 * p + n)
  return encodeFloats(out)
}

/** The sketch state in a blob, or null when the blob is not one (its contents are checked by QuantileSketch.fromState). */
export function decodeSketch (blob: Uint8Array): SketchState | null {
  const f = decodeFloats(blob)
  if (f === null || f.length < HEADER) return null
  const p = f[6]
  const n = f[7]
  if (!Number.isSafeInteger(p) || !Number.isSafeInteger(n) || p < 0 || n < 0 || f.length !== HEADER + 2 * (p + n)) return null
  const bins = (at: number, k: number): SketchBins => ({ keys: f.slice(at, at + k), counts: f.slice(at + k, at + 2 * k) })
  return {
    relativeAccuracy: f[0],
    zeros: f[1],
    count: f[2],
    sum: f[3],
    min: f[4],
    max: f[5],
    positive: bins(HEADER, p),
    negative: bins(HEADER + 2 * p, n)
  }
}
