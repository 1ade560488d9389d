import type { TradeEventOptions } from './trade-event-options.ts'
import type { TagsInput } from '../core/label-set.ts'
import type { MarketDataOptions } from './market-data.ts'
import { MetricsLogger } from './metrics-logger.ts'

/**
 * The shared instance and module-level functions, as the original offers
 * (`get_metrics_logger()`, `log_trade_event(...)`): created on first use
 * with the defaults; its timers never keep the process alive.
 */
let shared: MetricsLogger | null = null

export function getMetricsLogger (): MetricsLogger {
  if (shared === null) shared = new MetricsLogger()
  return shared
}

/** Replaces the shared instance (e.g. one built with your options); returns the previous one. */
export function setMetricsLogger (logger: MetricsLogger): MetricsLogger | null {
  const previous = shared
  shared = logger
  return previous
}

export function logMetric (name: string, value: number, tags?: TagsInput): void {
  getMetricsLogger().logMetric(name, value, tags)
}

export function logTradeEvent (eventType: string, symbol: string, side: string, quantity: number, price: number,
  pnl?: number | null, metadata?: Readonly<Record<string, unknown>> | null, options?: TradeEventOptions): void {
  getMetricsLogger().logTradeEvent(eventType, symbol, side, quantity, price, pnl, metadata, options)
}

/** The last price of `symbol`: its open positions are marked to it (MetricsLogger.logPrice). */
export function logPrice (symbol: string, price: number, timestampMs?: number): void {
  getMetricsLogger().logPrice(symbol, price, timestampMs)
}

export function logEngineCycle (cycleTime: number, state: string, positionsCount: number, signalsCount: number, ordersCount: number): void {
  getMetricsLogger().logEngineCycle(cycleTime, state, positionsCount, signalsCount, ordersCount)
}

export function logScannerMetrics (symbolsScanned: number, candidatesFound: number, scanTime: number,
  filtersApplied?: Readonly<Record<string, number>>): void {
  getMetricsLogger().logScannerMetrics(symbolsScanned, candidatesFound, scanTime, filtersApplied)
}

export function logRiskMetrics (currentRisk: number, maxRisk: number, positionRisk: number, dailyPnl: number): void {
  getMetricsLogger().logRiskMetrics(currentRisk, maxRisk, positionRisk, dailyPnl)
}

export function logLatency (component: string, seconds: number, tags?: TagsInput): void {
  getMetricsLogger().logLatency(component, seconds, tags)
}

export function logMarketData (messages: number, options?: MarketDataOptions): void {
  getMetricsLogger().logMarketData(messages, options)
}

export function startTimer (component: string, tags?: TagsInput): () => number {
  return getMetricsLogger().startTimer(component, tags)
}
