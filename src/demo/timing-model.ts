import type { Random } from './prng.ts'

/**
 * Simulated durations of the bot's work, in seconds: a right-skewed body
 * (log-normal) with rare slow outliers, the shape real latencies have.
 */

/** Order execution, signal to confirmation: about 12 ms, 3 % of orders 50-150 ms. */
export function orderExecutionSeconds (rng: Random): number {
  if (rng.chance(0.03)) return rng.uniform(0.05, 0.15)
  return rng.logNormal(0.012, 0.45)
}

/** Market data, receipt to processed: about 0.4 ms, 2 % of ticks 2-8 ms. */
export function marketDataSeconds (rng: Random): number {
  if (rng.chance(0.02)) return rng.uniform(0.002, 0.008)
  return rng.logNormal(0.0004, 0.6)
}

/** One engine cycle: about 2.5 ms plus 0.8 ms per order placed, 3 % of cycles 15-60 ms (GC, a slow API call). */
export function engineCycleSeconds (rng: Random, orders: number): number {
  const base = rng.logNormal(0.0025, 0.4) + 0.0008 * orders
  return rng.chance(0.03) ? base + rng.uniform(0.015, 0.06) : base
}

/** One scanner run over `symbols` symbols: about 0.35 ms a symbol, 2 % of runs 20-80 ms slower. */
export function scanSeconds (rng: Random, symbols: number): number {
  const base = symbols * rng.logNormal(0.00035, 0.25)
  return rng.chance(0.02) ? base + rng.uniform(0.02, 0.08) : base
}
