import { HourCell } from './hour-cell.ts'
import type { ClosedTrade, PositionSide } from './trade-records.ts'

/** One UTC hour, ms. */
export const HOUR_MS = 3_600_000

const ANY = '\u0001'

/** The key of a filter (symbol and side, null: any) in an hour's cells. */
export function filterKey (symbol: string | null, side: PositionSide | null): string {
  return (symbol ?? ANY) + '\u0000' + (side ?? ANY)
}

const ALL_KEY = filterKey(null, null)

interface Hour {
  /** Cells by filter key. */
  readonly cells: Map<string, HourCell>
  /** The four cells a record of a symbol and side goes to, by symbol, then long (0) or short (1). */
  readonly targets: Map<string, Array<HourCell[] | undefined>>
}

/**
 * Per UTC hour, the figures of the closed records that left memory, for
 * each filter `/trading` takes (any, a symbol, a side, both): four cells a
 * record, added as records leave, in the order they leave. A window that
 * reaches back past memory merges the cells of the hours it covers instead
 * of reading the records (docs/TRADING_METRICS.md, "Windows past memory").
 */
export class HourBook {
  private readonly hours = new Map<number, Hour>()
  /** Hour numbers (epoch ms / HOUR_MS) that hold cells, ascending. */
  private readonly order: number[] = []
  private lastHour = NaN
  private last: Hour | null = null

  /** Adds a record that left memory to its hour's cells. */
  add (t: Readonly<ClosedTrade>): void {
    const hour = Math.floor(t.closed_at / HOUR_MS)
    let h = hour === this.lastHour ? this.last : this.hourOf(hour)
    if (h === null) h = this.hourOf(hour)
    let sides = h.targets.get(t.symbol)
    if (sides === undefined) {
      sides = [undefined, undefined]
      h.targets.set(t.symbol, sides)
    }
    const side = t.side === 'long' ? 0 : 1
    let targets = sides[side]
    if (targets === undefined) {
      const cells = h.cells
      targets = [ALL_KEY, filterKey(t.symbol, null), filterKey(null, t.side), filterKey(t.symbol, t.side)].map((k) => {
        let c = cells.get(k)
        if (c === undefined) { c = new HourCell(); cells.set(k, c) }
        return c
      })
      sides[side] = targets
    }
    for (let i = 0; i < 4; i++) targets[i].add(t)
  }

  /** Hours that hold cells, ascending; do not change. */
  get hourNumbers (): readonly number[] {
    return this.order
  }

  /** The cell of a filter in an hour; undefined when none of its records left memory. */
  cell (hour: number, key: string): HourCell | undefined {
    return this.hours.get(hour)?.cells.get(key)
  }

  /** Index in `hourNumbers` of the first hour >= `hour`. */
  lowerBound (hour: number): number {
    const o = this.order
    let lo = 0
    let hi = o.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (o[mid] < hour) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Cells held (for memory figures). */
  get cellCount (): number {
    let n = 0
    for (const h of this.hours.values()) n += h.cells.size
    return n
  }

  clear (): void {
    this.hours.clear()
    this.order.length = 0
    this.lastHour = NaN
    this.last = null
  }

  private hourOf (hour: number): Hour {
    let h = this.hours.get(hour)
    // The hour left behind takes few records more (late ones): its lookup table goes.
    this.last?.targets.clear()
    if (h === undefined) {
      h = { cells: new Map(), targets: new Map() }
      this.hours.set(hour, h)
      const o = this.order
      if (o.length === 0 || o[o.length - 1] < hour) o.push(hour)
      else o.splice(this.lowerBound(hour), 0, hour)
    }
    this.lastHour = hour
    this.last = h
    return h
  }
}
