import { exitExcursion, observePrice, startExcursion } from './excursions.ts'
import type { ExcursionState, ExitExcursion } from './excursions.ts'
import type { PositionSide } from './trade-records.ts'

/**
 * The excursion state of every open position, by position id, with an index
 * by symbol so that one price moves every position of its symbol.
 */
export class ExcursionBook {
  private readonly byPosition = new Map<number, ExcursionState>()
  private readonly bySymbol = new Map<string, Map<number, ExcursionState>>()

  /** Starts tracking a new position entered at `entryPrice`. */
  start (positionId: number, symbol: string, entryPrice: number, stopPrice: number | null): void {
    const state = startExcursion(entryPrice, stopPrice)
    this.byPosition.set(positionId, state)
    let states = this.bySymbol.get(symbol)
    if (states === undefined) {
      states = new Map()
      this.bySymbol.set(symbol, states)
    }
    states.set(positionId, state)
  }

  /** A scale-in's stop replaces the position's stop only when it gives one. */
  restop (positionId: number, stopPrice: number | null): void {
    const state = this.byPosition.get(positionId)
    if (state !== undefined && stopPrice !== null) state.stop_price = stopPrice
  }

  /** Moves the extremes of every open position of `symbol`. */
  observe (symbol: string, price: number): void {
    const states = this.bySymbol.get(symbol)
    if (states === undefined) return
    for (const state of states.values()) observePrice(state, price)
  }

  /** The excursions of `quantity` closed from a position; null when it is not tracked. */
  exit (positionId: number, side: PositionSide, entryPrice: number, quantity: number, pnl: number): ExitExcursion | null {
    const state = this.byPosition.get(positionId)
    return state === undefined ? null : exitExcursion(state, side, entryPrice, quantity, pnl)
  }

  /** Stops tracking a position that closed. */
  end (positionId: number, symbol: string): void {
    this.byPosition.delete(positionId)
    const states = this.bySymbol.get(symbol)
    if (states === undefined) return
    // The symbol's map stays, empty: symbols are few, and a map per position churned.
    states.delete(positionId)
  }

  clear (): void {
    this.byPosition.clear()
    this.bySymbol.clear()
  }
}
