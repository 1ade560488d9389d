import { QuantileSketch } from '../core/quantile-sketch.ts'
import { RunningMedian } from '../core/running-median.ts'
import { percentilesInPlace } from '../core/statistics.ts'
import type { SettledCell } from './settled-breakdown.ts'
import type { TradeAggregate } from './trade-aggregate.ts'
import { TradeOutcome } from './trade-records.ts'
import type { ClosedTrade } from './trade-records.ts'

/** What a breakdown can group by. */
export const BREAKDOWN_KEYS = Object.freeze(['symbol', 'side', 'strategy', 'entry_tag', 'exit_reason'] as const)
export type BreakdownKey = typeof BREAKDOWN_KEYS[number]

/** The figures of one group of closed trade records (or of all of them). */
export interface GroupFigures {
  closed_trades: number
  wins: number
  losses: number
  win_rate: number | null
  total_pnl: number
  avg_pnl: number | null
  profit_factor: number | null
  expectancy: number | null
  max_drawdown: number
  holding_seconds: { mean: number | null, median: number | null, max: number | null }
}

/** One row: the group's key values (null where the records carry none) and its figures. */
export interface BreakdownRow extends GroupFigures {
  key: Partial<Record<BreakdownKey, string | null>>
}

/** Rows (by total_pnl, highest first; ties by key) and the total of a selection of records. */
export interface Grouped {
  rows: BreakdownRow[]
  total: GroupFigures
}

/** The figures of the records that left memory, per group and in total, for a grouping and filter. */
export interface SettledGroups {
  cells: ReadonlyMap<string, SettledCell>
  total: TradeAggregate | null
}

/** The median of a group's holding times, however they are kept. */
interface HoldingMedian {
  add: (seconds: number) => void
  median: () => number
}

/** Every holding time of a one-off pass, selected once at the end (cheaper than a heap per add). */
class HoldingList implements HoldingMedian {
  private readonly values: number[] = []
  add (seconds: number): void {
    this.values.push(seconds)
  }

  median (): number {
    return percentilesInPlace(this.values, [0.5])[0]
  }
}

/** A quantile sketch: holding times of records that left memory are only kept so (within 1 %). */
class HoldingSketch implements HoldingMedian {
  private readonly sketch: QuantileSketch
  constructor (sketch: QuantileSketch) {
    this.sketch = sketch
  }

  add (seconds: number): void {
    this.sketch.add(seconds)
  }

  median (): number {
    return this.sketch.quantile(0.5)
  }
}

// One property read per key: a computed `t[key]` read is several times slower on this path.
const VALUE_OF: Readonly<Record<BreakdownKey, (t: Readonly<ClosedTrade>) => string | null>> = {
  symbol: (t) => t.symbol,
  side: (t) => t.side,
  strategy: (t) => t.strategy ?? null,
  entry_tag: (t) => t.entry_tag ?? null,
  exit_reason: (t) => t.exit_reason ?? null
}

/** Running figures of a group, fed in closed_at order. */
class Group {
  n = 0
  wins = 0
  losses = 0
  total = 0
  grossProfit = 0
  grossLoss = 0
  peak = 0
  maxDrawdown = 0
  held = 0
  holdSum = 0
  holdMax = -Infinity
  holding: HoldingMedian
  readonly key: Partial<Record<BreakdownKey, string | null>>
  /** The key values joined, for ordering ties. */
  readonly keyText: string

  constructor (key: Partial<Record<BreakdownKey, string | null>>, keyText: string, holding: HoldingMedian) {
    this.key = key
    this.keyText = keyText
    this.holding = holding
  }

  add (t: Readonly<ClosedTrade>): void {
    const pnl = t.pnl
    this.n++
    this.total += pnl
    if (t.outcome === TradeOutcome.win) {
      this.wins++
      this.grossProfit += pnl
    } else if (t.outcome === TradeOutcome.loss) {
      this.losses++
      this.grossLoss += pnl
    }
    if (this.total > this.peak) this.peak = this.total
    else if (this.peak - this.total > this.maxDrawdown) this.maxDrawdown = this.peak - this.total
    const h = t.holding_seconds
    if (h !== null) {
      this.held++
      this.holdSum += h
      if (h > this.holdMax) this.holdMax = h
      this.holding.add(h)
    }
  }

