import type { MetricsLogger } from '../index.ts'
import type { SymbolScan } from './filters.ts'
import type { SymbolMarket } from './price-model.ts'

/** Notional traded per trade message of the simulated feed, in seconds of the symbol's calm volume. */
const TRADE_MESSAGE_SECONDS = 0.1

/**
 * Messages the simulated feed delivered for `m` over its last `ticks`
 * ticks: one book update per tick, and one trade message per tenth of a
 * second of the symbol's calm notional traded. A volatile symbol trades
 * more (price-model.ts), so its feed is heavier, as an exchange's is in a
 * fast market. Reads the price model's history only: no random draw, so
 * the demo's seeded walk is unchanged.
 */
export function feedMessages (m: SymbolMarket, ticks: number): number {
  const n = Math.min(ticks, m.length)
  const lotNotional = m.spec.notionalPerSecond * TRADE_MESSAGE_SECONDS
  let trades = 0
  for (let i = m.length - n; i < m.length; i++) trades += m.volumes[i] * m.prices[i] / lotNotional
  return n + Math.round(trades)
}

/**
 * Reports each symbol's market context after a scan: the feed messages
 * since the previous scan (a rate, `market_data_messages`) and the
 * symbol's realized volatility as the scanner measured it
 * (`market_volatility`, log price per √second over the volatility filter's
 * window): about 3x higher in the volatile regime than in the calm one.
 */
export function reportMarketData (logger: MetricsLogger, markets: readonly SymbolMarket[], scans: readonly SymbolScan[], ticks: number): void {
  for (let i = 0; i < markets.length; i++) {
    logger.logMarketData(feedMessages(markets[i], ticks), { symbol: markets[i].spec.symbol, volatility: scans[i].volatility })
  }
}
