import { InvalidArgumentError } from './errors.ts'
import { HyperLogLog } from './hyperloglog.ts'
import { validateMetricName } from './label-set.ts'

/** A distinct counter's saved state (see DistinctCounters.exportState). */
export interface DistinctCounterState {
  name: string
  precision: number
  /** 2^precision one-byte registers. */
  registers: Uint8Array
}

/** One named distinct count as reports list it. */
export interface DistinctCount {
  name: string
  /** Estimated distinct values added. */
  estimate: number
  /** Standard error of the estimate, relative (0.0081 at the default precision). */
  relative_error: number
}

/**
 * Named HyperLogLog counters for unbounded values (order ids, client ids)
 * that must never become labels: `counters.get('order_ids').add(id)`.
 * At most `limit` names, so the names themselves stay bounded.
 */
export class DistinctCounters {
  readonly limit: number
  readonly precision: number
  private readonly counters = new Map<string, HyperLogLog>()

  constructor (limit = 1000, precision = 14) {
    this.limit = limit
    this.precision = precision
  }

  /** The counter named `name`, created on first use; throws on a bad name or past the limit. */
  get (name: string): HyperLogLog {
    let c = this.counters.get(name)
    if (c !== undefined) return c
    validateMetricName(name)
    if (this.counters.size >= this.limit) throw new InvalidArgumentError('distinct', `at most ${this.limit} distinct counters; ${JSON.stringify(name)} would be one more`)
    c = new HyperLogLog(this.precision)
    this.counters.set(name, c)
    return c
  }

  has (name: string): boolean {
    return this.counters.has(name)
  }

  /** Every counter's estimate, by name. */
  list (): DistinctCount[] {
    return [...this.counters].map(([name, c]) => ({ name, estimate: c.estimate(), relative_error: c.relativeError }))
  }

  get size (): number {
    return this.counters.size
  }

  /** A copy of every counter's registers, by name: what a snapshot saves. */
  exportState (): DistinctCounterState[] {
    return [...this.counters].map(([name, c]) => ({ name, precision: c.precision, registers: Uint8Array.from(c.registers) }))
  }

  /**
   * Merges saved counters into these (register-wise maximum: the union of
   * what each saw, so the same state imported twice changes nothing). A
   * name past the limit, or saved at another precision than its counter
   * has now, is skipped and returned with the reason. Throws
   * InvalidMetricNameError on a bad name and InvalidArgumentError on
   * malformed registers, before any change.
   */
  importState (saved: readonly DistinctCounterState[]): Array<{ name: string, reason: string }> {
    const sketches = saved.map((s) => {
      validateMetricName(s.name)
      return HyperLogLog.fromRegisters(s.precision, s.registers)
    })
    const skipped: Array<{ name: string, reason: string }> = []
    saved.forEach((s, i) => {
      let c = this.counters.get(s.name)
      if (c === undefined) {
        if (this.counters.size >= this.limit) {
          skipped.push({ name: s.name, reason: `past the limit of ${this.limit} distinct counters` })
          return
        }
        c = new HyperLogLog(s.precision)
        this.counters.set(s.name, c)
      }
      if (c.precision !== s.precision) skipped.push({ name: s.name, reason: `saved at precision ${s.precision}, counting at ${c.precision} now` })
      else c.merge(sketches[i])
    })
    return skipped
  }

  clear (): void {
    this.counters.clear()
  }
}
