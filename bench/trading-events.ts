import type { TradeEvent } from '../src/index.ts'

/**
 * `n` closed positions (opened then closed, with execution fields and a
 * stop) over 50 symbols, from the `first`-th on: consecutive calls continue
 * one stream, so a long stream can be built and fed a slice at a time.
 */
export function closedPositions (n: number, first = 0): TradeEvent[] {
  const out: TradeEvent[] = []
  const t0 = Date.UTC(2024, 0, 1)
  for (let i = first; i < first + n; i++) {
    const symbol = `SYM${i % 50}USDT`
    const side = i % 3 === 0 ? 'short' : 'long'
    const base = 100 + (i % 17)
    const at = t0 + i * 2000
    const fill = { order_type: 'market', liquidity: 'taker', exchange: 'binance', requested_at: at - 40 }
    out.push({ event: 'opened', symbol, side, quantity: 1, price: base, pnl: null, fees: 0.01, trade_id: null, timestamp: at, metadata: null, decision_price: base * 0.9995, stop_price: side === 'long' ? base * 0.98 : base * 1.02, ...fill })
    out.push({ event: 'closed', symbol, side, quantity: 0, price: base * (i % 2 === 0 ? 1.02 : 0.985), pnl: null, fees: 0.01, trade_id: null, timestamp: at + 1000, metadata: null, decision_price: base, ...fill })
  }
  return out
}