  /** Starts an empty group from the figures of its records that left memory: they closed before every record added after. */
  seed (a: TradeAggregate): void {
    this.n = a.count
    this.wins = a.wins
    this.losses = a.losses
    this.total = a.total
    this.grossProfit = a.grossProfit
    this.grossLoss = a.grossLoss
    this.peak = a.maxPrefix
    this.maxDrawdown = a.maxDrawdown
    this.held = a.holdingCount
    this.holdSum = a.holdingSum
    this.holdMax = a.holdingMax
    if (a.holdingCount > 0) {
      const sketch = new QuantileSketch(a.holding.relativeAccuracy)
      sketch.merge(a.holding)
      this.holding = new HoldingSketch(sketch)
    }
  }

  figures (): GroupFigures {
    const n = this.n
    return {
      closed_trades: n,
      wins: this.wins,
      losses: this.losses,
      win_rate: n === 0 ? null : this.wins / n,
      total_pnl: this.total,
      avg_pnl: n === 0 ? null : this.total / n,
      // As /trading: null without a losing trade (gross profit over 0).
      profit_factor: this.losses === 0 ? null : this.grossProfit / -this.grossLoss,
      expectancy: n === 0 ? null : (this.grossProfit + this.grossLoss) / n,
      max_drawdown: this.maxDrawdown,
      holding_seconds: this.held === 0
        ? { mean: null, median: null, max: null }
        : { mean: this.holdSum / this.held, median: this.holding.median(), max: this.holdMax }
    }
  }
}

/**
 * The groups of a breakdown and their total, fed records in closed_at
 * order. `live` tables are read again and again as records arrive: their
 * holding medians are running ones (two heaps, O(log n) an add, 8 bytes a
 * record); one-off tables keep the holding times in a list and select the
 * median once.
 */
export class GroupTable {
  private readonly by: readonly BreakdownKey[]
  // One level of maps per key: no key string is built per record.
  private readonly groups = new Map<string | null, Group | Map<string | null, Group>>()
  private readonly list: Group[] = []
  private readonly all: Group
  private readonly live: boolean
  private readonly value1: (t: Readonly<ClosedTrade>) => string | null
  private readonly value2: ((t: Readonly<ClosedTrade>) => string | null) | null

  constructor (by: readonly BreakdownKey[], live: boolean) {
    this.by = by
    this.live = live
    this.value1 = VALUE_OF[by[0]]
    this.value2 = by.length > 1 ? VALUE_OF[by[1]] : null
    this.all = new Group({}, '', this.holdingMedian())
  }

  private holdingMedian (): HoldingMedian {
    return this.live ? new RunningMedian() : new HoldingList()
  }

  private groupOf (v1: string | null, v2: string | null): Group {
    const [k1, k2] = this.by
    let g: Group | undefined
    if (this.value2 === null) {
      g = this.groups.get(v1) as Group | undefined
      if (g === undefined) {
        g = new Group({ [k1]: v1 }, v1 ?? '', this.holdingMedian())
        this.groups.set(v1, g)
        this.list.push(g)
      }
      return g
    }
    let inner = this.groups.get(v1) as Map<string | null, Group> | undefined
    if (inner === undefined) {
      inner = new Map()
      this.groups.set(v1, inner)
    }
    g = inner.get(v2)
    if (g === undefined) {
      g = new Group({ [k1]: v1, [k2]: v2 }, (v1 ?? '') + '\u0000' + (v2 ?? ''), this.holdingMedian())
      inner.set(v2, g)
      this.list.push(g)
    }
    return g
  }

  /** Starts every group and the total from the figures of the records that left memory; before any add. */
  seed (settled: SettledGroups): void {
    const [k1, k2] = this.by
    for (const cell of settled.cells.values()) {
      this.groupOf(cell.key[k1] ?? null, k2 === undefined ? null : cell.key[k2] ?? null).seed(cell.aggregate)
    }
    if (settled.total !== null) this.all.seed(settled.total)
  }

  /** Adds a record that closed at or after every record added before. */
  add (t: Readonly<ClosedTrade>): void {
    const v2 = this.value2
    this.groupOf(this.value1(t), v2 === null ? null : v2(t)).add(t)
    this.all.add(t)
  }

  /** The rows, sorted, and the total as they stand. */
  result (): Grouped {
    const list = [...this.list]
    list.sort((a, b) => b.total - a.total || (a.keyText < b.keyText ? -1 : a.keyText > b.keyText ? 1 : 0))
    const rows: BreakdownRow[] = new Array(list.length)
    for (let i = 0; i < list.length; i++) rows[i] = { key: list[i].key, ...list[i].figures() }
    return { rows, total: this.all.figures() }
  }
}
