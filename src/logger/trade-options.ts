import type { TradeEvent } from '../trading/trade-event.ts'

/** The optional fields of `logTradeEvent`. */
export interface TradeEventOptions {
  /** Fees paid on this event, quote currency. */
  fees?: number | null
  /** Ties the events of one position together. */
  tradeId?: string | null
  /** Event time, epoch ms; default now. */
  timestampMs?: number
  /** The strategy that traded the position: a label value of 1 to 64 characters. */
  strategy?: string | null
  /** Why the position was opened (on `opened`): a label value. */
  entryTag?: string | null
  /** Why (part of) the position was closed (on `reduced`/`closed`): a label value. */
  exitReason?: string | null
}

/** The context fields of a trade event from the options, present only when given. */
export function tradeContextOf (o: TradeEventOptions | undefined): Pick<TradeEvent, 'strategy' | 'entry_tag' | 'exit_reason'> {
  const out: Pick<TradeEvent, 'strategy' | 'entry_tag' | 'exit_reason'> = {}
  if (o === undefined) return out
  if (o.strategy != null) out.strategy = o.strategy
  if (o.entryTag != null) out.entry_tag = o.entryTag
  if (o.exitReason != null) out.exit_reason = o.exitReason
  return out
}
