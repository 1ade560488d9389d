/**
 * The soak's memory judge: is the memory the service keeps flat while the
 * load goes on? Pure functions over RSS readings, so that the judge itself
 * is tested (test/unit/bench/soak-judge.test.ts).
 */

/** One RSS reading, taken right after a full GC. */
export interface RssReading {
  /** Seconds since the load started. */
  t: number
  /** Resident set size, MB (10^6 bytes). */
  rssMB: number
}

/** Least-squares slope of y over x. */
export function leastSquaresSlope (xs: number[], ys: number[]): number {
  const n = xs.length
  if (n < 2) return 0
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2 }
  return sxx === 0 ? 0 : sxy / sxx
}

/**
 * Theil-Sen slope: the median of the slopes between every pair of points.
 * One step or outlier late in a short window moves a least-squares slope
 * a lot; growth that keeps on moves the median too.
 */
export function theilSenSlope (xs: number[], ys: number[]): number {
  const slopes: number[] = []
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) if (xs[j] !== xs[i]) slopes.push((ys[j] - ys[i]) / (xs[j] - xs[i]))
  }
  if (slopes.length === 0) return 0
  slopes.sort((a, b) => a - b)
  const m = slopes.length >> 1
  return slopes.length % 2 === 1 ? slopes[m] : (slopes[m - 1] + slopes[m]) / 2
}

/**
 * The least reading of each window of `windowSeconds` from `from` on (a
 * window without a reading is skipped).
 *
 * Why the least: under 64 connections a reading right after a GC still
 * counts memory that is about to go (request buffers in flight, pages V8
 * and malloc have freed but not yet given back to the kernel); on this
 * machine single readings scattered upward by up to 35 MB over a flat
 * JavaScript heap. That noise only ever adds. Memory the process keeps is
 * under every reading of a window, so a leak lifts each window's least
 * reading with it.
 */
export function lowerEnvelope (readings: RssReading[], from: number, windowSeconds: number): RssReading[] {
  const least = new Map<number, RssReading>()
  for (const r of readings) {
    if (r.t < from || !Number.isFinite(r.rssMB)) continue
    const w = Math.floor((r.t - from) / windowSeconds)
    const held = least.get(w)
    if (held === undefined || r.rssMB < held.rssMB) least.set(w, r)
  }
  return [...least.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r)
}

/** What the judge found. */
export interface KeptMemoryVerdict {
  /** Theil-Sen slope of the lower envelope, MB/min. */
  slopeMBPerMin: number
  /** The envelope it was computed on. */
  envelope: RssReading[]
}

/**
 * Slope of the memory kept after `from` s: Theil-Sen over the lower
 * envelope of RSS-after-GC readings in windows of `windowSeconds`.
 */
export function keptMemorySlope (readings: RssReading[], from: number, windowSeconds = 10): KeptMemoryVerdict {
  const envelope = lowerEnvelope(readings, from, windowSeconds)
  return { slopeMBPerMin: theilSenSlope(envelope.map((r) => r.t / 60), envelope.map((r) => r.rssMB)), envelope }
}
