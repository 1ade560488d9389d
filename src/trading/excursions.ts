import { PositionSide } from './trade-records.ts'

/**
 * The extreme prices an open position has seen, from its entry on. Kept per
 * position by the ledger and moved by every price it hears of the symbol
 * (price updates and the trade events' own prices).
 */
export interface ExcursionState {
  max_price: number
  min_price: number
  /** The stop given on the opening event, quote currency; null when none. */
  stop_price: number | null
}

/**
 * How far a closed quantity went against and for the trade while it was
 * open (docs/TRADING_METRICS.md, "Excursions"). Money in quote currency,
 * percentages of the entry price.
 */
export interface ExitExcursion {
  /** Maximum adverse excursion of the closed quantity, >= 0. */
  mae: number
  /** Maximum favourable excursion of the closed quantity, >= 0. */
  mfe: number
  mae_pct: number
  mfe_pct: number
  /** Realized P&L in units of the initial risk `|entry − stop|·quantity`; null without a stop. */
  r_multiple: number | null
  /** Realized P&L / MFE: the share of the best move the exit kept; null when MFE is 0. */
  efficiency: number | null
}

/** The state of a position opened at `entryPrice`, with its stop if the bot gave one. */
export function startExcursion (entryPrice: number, stopPrice: number | null): ExcursionState {
  return { max_price: entryPrice, min_price: entryPrice, stop_price: stopPrice }
}

/** Moves the extremes by one observed price. */
export function observePrice (state: ExcursionState, price: number): void {
  if (price > state.max_price) state.max_price = price
  if (price < state.min_price) state.min_price = price
}

/**
 * The excursions of `quantity` closed from a position entered at `entryPrice`
 * (its quantity-weighted average), with the record's realized P&L.
 *
 * @example
 * const s = startExcursion(100, 95)
 * observePrice(s, 93); observePrice(s, 110)
 * exitExcursion(s, 'long', 100, 2, 16)
 * // { mae: 14, mfe: 20, mae_pct: 7, mfe_pct: 10, r_multiple: 1.6, efficiency: 0.8 }
 */
export function exitExcursion (
  state: ExcursionState,
  side: PositionSide,
  entryPrice: number,
  quantity: number,
  pnl: number
): ExitExcursion {
  const long = side === PositionSide.long
  const adverse = Math.max(0, long ? entryPrice - state.min_price : state.max_price - entryPrice)
  const favourable = Math.max(0, long ? state.max_price - entryPrice : entryPrice - state.min_price)
  const mfe = favourable * quantity
  const risk = state.stop_price === null ? 0 : Math.abs(entryPrice - state.stop_price) * quantity
  return {
    mae: adverse * quantity,
    mfe,
    mae_pct: entryPrice > 0 ? adverse / entryPrice * 100 : 0,
    mfe_pct: entryPrice > 0 ? favourable / entryPrice * 100 : 0,
    r_multiple: risk > 0 ? pnl / risk : null,
    efficiency: mfe > 0 ? pnl / mfe : null
  }
}

/** The lower edge of the 0.5 R bin a multiple falls in: 1.2 -> 1, −0.2 -> −0.5. */
export function rBin (rMultiple: number): number {
  return Math.floor(rMultiple * 2) / 2
}
