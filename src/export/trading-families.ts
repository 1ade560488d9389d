import type { Labels } from '../core/label-set.ts'
import type { TradeLedger } from '../trading/trade-ledger.ts'
import { TradeOutcome } from '../trading/trade-records.ts'
import { computeTradingStatistics } from '../trading/trading-statistics.ts'
import type { ExtraFamily, ExtraFamilyProvider, ExtraSample } from './extra-family.ts'

/**
 * Symbols that get their own `symbol` label on the trade counters; trades of
 * symbols beyond them (in order of first closed trade) are counted under
 * `overflow="true"`, as the store folds label sets past its limits. 100
 * symbols x 2 sides x 3 outcomes stay within the store's default 1,000
 * label sets per metric.
 */
export const MAX_SYMBOL_LABELS = 100

/**
 * Strategies that get their own `strategy` label on the per-symbol families
 * (in order of first closed trade); later ones are labelled
 * `strategy="other"`. Records without a strategy carry no `strategy` label.
 */
export const MAX_STRATEGY_LABELS = 10

/**
 * Prometheus families of the trade ledger: headline gauges over all closed
 * trades, realized P&L by symbol and side, and counters of closed trades by
 * symbol, side and outcome (PromQL
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
  const gauge = (name: string, help: string, value: number | null): ExtraFamily =>
    ({ name, help, type: 'gauge', samples: value === null ? [] : [{ value }] })
  const bySymbol = symbolTotals(ledger, maxSymbols)
  return [
    gauge('breakout_trading_total_pnl', 'Realized P&L of every closed trade, net of fees, quote currency.', s.total_pnl),
    gauge('breakout_trading_win_rate', 'Winning closed trades over all closed trades, 0..1 (break-even trades count in neither).', s.win_rate),
    gauge('breakout_trading_profit_factor', 'Gross profit over gross loss; absent while there is no losing trade.', s.profit_factor),
    gauge('breakout_trading_max_drawdown', 'Largest fall of the realized P&L curve from its peak, quote currency.', s.max_drawdown),
    gauge('breakout_trading_max_drawdown_pct', 'Largest fall of realized equity from its peak, percent of the peak; needs a starting balance.', s.max_drawdown_pct),
    gauge('breakout_trading_open_positions', 'Positions open now.', s.open_positions),
    gauge('breakout_trading_fees', 'Fees of every closed trade, quote currency.', s.total_fees),
    ...currentRunFamilies(ledger),
    {
      name: 'breakout_trading_symbol_pnl',
      help: 'Realized P&L of the closed trades of a symbol, side and strategy (when reported), net of fees, quote currency.',
      type: 'gauge',
      samples: bySymbol.pnl
    },
    {
      name: 'breakout_trades_closed',
      help: 'Closed trade records (one per reduce or close) by symbol, side, strategy (when reported) and outcome (win, loss, break_even).',
      type: 'counter',
      samples: bySymbol.counts
    }
  ]
}

/**
 * Where the bot stands now, for fleet alerts (monitoring/rules/breakout-fleet-alerts.yml):
 * the realized P&L curve's fall from its all-time peak, and the losing
 * closed-trade records since the last win or break-even one. The maxima of
 * both are in the headline gauges; alerts need the current values. Read
 * from the ledger's running figures of every record, in memory or not.
 */
function currentRunFamilies (ledger: TradeLedger): ExtraFamily[] {
  const a = ledger.runningFigures(null, null, Infinity)?.group?.aggregate
  const drawdown = a === undefined ? 0 : a.maxPrefix - a.total
  const streak = a === undefined ? 0 : a.lossSuffix
  return [
    { name: 'breakout_trading_drawdown', help: 'Fall of the realized P&L curve from its peak now, quote currency (0 at a new peak).', type: 'gauge', samples: [{ value: drawdown }] },
    { name: 'breakout_trading_loss_streak', help: 'Losing closed trade records in a row, up to the newest.', type: 'gauge', samples: [{ value: streak }] }
  ]
}

/**
 * P&L by symbol and side, and closed-trade counts by symbol, side and
 * outcome, with the symbol label bounded: from the ledger's totals per
 * symbol, side and strategy (every record, in memory or not), in the order
 * each first closed, so a symbol's label does not move when a late trade
 * is inserted.
 */
function symbolTotals (ledger: TradeLedger, maxSymbols: number): { pnl: ExtraSample[], counts: ExtraSample[] } {
  const pnl = new Map<string, ExtraSample>()
  const counts = new Map<string, ExtraSample>()
  const symbols = new Set<string>()
  const strategies = new Set<string>()
  for (const g of ledger.book.arrivals.groups) {
    if (!symbols.has(g.symbol) && symbols.size < maxSymbols) symbols.add(g.symbol)
    const own = symbols.has(g.symbol)
    const strategy = strategyLabel(g.strategy, strategies)
    const place: Record<string, string> = own ? { symbol: g.symbol, side: g.side } : { overflow: 'true', side: g.side }
    const base: Labels = strategy === null ? place : { ...place, strategy }
    const key = (own ? g.symbol : '') + '\u0000' + g.side + '\u0000' + (strategy ?? '\u0001')
    const p = pnl.get(key)
    if (p === undefined) pnl.set(key, { labels: base, value: g.pnl })
    else p.value += g.pnl
    const outcomes: Array<[string, number]> = [[TradeOutcome.win, g.wins], [TradeOutcome.loss, g.losses], [TradeOutcome.breakEven, g.breakEven]]
    for (const [outcome, n] of outcomes) {
      if (n === 0) continue
      const ckey = key + '\u0000' + outcome
      const c = counts.get(ckey)
      if (c === undefined) counts.set(ckey, { labels: { ...base, outcome }, value: n })
      else c.value += n
    }
  }
  return { pnl: [...pnl.values()], counts: [...counts.values()] }
}

/** The `strategy` label of a record: none without a strategy, its own for the first few, else `other`. */
function strategyLabel (strategy: string | null, seen: Set<string>): string | null {
  if (strategy === null) return null
  if (seen.has(strategy)) return strategy
  if (seen.size < MAX_STRATEGY_LABELS) {
    seen.add(strategy)
    return strategy
  }
  return 'other'
}
