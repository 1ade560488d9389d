/**
 * A small seeded pseudo-random generator for the demo: sfc32 (Chris Doty-Humphrey's
 * Small Fast Counting generator, 128-bit state, passes PractRand to terabytes)
 * seeded through splitmix32. `Math.random()` cannot be seeded, and the demo must
 * replay the same market and trades for the same seed.
 */

const GOLDEN = 0x9e3779b9

/** One splitmix32 output for `state`; the caller advances the state by the golden ratio. */
export function splitmix32 (state: number): number {
  let t = state | 0
  t ^= t >>> 16
  t = Math.imul(t, 0x21f0aaad)
  t ^= t >>> 15
  t = Math.imul(t, 0x735a2d97)
  t ^= t >>> 15
  return t >>> 0
}

/**
 * Seeded generator with the draws the demo needs.
 *
 * @example
 * const rng = new Random(42)
 * rng.next()          // uniform in [0, 1)
 * rng.normal()        // standard normal
 * rng.fork(2).next()  // an independent stream derived from the same seed
 */
export class Random {
  /** The seed this generator was built from, as an unsigned 32-bit integer. */
  readonly seed: number
  private a: number
  private b: number
  private c: number
  private d: number
  private spare = Number.NaN

  /** `seed` is reduced to an unsigned 32-bit integer (`seed >>> 0`). */
  constructor (seed: number) {
    this.seed = seed >>> 0
    let s = this.seed
    s = (s + GOLDEN) | 0
    this.a = splitmix32(s)
    s = (s + GOLDEN) | 0
    this.b = splitmix32(s)
    s = (s + GOLDEN) | 0
    this.c = splitmix32(s)
    s = (s + GOLDEN) | 0
    this.d = splitmix32(s)
    // The first outputs of a freshly seeded sfc32 are still correlated with the seed.
    for (let i = 0; i < 12; i++) this.nextUint32()
  }

  /** The next raw output, an unsigned 32-bit integer. */
  nextUint32 (): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  next (): number {
    return this.nextUint32() / 4294967296
  }

  /** Uniform in [min, max). */
  uniform (min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /** Integer in [0, n). */
  int (n: number): number {
    return Math.floor(this.next() * n)
  }

  /** True with probability `p`. */
  chance (p: number): boolean {
    return this.next() < p
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal (): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare
      this.spare = Number.NaN
      return z
    }
    // 1 - next() is in (0, 1]: log never sees 0.
    const r = Math.sqrt(-2 * Math.log(1 - this.next()))
    const theta = 2 * Math.PI * this.next()
    this.spare = r * Math.sin(theta)
    return r * Math.cos(theta)
  }

  /** Log-normal with the given median and shape (sigma of the underlying normal). */
  logNormal (median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }

  /** An independent stream for `stream`, derived from this generator's seed (not its position). */
  fork (stream: number): Random {
    return new Random(splitmix32((this.seed ^ Math.imul(stream + 1, 0x85ebca6b)) | 0))
  }
}
