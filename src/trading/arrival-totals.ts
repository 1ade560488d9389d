import { TradeOutcome } from './trade-records.ts'
import type { ClosedTrade, PositionSide } from './trade-records.ts'

/** The P&L and outcome counts of the records of one symbol, side and strategy. */
export interface ArrivalGroup {
  readonly symbol: string
  readonly side: PositionSide
  readonly strategy: string | null
  /** Σ pnl, added in arrival (id) order. */
  pnl: number
  wins: number
  losses: number
  breakEven: number
}

/**
 * P&L and outcome counts of every closed record (in memory or not) per
 * symbol, side and strategy, in the order each group's first record
 * arrived: the exposition's per-symbol families read them in O(groups)
 * instead of sorting every record on each change.
 */
export class ArrivalTotals {
  /** Groups in order of their first record's arrival. */
  readonly groups: ArrivalGroup[] = []
  /** The groups of each symbol: a symbol has few sides and strategies, and no key string is built per record. */
  private readonly bySymbol = new Map<string, ArrivalGroup[]>()

  add (t: Readonly<ClosedTrade>): void {
    const strategy = t.strategy ?? null
    let list = this.bySymbol.get(t.symbol)
    if (list === undefined) {
      list = []
      this.bySymbol.set(t.symbol, list)
    }
    let g: ArrivalGroup | undefined
    for (let i = 0; i < list.length; i++) {
      if (list[i].side === t.side && list[i].strategy === strategy) { g = list[i]; break }
    }
    if (g === undefined) {
      g = { symbol: t.symbol, side: t.side, strategy, pnl: 0, wins: 0, losses: 0, breakEven: 0 }
      list.push(g)
      this.groups.push(g)
    }
    g.pnl += t.pnl
    if (t.outcome === TradeOutcome.win) g.wins++
    else if (t.outcome === TradeOutcome.loss) g.losses++
    else g.breakEven++
  }

  clear (): void {
    this.groups.length = 0
    this.bySymbol.clear()
  }
}
