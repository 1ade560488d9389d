import { InvalidArgumentError } from './errors.ts'
import { HyperLogLog } from './hyperloglog.ts'
import { validateMetricName } from './label-set.ts'

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

  clear (): void {
    this.counters.clear()
  }
}
