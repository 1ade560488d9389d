import { lowerBound } from '../core/sorted-search.ts'
import { HourColumns } from './hour-columns.ts'
import type { HourCell } from './hour-cell.ts'
import { FilterTargets } from './filter-targets.ts'
import type { ClosedTrade } from './trade-records.ts'

/** One UTC hour, ms. */
export const HOUR_MS = 3_600_000

interface Hour {
  readonly columns: HourColumns
  /** Cell index + 1 by filter number (0: no cell); grown as filters appear. */
  slots: Int32Array
}

/**
 * Per UTC hour, the figures of the closed records that left memory, for
 * each filter `/trading` takes (any, a symbol, a side, both): four cells a
 * record, added as records leave, in the order they leave. A window that
 * reaches back past memory merges the cells of the hours it covers instead
 * of reading the records (docs/TRADING_METRICS.md, "Windows past memory").
 * The cells of an hour are packed in typed arrays (HourColumns); filters
 * are numbered once for every hour.
 */
export class HourBook {
  private readonly hours = new Map<number, Hour>()
  /** Hour numbers (epoch ms / HOUR_MS) that hold cells, ascending. */
  private readonly order: number[] = []
  /** Filter numbers, in the order filters appear, and the four of a record of a symbol and side. */
  private readonly filters: FilterTargets<number> = new FilterTargets(() => this.filters.byKey.size)
  private lastHour = NaN
  private last: Hour | null = null

  /** Adds a record that left memory to its hour's cells. */
  add (t: Readonly<ClosedTrade>): void {
    const hour = Math.floor(t.closed_at / HOUR_MS)
    const h = hour === this.lastHour && this.last !== null ? this.last : this.hourOf(hour)
    const targets = this.filters.of(t.symbol, t.side)
    const columns = h.columns
    for (let i = 0; i < 4; i++) {
      const f = targets[i]
      if (f >= h.slots.length) h.slots = growSlots(h.slots, this.filters.byKey.size)
      let c = h.slots[f] - 1
      if (c < 0) {
        c = columns.addCell()
        h.slots[f] = c + 1
      }
      columns.add(c, t)
    }
  }

  /** Hours that hold cells, ascending; do not change. */
  get hourNumbers (): readonly number[] {
    return this.order
  }

  /** The cell of a filter in an hour, as a copy of its own; undefined when none of its records left memory. */
  cell (hour: number, key: string): HourCell | undefined {
    const h = this.hours.get(hour)
    const f = this.filters.byKey.get(key)
    if (h === undefined || f === undefined || f >= h.slots.length || h.slots[f] === 0) return undefined
    return h.columns.cell(h.slots[f] - 1)
  }

  /** Index in `hourNumbers` of the first hour >= `hour`. */
  lowerBound (hour: number): number {
    return lowerBound(this.order, hour)
  }

  /** Cells held (for memory figures). */
  get cellCount (): number {
    let n = 0
    for (const h of this.hours.values()) n += h.columns.size
    return n
  }

  clear (): void {
    this.hours.clear()
    this.order.length = 0
    this.filters.clear()
    this.lastHour = NaN
    this.last = null
  }

  private hourOf (hour: number): Hour {
    let h = this.hours.get(hour)
    // The hour left behind takes few records more (late ones): its spare room goes.
    this.last?.columns.trim()
    if (h === undefined) {
      h = { columns: new HourColumns(), slots: new Int32Array(this.filters.byKey.size + 4) }
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

function growSlots (slots: Int32Array, filters: number): Int32Array {
  const out = new Int32Array(Math.max(filters + 4, slots.length * 2))
  out.set(slots)
  return out
}
