import type { TradeEvent } from './trade-event.ts'
import type { ExitExcursion } from './excursions.ts'
import { outcomeOf } from './trade-records.ts'
import type { ClosedTrade, OpenPosition, PositionSide } from './trade-records.ts'

/** Strategy, entry tag and exit reason of a record, folded as labels. */
export interface RecordContext {
  strategy: string | null
  entry_tag: string | null
  exit_reason: string | null
}

/**
 * The record of an exit of `quantity` from position `p`: P&L computed from
 * the entry (or the event's reported `pnl`), net of `fees`. Frozen: a
 * record is a fact, handed out without copies.
 */
export function exitRecord (id: number, p: OpenPosition, e: TradeEvent, quantity: number, fees: number, pnl: number,
  final: boolean, tolerance: number, excursion: ExitExcursion | null, context: RecordContext): Readonly<ClosedTrade> {
  return Object.freeze({
    id,
    position_id: p.position_id,
    trade_id: p.trade_id,
    symbol: p.symbol,
    side: p.side,
    quantity,
    entry_price: p.entry_price,
    exit_price: e.price,
    opened_at: p.opened_at,
    closed_at: e.timestamp,
    holding_seconds: (e.timestamp - p.opened_at) / 1000,
    fees,
    pnl,
    pnl_source: e.pnl == null ? 'computed' : 'reported',
    outcome: outcomeOf(pnl, tolerance),
    final,
    orphan: false,
    metadata: e.metadata ?? null,
    // Written out, not spread: a spread made each record a slow dictionary object.
    mae: excursion === null ? null : excursion.mae,
    mfe: excursion === null ? null : excursion.mfe,
    mae_pct: excursion === null ? null : excursion.mae_pct,
    mfe_pct: excursion === null ? null : excursion.mfe_pct,
    r_multiple: excursion === null ? null : excursion.r_multiple,
    efficiency: excursion === null ? null : excursion.efficiency,
    strategy: context.strategy,
    entry_tag: context.entry_tag,
    exit_reason: context.exit_reason
  })
}

/**
 * The record of the exit of a position the ledger never saw open: the
 * reported P&L and the exit's own fees; entry, open time and holding time
 * unknown. `final` follows the event: a `closed` ends the unknown
 * position, a `reduced` does not.
 */
export function orphanRecord (id: number, positionId: number, e: TradeEvent, side: PositionSide, pnl: number,
  final: boolean, tolerance: number, context: RecordContext): Readonly<ClosedTrade> {
  return Object.freeze({
    id,
    position_id: positionId,
    trade_id: e.trade_id ?? null,
    symbol: e.symbol,
    side,
    quantity: e.quantity,
    entry_price: null,
    exit_price: e.price,
    opened_at: null,
    closed_at: e.timestamp,
    holding_seconds: null,
    fees: e.fees ?? 0,
    pnl,
    pnl_source: 'reported',
    outcome: outcomeOf(pnl, tolerance),
    final,
    orphan: true,
    metadata: e.metadata ?? null,
    mae: null,
    mfe: null,
    mae_pct: null,
    mfe_pct: null,
    r_multiple: null,
    efficiency: null,
    strategy: context.strategy,
    entry_tag: context.entry_tag,
    exit_reason: context.exit_reason
  })
}
