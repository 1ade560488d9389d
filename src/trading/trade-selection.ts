import { InvalidArgumentError } from '../core/errors.ts'
import { parseSide } from './trade-records.ts'
import type { ClosedTrade, PositionSide } from './trade-records.ts'

/** Which positions a statistic covers: one symbol, one side, or all. */
export interface TradeFilter {
  symbol?: string
  /** `long`/`short` (or `buy`/`sell`). */
  side?: string
}

/** A filter with its side resolved. */
export interface ResolvedFilter {
  symbol: string | null
  side: PositionSide | null
}

/** Checks and normalizes a filter; throws InvalidArgumentError on a bad side or symbol. */
export function resolveFilter (filter: TradeFilter): ResolvedFilter {
  let side: PositionSide | null = null
  if (filter.side !== undefined) {
    side = parseSide(filter.side)
    if (side === null) throw new InvalidArgumentError('side', `must be long, short, buy or sell, got ${JSON.stringify(filter.side)}`)
  }
  if (filter.symbol !== undefined && (typeof filter.symbol !== 'string' || filter.symbol.length === 0)) {
    throw new InvalidArgumentError('symbol', 'must be a non-empty string')
  }
  return { symbol: filter.symbol ?? null, side }
}

export function matchesFilter (t: { symbol: string, side: PositionSide }, f: ResolvedFilter): boolean {
  return (f.symbol === null || t.symbol === f.symbol) && (f.side === null || t.side === f.side)
}

/** First index of `trades` (sorted by closed_at) with closed_at >= `ms`. */
export function lowerBoundClosedAt (trades: readonly ClosedTrade[], ms: number): number {
  let lo = 0
  let hi = trades.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (trades[mid].closed_at < ms) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First index of `trades` (sorted by closed_at) with closed_at > `ms`. */
export function upperBoundClosedAt (trades: readonly ClosedTrade[], ms: number): number {
  let lo = 0
  let hi = trades.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (trades[mid].closed_at <= ms) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Records closed in [sinceMs, untilMs] that match the filter, in closed_at order. */
export function selectTrades (trades: readonly ClosedTrade[], sinceMs: number, untilMs: number, f: ResolvedFilter): ClosedTrade[] {
  const from = lowerBoundClosedAt(trades, sinceMs)
  const to = upperBoundClosedAt(trades, untilMs)
  if (f.symbol === null && f.side === null) return trades.slice(from, to)
  const out: ClosedTrade[] = []
  for (let i = from; i < to; i++) if (matchesFilter(trades[i], f)) out.push(trades[i])
  return out
}

/** Sum of the P&L of every record (any symbol and side) closed before `ms`. */
export function pnlBefore (trades: readonly ClosedTrade[], ms: number): number {
  const to = lowerBoundClosedAt(trades, ms)
  let sum = 0
  for (let i = 0; i < to; i++) sum += trades[i].pnl
  return sum
}
