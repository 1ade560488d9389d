import { TradeAggregate } from './trade-aggregate.ts'
import type { ClosedTrade } from './trade-records.ts'
import type { ResolvedFilter } from './trade-selection.ts'

// The groupings a breakdown answers (BREAKDOWN_BY): one key, or two.
const GROUPINGS: ReadonlyArray<[string, string | null]> = [['symbol', null], ['side', null], ['strategy', null], ['entry_tag', null],
  ['exit_reason', null], ['entry_tag', 'exit_reason']]
const GROUPING_NAMES = GROUPINGS.map(([k1, k2]) => k2 === null ? k1 : k1 + ',' + k2)

/** One group of settled records: its key values and its figures in closing order. */
export interface SettledCell {
  key: Partial<Record<string, string | null>>
  aggregate: TradeAggregate
}

const valueOf = (t: Readonly<ClosedTrade>, k: string): string | null => ((t as unknown as Record<string, unknown>)[k] ?? null) as string | null

/**
 * The breakdown figures of the records that left the ledger's memory, per
 * grouping and group, for each filter a breakdown takes (none, a symbol, a
 * side, both): kept as records leave, in the order they leave, so that a
 * breakdown over window `all` merges them with a pass over the records in
 * memory instead of reading every record (docs/TRADING_METRICS.md,
 * "Records in memory").
 */
export class SettledBreakdown {
  private readonly cells = new Map<string, Map<string, SettledCell>>()

  /** The cells a record of a symbol, side and context goes to, found with one lookup. */
  private readonly targets = new Map<string, SettledCell[]>()

  add (t: Readonly<ClosedTrade>): void {
    const id = t.symbol + '\u0000' + t.side + '\u0000' + (t.strategy ?? '\u0001') + '\u0000' + (t.entry_tag ?? '\u0001') + '\u0000' + (t.exit_reason ?? '\u0001')
    let cells = this.targets.get(id)
    if (cells === undefined) {
      cells = this.cellsOf(t)
      this.targets.set(id, cells)
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
    const id = by + '\u0000' + (filter.symbol ?? '\u0001') + '\u0000' + (filter.side ?? '\u0001')
    return this.cells.get(id) ?? new Map()
  }

  clear (): void {
    this.cells.clear()
    this.targets.clear()
  }
}
