import { hasFillFields } from '../trading/fill-fields.ts'
import type { TradeEvent } from '../trading/trade-event.ts'

/** The execution fields of a trade event as the journal's `fill` column holds them. */
type FillColumn = Pick<TradeEvent, 'decision_price' | 'order_type' | 'liquidity' | 'requested_at' | 'exchange' | 'stop_price'>

/** JSON of the event's execution fields, or null when it has none (the column stays empty). */
export function fillJson (e: TradeEvent): string | null {
  if (!hasFillFields(e)) return null
  return JSON.stringify({
    decision_price: e.decision_price ?? null,
    order_type: e.order_type ?? null,
    liquidity: e.liquidity ?? null,
    requested_at: e.requested_at ?? null,
    exchange: e.exchange ?? null,
    stop_price: e.stop_price ?? null
  })
}

const num = (v: unknown): number | null => typeof v === 'number' ? v : null
const str = (v: unknown): string | null => typeof v === 'string' ? v : null

/**
 * The execution fields of a stored row; none when the column is empty or
 * unreadable. The ledger checks them again on replay, as any event.
 */
export function parseFill (json: string | null): FillColumn {
  if (json === null) return {}
  let v: unknown
  try {
    v = JSON.parse(json)
  } catch {
    return {}
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {}
  const o = v as Record<string, unknown>
  return {
    decision_price: num(o.decision_price),
    order_type: str(o.order_type),
    liquidity: str(o.liquidity),
    requested_at: num(o.requested_at),
    exchange: str(o.exchange),
    stop_price: num(o.stop_price)
  }
}
