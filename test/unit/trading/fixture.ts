import type { TradeEvent } from '../../../src/trading/trade-event.ts'

/** 2024-01-01T00:00:00Z, a Monday. */
export const T0 = Date.UTC(2024, 0, 1)
export const H = 3_600_000
export const D = 24 * H
/** "Now" for the fixture's statistics: 2024-01-05T12:00:00Z. */
export const NOW = T0 + 4 * D + 12 * H

export function ev (event: string, symbol: string, side: string, quantity: number, price: number, timestamp: number,
  extra: { pnl?: number, fees?: number, trade_id?: string } = {}): TradeEvent {
  return {
    event,
    symbol,
    side,
    quantity,
    price,
    pnl: extra.pnl ?? null,
    fees: extra.fees ?? null,
    trade_id: extra.trade_id ?? null,
    timestamp,
    metadata: null
  }
}

/**
 * The fixed trade list the hand-computed values refer to (the same list is
 * written out in reference-values.py). Partial closes, shorts, fees, a
 * scale-in, a reported P&L, a break-even trade and a position left open.
 */
export const FIXTURE: readonly TradeEvent[] = Object.freeze([
  ev('opened', 'BTCUSDT', 'long', 1, 100, T0 + 1 * H, { fees: 1 }),
  ev('reduced', 'BTCUSDT', 'long', 0.4, 110, T0 + 3 * H, { fees: 0.5 }),
  ev('closed', 'BTCUSDT', 'long', 0, 95, T0 + 5 * H, { fees: 0.5 }),
  ev('opened', 'ETHUSDT', 'sell', 2, 50, T0 + 6 * H, { fees: 0.2, trade_id: 'e1' }),
  ev('closed', 'ETHUSDT', 'sell', 2, 45, T0 + D + 2 * H, { fees: 0.2, trade_id: 'e1' }),
  ev('opened', 'SOLUSDT', 'buy', 10, 20, T0 + D + 3 * H),
  ev('closed', 'SOLUSDT', 'buy', 10, 20, T0 + D + 4 * H),
  ev('opened', 'BTCUSDT', 'long', 2, 100, T0 + 2 * D + 1 * H),
  ev('opened', 'BTCUSDT', 'long', 2, 110, T0 + 2 * D + 2 * H),
  ev('closed', 'BTCUSDT', 'long', 4, 100, T0 + 2 * D + 5 * H, { fees: 0.5, pnl: -21 }),
  ev('opened', 'ETHUSDT', 'short', 1, 60, T0 + 3 * D + 1 * H),
  ev('reduced', 'ETHUSDT', 'short', 0.5, 50, T0 + 3 * D + 2 * H),
  ev('opened', 'SOLUSDT', 'long', 5, 10, T0 + 4 * D, { trade_id: 's2' }),
  ev('closed', 'SOLUSDT', 'long', 5, 12, T0 + 4 * D + 6 * H, { fees: 0.1, trade_id: 's2' })
])
