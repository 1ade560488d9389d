import type { MetricsLogger } from '../index.ts'
import { partialQuantity, planEntry } from './breakout-strategy.ts'
import type { StrategyParams } from './breakout-strategy.ts'
import { ExitReason } from './paper-book.ts'
import type { PaperBook, PositionPlan } from './paper-book.ts'
import { sideSign } from './pnl.ts'
import type { Random } from './prng.ts'
import type { SymbolSpec } from './symbols.ts'
import { entryTagOf, exitOrderType, fillDetails, fillPrice, strategyOf } from './trade-fields.ts'

const DAY_MS = 86_400_000
const MINUTE_MS = 60_000

/** Days of past trades the `demo` command replays at start. */
export const DEMO_BACKFILL_DAYS = 60

/** Most days of past trades a demo replays. */
export const MAX_BACKFILL_DAYS = 365

// A past trade hits its stop, reaches its target, or is closed at its time
// exit, with these odds; at two stops of reward per stop of risk the edge is
// small and positive, as the live demo's.
const STOP_CHANCE = 0.45
const TARGET_CHANCE = 0.33
/** Spread of a symbol's daily log return, times its volatility scale. */
const DAILY_VOLATILITY = 0.03

/** What the replay needs of the demo bot. */
export interface BackfillTarget {
  logger: MetricsLogger
  book: PaperBook
  symbols: readonly SymbolSpec[]
  strategy: Readonly<StrategyParams>
  /** Prefix of the replayed trades' ids; unique per start. */
  idPrefix: string
}

/**
 * Replays `days` UTC days of past trades (the days before the day of
 * `nowMs`) through the logger's public API and the paper book, as the live
 * demo trades: the strategies, entry tags, exit reasons, sizing from the
 * paper equity, fees and execution fields of live trades, with past
 * timestamps. Three to seven positions a day, one after another, each held
 * 5 to 120 minutes; each symbol's price walks back in time from its start
 * price, so the history joins the live market. Deterministic for `rng`'s
 * seed and `nowMs`. Returns the positions replayed.
 *
 * Why: daily returns (and so every risk figure) need at least two days of
 * trades, which a fresh demo would take two days to have.
 */
export function backfillTrades (target: BackfillTarget, rng: Random, nowMs: number, days: number): number {
  const firstDay = Math.floor(nowMs / DAY_MS) - days
  const prices = pastPrices(target.symbols, rng, days)
  let positions = 0
  for (let d = 0; d < days; d++) {
    const dayStart = (firstDay + d) * DAY_MS
    const count = 3 + rng.int(5)
    // One slot of the day per position: positions never overlap, so each is sized on the equity the previous ones left.
    const slotMs = Math.floor(22 * 60 * MINUTE_MS / count)
    for (let k = 0; k < count; k++) {
      const at = dayStart + 30 * MINUTE_MS + k * slotMs + Math.floor(rng.uniform(0, slotMs - 125 * MINUTE_MS))
      const s = rng.int(target.symbols.length)
      if (replayPosition(target, rng, prices[s][d], target.symbols[s].symbol, `${target.idPrefix}${positions + 1}`, at)) positions++
    }
  }
  return positions
}

/**
 * Replays `days` of past trades (backfillTrades) when the logger's ledger
 * has no trade yet: not again over a journal restored at start. One
 * transaction with persistence, not one commit per event. Returns the
 * positions replayed.
 */
export function backfillIntoEmptyLedger (target: BackfillTarget, rng: Random, nowMs: number, days: number): number {
  const ledger = target.logger.trades
  if (days <= 0 || ledger.recordCount > 0 || ledger.openPositionCount > 0) return 0
  return target.logger.batch(() => backfillTrades(target, rng, nowMs, days))
}

/** Per symbol, its price on each past day: a random walk back in time ending at the symbol's start price. */
function pastPrices (symbols: readonly SymbolSpec[], rng: Random, days: number): number[][] {
  return symbols.map((spec) => {
    const out = new Array<number>(days)
    let price = spec.price
    for (let d = days - 1; d >= 0; d--) {
      price *= Math.exp(-DAILY_VOLATILITY * spec.volScale * rng.normal())
      out[d] = price
    }
    return out
  })
}

