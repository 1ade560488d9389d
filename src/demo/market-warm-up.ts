import type { PriceModel } from './price-model.ts'
import type { Random } from './prng.ts'

/** Symbols whose warm-up ends in a breakout, so that the first scan finds candidates. */
export const PRIMED_SYMBOLS = 2
/** Drift of the warm-up breakout, log price per second whatever the symbol: clears a calm 10 s range within a second. */
export const PRIME_DRIFT = 0.01

/**
 * Fills `ticks` ticks of price history before the demo starts. A few
 * symbols (`primed`) hold a quiet range and end with a push out of it over
 * the last `pushTicks` ticks, with the volume such a move brings: a fresh
 * demo finds candidates, and trades, at its first scan. After the push the
 * primed symbols stay volatile with the regime's usual drift.
 * Returns the primed symbols and the direction of their push.
 */
export function warmUpMarket (market: PriceModel, rng: Random, ticks: number, tickSeconds: number, pushTicks: number,
  primedCount = PRIMED_SYMBOLS): Map<string, 1 | -1> {
  const symbols = market.symbols
  const primed = new Map<number, 1 | -1>()
  while (primed.size < Math.min(primedCount, symbols.length)) {
    primed.set(rng.int(symbols.length), rng.chance(0.5) ? 1 : -1)
  }
  const pushFrom = ticks - pushTicks
  for (let i = 0; i < ticks; i++) {
    symbols.forEach((m, index) => {
      const direction = primed.get(index)
      if (direction === undefined) {
        market.advance(m, tickSeconds)
        return
      }
      if (i < pushFrom) market.forceCalm(m)
      else market.forceTrend(m, direction, PRIME_DRIFT / m.spec.volScale)
      // The forced regime must hold: a switch mid-push would end the breakout early.
      market.advance(m, tickSeconds, false)
    })
  }
  const result = new Map<string, 1 | -1>()
  for (const [index, direction] of primed) {
    market.forceTrend(symbols[index], direction)
    result.set(symbols[index].spec.symbol, direction)
  }
  return result
}
