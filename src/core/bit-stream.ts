/**
 * Bits packed most significant first into 32-bit words, for the chunk
 * codec (core/point-chunk.ts). Fields are at most 32 bits wide: JavaScript's
 * bit operators work on 32-bit integers, so wider fields are written as two.
 */
export class BitWriter {
  private words: Uint32Array
  /** Index of the word being filled. */
  private w = 0
  /** Bits already used in `words[w]`, 0..31. */
  private b = 0

  constructor (initialWords = 64) {
    this.words = new Uint32Array(Math.max(2, initialWords))
  }

  /** Bits written so far. */
  get bitLength (): number {
    return this.w * 32 + this.b
  }

  /** Writes the low `n` bits of `v` (1 <= n <= 32; `v` must be below 2^n). */
  write (v: number, n: number): void {
    if (this.w + 2 >= this.words.length) this.grow()
    const b = this.b
    if (b + n <= 32) {
      this.words[this.w] |= v << (32 - b - n)
      if (b + n === 32) {
        this.w++
        this.b = 0
      } else {
        this.b = b + n
      }
      return
    }
    const high = 32 - b
    const rest = n - high
    this.words[this.w] |= v >>> rest
    this.w++
    this.words[this.w] = v << (32 - rest)
    this.b = rest
  }

  /** The words written, in an array of exactly their size. */
  finish (): Uint32Array {
    return this.words.slice(0, this.w + (this.b > 0 ? 1 : 0))
  }

  private grow (): void {
    const next = new Uint32Array(this.words.length * 2)
    next.set(this.words)
    this.words = next
  }
}

/** Reads what a BitWriter wrote, in the same field widths. */
export class BitReader {
  private readonly words: Uint32Array
  private w = 0
  private b = 0

  constructor (words: Uint32Array) {
    this.words = words
  }

  /** Reads an `n`-bit field (1 <= n <= 32) as an unsigned number. Past the end reads zeros. */
  read (n: number): number {
    const b = this.b
    const word = this.words[this.w] ?? 0
    if (b + n <= 32) {
      const v = (word << b) >>> (32 - n)
      if (b + n === 32) {
        this.w++
        this.b = 0
      } else {
        this.b = b + n
      }
      return v
    }
    const high = 32 - b
    const rest = n - high
    const first = word & ((1 << high) - 1)
    this.w++
    const second = (this.words[this.w] ?? 0) >>> (32 - rest)
    this.b = rest
    return ((first << rest) | second) >>> 0
  }

  /** Reads one bit. */
  bit (): number {
    return this.read(1)
  }
}