/** Opens one position at `atMs` and exits it within two hours; false when the sizing leaves no room. */
function replayPosition (target: BackfillTarget, rng: Random, dayPrice: number, symbol: string, id: string, atMs: number): boolean {
  const { logger, book, strategy } = target
  const direction: 1 | -1 = rng.chance(0.5) ? 1 : -1
  const market = dayPrice * Math.exp(0.01 * rng.normal())
  const level = market * (1 - direction * rng.uniform(0, 0.004))
  const entry = fillPrice(market, direction, rng)
  // A stop between the smallest and half the largest, as the live volatility gives.
  const volatility = rng.uniform(strategy.minStopFraction, strategy.maxStopFraction / 2) / Math.sqrt(strategy.stopHorizonSeconds)
  const plan = planEntry({ symbol, direction, volatility }, entry, { equity: book.balance, exposure: 0 }, strategy.quickExitTrades, id, atMs, strategy, rng)
  if (plan === null) return false
  const fees = book.openPosition(plan, atMs)
  logger.logTradeEvent('opened', symbol, plan.side, plan.quantity, entry, null, { entry_tag: 'range_break' },
    { fees, tradeId: id, timestampMs: atMs, ...fillDetails(market, 'market', atMs, latency(rng)), stopPrice: plan.stopPrice, strategy: strategyOf(direction), entryTag: entryTagOf(market, level, direction) })
  const holdMs = Math.round(rng.uniform(5, 120) * MINUTE_MS)
  const u = rng.next()
  const reason = u < STOP_CHANCE ? ExitReason.stopLoss : u < STOP_CHANCE + TARGET_CHANCE ? ExitReason.takeProfit : ExitReason.timeExit
  // The way there: a loser first went some way in its favour, a winner against it (short of the stop), so
  // that MAE and MFE are those of a price path, not of the two fills only.
  const stop = Math.abs(plan.stopPrice / entry - 1)
  const against = reason === ExitReason.stopLoss ? 0 : rng.uniform(0, 0.9)
  const towards = reason === ExitReason.takeProfit ? 0 : rng.uniform(0, reason === ExitReason.stopLoss ? 0.9 : 1.5)
  const s = sideSign(plan.side)
  const first = reason === ExitReason.stopLoss ? towards : -against
  const second = reason === ExitReason.stopLoss ? -against : towards
  logger.logPrice(symbol, entry * (1 + s * first * stop), atMs + Math.round(holdMs * 0.2))
  logger.logPrice(symbol, entry * (1 + s * second * stop), atMs + Math.round(holdMs * 0.6))
  const half = plan.partialPrice === null ? 0 : partialQuantity(plan.quantity, entry)
  // A winner passes its partial level on the way; a loser sometimes did before turning.
  if (half > 0 && (reason === ExitReason.takeProfit || rng.chance(0.3))) {
    exit(target, rng, plan, half, plan.partialPrice!, ExitReason.partialTakeProfit, atMs + Math.round(holdMs * 0.4))
  }
  const mark = reason === ExitReason.stopLoss
    ? plan.stopPrice
    : reason === ExitReason.takeProfit
      ? plan.takeProfitPrice
      // A time exit between the stop and the target, as its name says.
      : entry * (1 + s * stop * Math.min(1.9, Math.max(-0.9, 0.5 * rng.normal())))
  exit(target, rng, plan, Infinity, mark, reason, atMs + holdMs)
  return true
}

/** Closes `quantity` (all that remains when larger) at `mark` plus slippage, as the live demo's exits. */
function exit (target: BackfillTarget, rng: Random, plan: PositionPlan, quantity: number, mark: number, reason: ExitReason, atMs: number): void {
  const fill = fillPrice(mark, -sideSign(plan.side) as 1 | -1, rng)
  const result = target.book.closePart(plan.id, quantity, fill, atMs)
  target.logger.logTradeEvent(result.closed ? 'closed' : 'reduced', plan.symbol, plan.side, result.quantity, fill, result.pnl, { exit_reason: reason },
    { fees: result.fees, tradeId: plan.id, timestampMs: atMs, ...fillDetails(mark, exitOrderType(reason), atMs, latency(rng)), exitReason: reason })
}

/** Order to fill, seconds. */
function latency (rng: Random): number {
  return rng.uniform(0.02, 0.2)
}
