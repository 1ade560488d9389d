/** The side of a position. A `buy` opening order makes a long, a `sell` a short. */
export const PositionSide = {
  long: 'long',
  short: 'short'
} as const
export type PositionSide = typeof PositionSide[keyof typeof PositionSide]

/** A closed trade's outcome; break-even is its own class (see docs/TRADING_METRICS.md). */
export const TradeOutcome = {
  win: 'win',
  loss: 'loss',
  breakEven: 'break_even'
} as const
export type TradeOutcome = typeof TradeOutcome[keyof typeof TradeOutcome]

/**
 * The outcome of a realized P&L: a win above `tolerance`, a loss below
 * `-tolerance`, break-even between (docs/TRADING_METRICS.md).
 */
export function outcomeOf (pnl: number, tolerance: number): TradeOutcome {
  return pnl > tolerance ? TradeOutcome.win : pnl < -tolerance ? TradeOutcome.loss : TradeOutcome.breakEven
}

/**
 * The position side an event names: `long`/`buy` or `short`/`sell`, any case.
 * Null for anything else.
 */
export function parseSide (raw: unknown): PositionSide | null {
  if (typeof raw !== 'string') return null
  switch (raw.toLowerCase()) {
    case 'long':
    case 'buy':
      return PositionSide.long
    case 'short':
    case 'sell':
      return PositionSide.short
    default:
      return null
  }
}

/**
 * One closed trade record: what one `reduced` or `closed` event realized.
 * A position closed in three steps yields three records; the last has
 * `final: true`. Money in quote currency, times in epoch ms.
 */
export interface ClosedTrade {
  /** Ordinal of the record in the ledger, 1-based; stable when the ledger is rebuilt. */
  id: number
  /** Ordinal of the position the record closes part of, 1-based. */
  position_id: number
  trade_id: string | null
  symbol: string
  side: PositionSide
  /** Quantity closed by this record. */
  quantity: number
  /** Quantity-weighted average entry price of the position; null for an orphan. */
  entry_price: number | null
  exit_price: number
  /** Time of the position's first `opened` event; null for an orphan. */
  opened_at: number | null
  /** Time of the `reduced` or `closed` event. */
  closed_at: number
  /** (closed_at - opened_at) / 1000; null for an orphan. */
  holding_seconds: number | null
  /** Entry fees allocated to this quantity plus the exit event's fees. */
  fees: number
  /** Realized P&L, net of fees. */
  pnl: number
  /** `reported` when the event carried `pnl`, `computed` when the ledger derived it. */
  pnl_source: 'reported' | 'computed'
  outcome: TradeOutcome
  /** True when this record closed the rest of the position. */
  final: boolean
  /**
   * True for the exit of a position the ledger never saw open (a bot that
   * started logging mid-life, a restart without persistence): its `pnl` is
   * the reported one, its entry and holding time unknown.
   */
  orphan: boolean
  /** The closing event's free-form details. */
  metadata: Readonly<Record<string, unknown>> | null
  /** Maximum adverse excursion of the closed quantity while open, quote currency, >= 0; null for an orphan. */
  mae: number | null
  /** Maximum favourable excursion of the closed quantity while open, quote currency, >= 0; null for an orphan. */
  mfe: number | null
  /** MAE per unit, percent of the entry price; null for an orphan. */
  mae_pct: number | null
  /** MFE per unit, percent of the entry price; null for an orphan. */
  mfe_pct: number | null
  /** pnl / (|entry − stop|·quantity); null without a stop on the opening event, or for an orphan. */
  r_multiple: number | null
  /** pnl / mfe; null when mfe is 0, or for an orphan. */
  efficiency: number | null
  /** The position's strategy (its opening's, else the exit's); null when none was given. */
  strategy?: string | null
  /** The entry tag of the position's opening; null when none was given or for an orphan. */
  entry_tag?: string | null
  /** The exit reason of the event that closed this record; null when none was given. */
  exit_reason?: string | null
}

/** A position still (partly) open. Money in quote currency, times in epoch ms. */
export interface OpenPosition {
  position_id: number
  trade_id: string | null
  symbol: string
  side: PositionSide
  /** Quantity still open. */
  quantity: number
  /** Quantity-weighted average entry price. */
  entry_price: number
  opened_at: number
  /** Entry fees not yet allocated to a closed quantity. */
  entry_fees: number
  /** P&L realized so far by partial closes. */
  realized_pnl: number
  /** Quantity closed so far by partial closes. */
  closed_quantity: number
  /** The opening's strategy, null when none was given. */
  strategy?: string | null
  /** The opening's entry tag, null when none was given. */
  entry_tag?: string | null
}
