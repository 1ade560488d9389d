import { InvalidArgumentError } from '../core/errors.ts'
import { checkTradeMetadataKeys, DEFAULT_TRADE_METADATA_KEYS } from './trade-metadata.ts'

/** How the ledger counts and measures. Defaults in DEFAULT_TRADING_OPTIONS. */
export interface TradingOptions {
  /**
   * Account equity before the first trade, quote currency. Relative figures
   * (max_drawdown_pct, relative returns, sharpe, sortino, calmar) need it;
   * null reports them as null with a reason.
   */
  startingBalance: number | null
  /** Periods (days) per year used to annualise the daily ratios: 365 for crypto, 252 for exchange-traded markets. */
  periodsPerYear: number
  /** A trade whose |pnl| is at most this (quote currency) is break-even. */
  breakEvenTolerance: number
  /** Open positions at most; an `opened` event past it is rejected (live events only, not on replay). */
  maxOpenPositions: number
  /**
   * The `metadata` keys a trade event keeps; every other key is dropped as
   * the event enters the ledger, before it is journaled or served. Default
   * DEFAULT_TRADE_METADATA_KEYS; empty: no metadata kept.
   */
  metadataKeys: readonly string[]
  /**
   * Closed trade records kept in memory, newest first; older ones leave
   * memory (to the database when persistence is on) while every aggregate
   * keeps them. 0 keeps every record; default 10,000. docs/TRADING_METRICS.md, "Records in memory".
   */
  tradesInMemory: number
}

export const DEFAULT_TRADING_OPTIONS: Readonly<TradingOptions> = Object.freeze({
  startingBalance: null,
  periodsPerYear: 365,
  breakEvenTolerance: 1e-9,
  maxOpenPositions: 10_000,
  metadataKeys: DEFAULT_TRADE_METADATA_KEYS,
  tradesInMemory: 10_000
})

/** Fills defaults and checks ranges; throws InvalidArgumentError naming the option. */
export function resolveTradingOptions (options: Partial<TradingOptions> = {}): Readonly<TradingOptions> {
  const o: TradingOptions = { ...DEFAULT_TRADING_OPTIONS }
  if (options.startingBalance !== undefined) o.startingBalance = options.startingBalance
  if (options.periodsPerYear !== undefined) o.periodsPerYear = options.periodsPerYear
  if (options.breakEvenTolerance !== undefined) o.breakEvenTolerance = options.breakEvenTolerance
  if (options.maxOpenPositions !== undefined) o.maxOpenPositions = options.maxOpenPositions
  if (options.tradesInMemory !== undefined) o.tradesInMemory = options.tradesInMemory
  if (options.metadataKeys !== undefined) o.metadataKeys = Object.freeze(checkTradeMetadataKeys(options.metadataKeys, 'metadataKeys'))
  if (o.startingBalance !== null && !(Number.isFinite(o.startingBalance) && o.startingBalance > 0)) {
    throw new InvalidArgumentError('startingBalance', `must be a finite number > 0 or null, got ${String(o.startingBalance)}`)
  }
  if (!(Number.isFinite(o.periodsPerYear) && o.periodsPerYear > 0)) {
    throw new InvalidArgumentError('periodsPerYear', `must be a finite number > 0, got ${String(o.periodsPerYear)}`)
  }
  if (!(Number.isFinite(o.breakEvenTolerance) && o.breakEvenTolerance >= 0)) {
    throw new InvalidArgumentError('breakEvenTolerance', `must be a finite number >= 0, got ${String(o.breakEvenTolerance)}`)
  }
  if (!(Number.isInteger(o.maxOpenPositions) && o.maxOpenPositions > 0)) {
    throw new InvalidArgumentError('maxOpenPositions', `must be a positive integer, got ${String(o.maxOpenPositions)}`)
  }
  if (!(Number.isInteger(o.tradesInMemory) && o.tradesInMemory >= 0)) {
    throw new InvalidArgumentError('tradesInMemory', `must be an integer >= 0 (0: every record), got ${String(o.tradesInMemory)}`)
  }
  return Object.freeze(o)
}
