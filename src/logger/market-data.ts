/** Options of `MetricsLogger.logMarketData`. */
export interface MarketDataOptions {
  /** The symbol the messages and volatility are of; a `symbol` label. Default: none (the whole feed). */
  symbol?: string
  /**
   * The market's volatility as the bot defines it (e.g. the standard
   * deviation of one-minute log returns over its own window), recorded as
   * `market_volatility`. The service does not compute it: it records the
   * bot's figure so that other metrics can be compared against it.
   */
  volatility?: number | null
  /** When the messages were counted, epoch ms. Default: the logger's clock. */
  timestampMs?: number
}

/**
 * Turns "messages processed since the last call" into a rate per second,
 * per symbol (the empty key for the whole feed). The first call of a key
 * only starts its interval: it has no time to divide by, so it gives no
 * rate. A call at or before the previous one (a clock stepped back, or
 * history pushed out of order) gives none either and keeps the previous
 * time. Keys are bounded by the store's label limits upstream.
 *
 * @example
 * const rates = new MessageRate()
 * rates.rate('', 120, 1000)   // null: the first call starts the interval
 * rates.rate('', 300, 6000)   // 60 messages per second over the 5 s since
 */
export class MessageRate {
  private readonly lastMs = new Map<string, number>()

  /** Messages per second since the key's previous call, or null (first call, or no time passed). */
  rate (key: string, messages: number, nowMs: number): number | null {
    const previous = this.lastMs.get(key)
    if (previous !== undefined && nowMs <= previous) return null
    // Bounded: a bot cycling through unbounded symbols must not grow this map without end.
    if (previous !== undefined || this.lastMs.size < 10_000) this.lastMs.set(key, nowMs)
    return previous === undefined ? null : messages / ((nowMs - previous) / 1000)
  }

  /** Forgets every interval: the next call of each key starts a new one. */
  clear (): void {
    this.lastMs.clear()
  }
}
