import type { TradeEvent } from '../trading/trade-event.ts'
import type { TradeEventOptions } from './trade-event-options.ts'

/** The context fields of a trade event from the options, present only when given. */
export function tradeContextOf (o: TradeEventOptions | undefined): Pick<TradeEvent, 'strategy' | 'entry_tag' | 'exit_reason'> {
  const out: Pick<TradeEvent, 'strategy' | 'entry_tag' | 'exit_reason'> = {}
  if (o === undefined) return out
  if (o.strategy != null) out.strategy = o.strategy
  if (o.entryTag != null) out.entry_tag = o.entryTag
  if (o.exitReason != null) out.exit_reason = o.exitReason
  return out
}
