import type { TradeLedger } from '../trading/trade-ledger.ts'
import { cachedDrawdownPct, dailyRealizedPnl } from '../trading/ledger-health.ts'
import type { ValueProvider } from './health-engine.ts'

/** Names of the value providers the trade ledger gives health rules (docs/HEALTH.md). */
export const LEDGER_VALUES = Object.freeze({
  /** Current drawdown of realized equity from its peak, percent; needs a starting balance. */
  drawdownPct: 'drawdown_pct',
  /** Realized P&L of the current UTC day, quote currency. */
  dailyPnl: 'daily_pnl'
})

/** What registers value providers: a HealthEngine. */
export interface ValueRegistry {
  registerValue: (name: string, provider: ValueProvider) => () => void
}

/**
 * Registers `drawdown_pct` and `daily_pnl`, read from `ledger`, as value
 * providers of `engine` (the built-in `drawdown` and `daily_loss` rules read
 * them); returns the function that removes both.
 *
 * @example registerLedgerValues(logger.health, logger.trades)
 */
export function registerLedgerValues (engine: ValueRegistry, ledger: TradeLedger): () => void {
  const drawdown = cachedDrawdownPct(ledger)
  const offDrawdown = engine.registerValue(LEDGER_VALUES.drawdownPct, () => drawdown())
  const offDaily = engine.registerValue(LEDGER_VALUES.dailyPnl, (nowMs) => dailyRealizedPnl(ledger, nowMs))
  return () => { offDrawdown(); offDaily() }
}
