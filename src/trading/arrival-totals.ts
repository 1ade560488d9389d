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
  readonly groups = new Map<string, ArrivalGroup>()

  add (t: Readonly<ClosedTrade>): void {
    const strategy = t.strategy ?? null
    const key = t.symbol + '\u0000' + t.side + '\u0000' + (strategy ?? '\u0001')
    let g = this.groups.get(key)
    if (g === undefined) {
      g = { symbol: t.symbol, side: t.side, strategy, pnl: 0, wins: 0, losses: 0, breakEven: 0 }
      this.groups.set(key, g)
    }
    g.pnl += t.pnl
    if (t.outcome === TradeOutcome.win) g.wins++
    else if (t.outcome === TradeOutcome.loss) g.losses++
    else g.breakEven++
  }

  clear (): void {
    this.groups.clear()
  }
}
