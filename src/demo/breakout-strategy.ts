import type { PositionPlan } from './paper-book.ts'
import { priceAtMove, Side } from './pnl.ts'
import type { Random } from './prng.ts'
import { floorToStep, priceStep, quantityStep, roundToStep } from './symbols.ts'

/** Sizing and exit settings of the demo's breakout strategy. Fractions are of equity or of price. */
export interface StrategyParams {
  /** Equity lost if the stop is hit, fraction of equity. */
  riskPerTrade: number
  /** Largest notional of one position, fraction of equity. */
  maxPositionFraction: number
  /** Largest total notional, fraction of equity: reported as `risk_max`. */
  maxExposure: number
  maxOpenPositions: number
  /** Stop distance = realized volatility (per sqrt(second)) times sqrt(this many seconds), clamped. */
  stopHorizonSeconds: number
  minStopFraction: number
  maxStopFraction: number
  /** Take profit distance in stop distances. */
  rewardToRisk: number
  /** Probability that a position takes half off at one stop distance in profit. */
  partialChance: number
  /** Time exit range, ms after entry. */
  minHoldMs: number
  maxHoldMs: number
  /** The first trades get a short time exit so that a fresh demo shows closed trades within seconds. */
  quickExitTrades: number
  quickExitMs: number
}

export const DEFAULT_STRATEGY: Readonly<StrategyParams> = Object.freeze({
  riskPerTrade: 0.0025,
  maxPositionFraction: 0.25,
  maxExposure: 1,
  maxOpenPositions: 5,
  stopHorizonSeconds: 45,
  minStopFraction: 0.003,
  maxStopFraction: 0.03,
  rewardToRisk: 2,
  partialChance: 0.5,
  minHoldMs: 30_000,
  maxHoldMs: 120_000,
  quickExitTrades: 2,
  quickExitMs: 4_000
})

/** What the strategy needs to know about a confirmed breakout. */
export interface EntrySignal {
  readonly symbol: string
  /** 1: the price broke up (go long); -1: down (go short). */
  readonly direction: 1 | -1
  /** Realized volatility at the scan, log price per sqrt(second). */
  readonly volatility: number
}

/** The account as the strategy sizes against it, USDT. */
export interface AccountView {
  equity: number
  exposure: number
}

/**
 * Plans a position for `signal` filled at `fillPrice`: stop from volatility,
 * take profit at `rewardToRisk` stops, maybe a partial at one stop, a time
 * exit, and a quantity that risks `riskPerTrade` of equity within the
 * position and exposure limits. Null when the limits leave no room.
 * `tradeNumber` counts trades from 0; the first ones get the quick exit.
 */
export function planEntry (signal: EntrySignal, fillPrice: number, account: AccountView, tradeNumber: number,
  id: string, atMs: number, params: Readonly<StrategyParams>, rng: Random): PositionPlan | null {
  const side = signal.direction === 1 ? Side.long : Side.short
  const stopFraction = Math.min(params.maxStopFraction,
    Math.max(params.minStopFraction, signal.volatility * Math.sqrt(params.stopHorizonSeconds)))
  const room = Math.max(0, params.maxExposure * account.equity - account.exposure)
  const notional = Math.min(
    params.riskPerTrade * account.equity / stopFraction,
    params.maxPositionFraction * account.equity,
    room
  )
  const quantity = floorToStep(notional / fillPrice, quantityStep(fillPrice))
  if (!(quantity > 0)) return null
  const tick = priceStep(fillPrice)
  const hasPartial = rng.chance(params.partialChance)
  const holdMs = tradeNumber < params.quickExitTrades
    ? params.quickExitMs
    : Math.round(rng.uniform(params.minHoldMs, params.maxHoldMs))
  return {
    id,
    symbol: signal.symbol,
    side,
    quantity,
    entryPrice: fillPrice,
    stopPrice: roundToStep(priceAtMove(side, fillPrice, -stopFraction), tick),
    takeProfitPrice: roundToStep(priceAtMove(side, fillPrice, params.rewardToRisk * stopFraction), tick),
    partialPrice: hasPartial ? roundToStep(priceAtMove(side, fillPrice, stopFraction), tick) : null,
    exitByMs: atMs + holdMs
  }
}

/** Half of `quantity` on the symbol's quantity step, or 0 when the position is too small to split. */
export function partialQuantity (quantity: number, price: number): number {
  const half = floorToStep(quantity / 2, quantityStep(price))
  return half > 0 && half < quantity ? half : 0
}
