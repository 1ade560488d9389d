import type { RunningStatistics } from './running-statistics.ts'
import { TradeAggregate } from './trade-aggregate.ts'
import { PositionSide } from './trade-records.ts'
import type { ClosedTrade } from './trade-records.ts'
import type { ResolvedFilter } from './trade-selection.ts'

// The groupings kept here (BREAKDOWN_BY but symbol and side): one key, or two.
const GROUPINGS: ReadonlyArray<[string, string | null]> = [['strategy', null], ['entry_tag', null],
  ['exit_reason', null], ['entry_tag', 'exit_reason']]
const GROUPING_NAMES = GROUPINGS.map(([k1, k2]) => k2 === null ? k1 : k1 + ',' + k2)
const SIDES: readonly PositionSide[] = [PositionSide.long, PositionSide.short]

/** One group of settled records: its key values and its figures in closing order. */
export interface SettledCell {
  key: Partial<Record<string, string | null>>
  aggregate: TradeAggregate
}

const valueOf = (t: Readonly<ClosedTrade>, k: string): string | null => ((t as unknown as Record<string, unknown>)[k] ?? null) as string | null

/** Cells by strategy, then entry tag, then exit reason (null: none). */
type ContextTargets = Map<string | null, Map<string | null, Map<string | null, SettledCell[]>>>

/**
 * The breakdown figures of the records that left the ledger's memory, per
 * grouping and group, for each filter a breakdown takes (none, a symbol, a
 * side, both): kept as records leave, in the order they leave, so that a
 * breakdown over window `all` merges them with a pass over the records in
 * memory instead of reading every record (docs/TRADING_METRICS.md,
 * "Records in memory"). A group of a symbol or a side under a filter is a
 * filter of its own (a symbol, a side, both): those are the running
 * figures of the records out of memory, read from them, not kept twice.
 */
export class SettledBreakdown {
  private readonly cells = new Map<string, Map<string, SettledCell>>()
  /** The running figures of the records out of memory, per symbol and side. */
  private readonly figures: RunningStatistics
  /** Symbols that left memory, with the sides they left on (bit 1 long, 2 short). */
  private readonly symbols = new Map<string, number>()
  /** The cells a record goes to, by symbol, then long (0) or short (1), then context: no key string built per record. */
  private readonly targets = new Map<string, [ContextTargets, ContextTargets]>()

  constructor (figures: RunningStatistics) {
    this.figures = figures
  }

  add (t: Readonly<ClosedTrade>): void {
    let bySide = this.targets.get(t.symbol)
    if (bySide === undefined) {
      bySide = [new Map(), new Map()]
      this.targets.set(t.symbol, bySide)
    }
    const side = t.side === PositionSide.long ? 0 : 1
    const strategy = t.strategy ?? null
    const entryTag = t.entry_tag ?? null
    const exitReason = t.exit_reason ?? null
    const byStrategy = bySide[side]
    let byTag = byStrategy.get(strategy)
    if (byTag === undefined) {
      byTag = new Map()
      byStrategy.set(strategy, byTag)
    }
    let byReason = byTag.get(entryTag)
    if (byReason === undefined) {
      byReason = new Map()
      byTag.set(entryTag, byReason)
    }
    let cells = byReason.get(exitReason)
    if (cells === undefined) {
      cells = this.cellsOf(t)
      byReason.set(exitReason, cells)
      this.symbols.set(t.symbol, (this.symbols.get(t.symbol) ?? 0) | (1 << side))
    }
    for (let i = 0; i < cells.length; i++) cells[i].aggregate.add(t)
  }

  private cellsOf (t: Readonly<ClosedTrade>): SettledCell[] {
    const out: SettledCell[] = []
    const filters = ['\u0001\u0000\u0001', t.symbol + '\u0000\u0001', '\u0001\u0000' + t.side, t.symbol + '\u0000' + t.side]
    for (let g = 0; g < GROUPINGS.length; g++) {
      const [k1, k2] = GROUPINGS[g]
      const v1 = valueOf(t, k1)
      const v2 = k2 === null ? null : valueOf(t, k2)
      const groupKey = (v1 ?? '\u0001') + '\u0000' + (v2 ?? '\u0001')
      for (let f = 0; f < 4; f++) {
        const id = GROUPING_NAMES[g] + '\u0000' + filters[f]
        let groups = this.cells.get(id)
        if (groups === undefined) {
          groups = new Map()
          this.cells.set(id, groups)
        }
        let cell = groups.get(groupKey)
        if (cell === undefined) {
          const key: Partial<Record<string, string | null>> = { [k1]: v1 }
          if (k2 !== null) key[k2] = v2
          cell = { key, aggregate: new TradeAggregate() }
          groups.set(groupKey, cell)
        }
        out.push(cell)
      }
    }
    return out
  }

  /** The groups of a grouping (`by` joined with commas) under a filter; empty when none. */
  groups (by: string, filter: ResolvedFilter): ReadonlyMap<string, SettledCell> {
    if (by === 'symbol' || by === 'side') return this.filterGroups(by, filter)
    const id = by + '\u0000' + (filter.symbol ?? '\u0001') + '\u0000' + (filter.side ?? '\u0001')
    return this.cells.get(id) ?? new Map()
  }

  clear (): void {
    this.cells.clear()
    this.symbols.clear()
    this.targets.clear()
  }

  /** Groups by symbol or side: the running figures of each symbol or side within the filter. */
  private filterGroups (by: 'symbol' | 'side', filter: ResolvedFilter): Map<string, SettledCell> {
    const out = new Map<string, SettledCell>()
    if (by === 'symbol') {
      for (const symbol of this.symbols.keys()) {
        if (filter.symbol !== null && symbol !== filter.symbol) continue
        const g = this.figures.peek(symbol, filter.side)
        if (g !== null) out.set(symbol, { key: { symbol }, aggregate: g.aggregate })
      }
      return out
    }
    let sides = 0
    for (const [symbol, bits] of this.symbols) if (filter.symbol === null || symbol === filter.symbol) sides |= bits
    for (let i = 0; i < 2; i++) {
      const side = SIDES[i]
      if ((sides & (1 << i)) === 0 || (filter.side !== null && side !== filter.side)) continue
      const g = this.figures.peek(filter.symbol, side)
      if (g !== null) out.set(side, { key: { side }, aggregate: g.aggregate })
    }
    return out
  }
}
