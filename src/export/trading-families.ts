import type { Labels } from '../core/label-set.ts'
import type { TradeLedger } from '../trading/trade-ledger.ts'
import { computeTradingStatistics } from '../trading/trading-statistics.ts'
import type { ExtraFamily, ExtraFamilyProvider } from './extra-family.ts'

/**
 * Symbols that get their own `symbol` label on the trade counters; trades of
 * symbols beyond them (in order of first closed trade) are counted under
 * `overflow="true"`, as the store folds label sets past its limits. 100
 * symbols x 2 sides x 3 outcomes stay within the store's default 1,000
 * label sets per metric.
 */
export const MAX_SYMBOL_LABELS = 100

/**
 * Prometheus families of the trade ledger: headline gauges over all closed
 * trades, and counters of closed trades by symbol, side and outcome (PromQL
 * derives windows from the counters: `increase(...[24h])`). Figures that are
 * undefined (a win rate with no trades, an infinite profit factor) are left
 * out rather than exposed as NaN or +Inf. Computed once per ledger change.
 */
export function tradingFamilies (ledger: TradeLedger, maxSymbols = MAX_SYMBOL_LABELS): ExtraFamilyProvider {
  let cachedVersion = -1
  let cached: readonly ExtraFamily[] = []
  return () => {
    if (ledger.version !== cachedVersion) {
      cached = build(ledger, maxSymbols)
      cachedVersion = ledger.version
    }
    return cached
  }
}

function build (ledger: TradeLedger, maxSymbols: number): ExtraFamily[] {
  const s = computeTradingStatistics(ledger, {}, Date.now())
  const gauge = (name: string, help: string, value: number | null, unit?: string): ExtraFamily =>
    ({ name, help, type: 'gauge', unit, samples: value === null ? [] : [{ value }] })
  return [
    gauge('breakout_trading_realized_pnl', 'Realized P&L of every closed trade, net of fees, quote currency.', s.total_pnl),
    gauge('breakout_trading_win_rate', 'Winning closed trades over all closed trades, 0..1 (break-even trades count in neither).', s.win_rate),
    gauge('breakout_trading_profit_factor', 'Gross profit over gross loss; absent while there is no losing trade.', s.profit_factor),
    gauge('breakout_trading_max_drawdown', 'Largest fall of the realized P&L curve from its peak, quote currency.', s.max_drawdown),
    gauge('breakout_trading_max_drawdown_percent', 'Largest fall of realized equity from its peak, percent; needs a starting balance.', s.max_drawdown_pct),
    gauge('breakout_trading_open_positions', 'Positions open now.', s.open_positions),
    gauge('breakout_trading_fees', 'Fees of every closed trade, quote currency.', s.total_fees),
    closedCounter(ledger, maxSymbols)
  ]
}

function closedCounter (ledger: TradeLedger, maxSymbols: number): ExtraFamily {
  const counts = new Map<string, { labels: Labels, value: number }>()
  const symbols = new Set<string>()
  // In id (arrival) order, so a symbol's label does not move when a late trade is inserted.
  const byArrival = [...ledger.trades].sort((a, b) => a.id - b.id)
  for (const t of byArrival) {
    if (!symbols.has(t.symbol) && symbols.size < maxSymbols) symbols.add(t.symbol)
    const labels: Labels = symbols.has(t.symbol)
      ? { symbol: t.symbol, side: t.side, outcome: t.outcome }
      : { overflow: 'true', side: t.side, outcome: t.outcome }
    const key = `${labels.symbol ?? ''}\u0000${t.side}\u0000${t.outcome}`
    const entry = counts.get(key)
    if (entry === undefined) counts.set(key, { labels, value: 1 })
    else entry.value++
  }
  return {
    name: 'breakout_trades_closed',
    help: 'Closed trade records (one per reduce or close) by symbol, side and outcome (win, loss, break_even).',
    type: 'counter',
    samples: [...counts.values()]
  }
}
