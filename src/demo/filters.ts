/**
 * The scanner's named breakout filters, as pure functions over one symbol's
 * recent ticks (prices and volumes, oldest first). Each filter is counted on
 * its own (`scanner_filter_<name>`); a candidate passes all of them.
 */

/** Filter names, as they appear in `scanner_filter_<name>`. */
export const FILTER_NAMES = ['volume_surge', 'range_break', 'volatility_ok', 'trend_aligned'] as const
export type FilterName = typeof FILTER_NAMES[number]

/** Direction of a break or trend: 1 up, -1 down, 0 none. */
export type Direction = 1 | -1 | 0

/** Filter settings. Lengths are in ticks; volatilities are of log price per sqrt(second). */
export interface FilterParams {
  /** Ticks of the consolidation range a breakout leaves. */
  lookbackTicks: number
  /** Ticks of the push out of the range (excluded from the range). */
  recentTicks: number
  /** Recent mean volume over the range's mean volume needed for a surge. */
  volumeSurgeRatio: number
  /** Realized volatility band: below, a break cannot pay its fees; above, stops are noise. */
  minVolatility: number
  maxVolatility: number
  /** EMA lengths of the trend filter, ticks. */
  fastEmaTicks: number
  slowEmaTicks: number
  /** Smallest (fast - slow) / slow that counts as a trend. */
  minTrend: number
  /** Length of one tick, seconds (scales volatility to per sqrt(second)). */
  tickSeconds: number
}

/** Settings for 250 ms ticks: a 10 s range, a 1 s push. */
export const DEFAULT_FILTER_PARAMS: Readonly<FilterParams> = Object.freeze({
  lookbackTicks: 40,
  recentTicks: 4,
  volumeSurgeRatio: 1.6,
  minVolatility: 0.0005,
  maxVolatility: 0.006,
  fastEmaTicks: 8,
  slowEmaTicks: 32,
  minTrend: 0.0004,
  tickSeconds: 0.25
})

/**
 * Whether the last price left the range held over `lookback` ticks before the
 * last `recent` ones; `level` is the range edge it crossed (NaN when none).
 */
export function rangeBreak (prices: ArrayLike<number>, lookback: number, recent: number): { direction: Direction, level: number } {
  const n = prices.length
  if (n < lookback + recent + 1) return { direction: 0, level: Number.NaN }
  let high = -Infinity
  let low = Infinity
  for (let i = n - recent - lookback; i < n - recent; i++) {
    if (prices[i] > high) high = prices[i]
    if (prices[i] < low) low = prices[i]
  }
  const last = prices[n - 1]
  if (last > high) return { direction: 1, level: high }
  if (last < low) return { direction: -1, level: low }
  return { direction: 0, level: Number.NaN }
}

/** Mean volume of the last `recent` ticks over the mean of the `lookback` ticks before them. */
export function volumeRatio (volumes: ArrayLike<number>, lookback: number, recent: number): number {
  const n = volumes.length
  if (n < lookback + recent) return 0
  let before = 0
  for (let i = n - recent - lookback; i < n - recent; i++) before += volumes[i]
  let now = 0
  for (let i = n - recent; i < n; i++) now += volumes[i]
  return before > 0 ? (now / recent) / (before / lookback) : 0
}

/** Population standard deviation of the last `ticks` log returns, per sqrt(second). */
export function realizedVolatility (prices: ArrayLike<number>, ticks: number, tickSeconds: number): number {
  const n = prices.length
  const m = Math.min(ticks, n - 1)
  if (m < 2) return 0
  let sum = 0
  let sumSq = 0
  for (let i = n - m; i < n; i++) {
    const r = Math.log(prices[i] / prices[i - 1])
    sum += r
    sumSq += r * r
  }
  const mean = sum / m
  return Math.sqrt(Math.max(0, sumSq / m - mean * mean) / tickSeconds)
}

/** Exponential moving average over all of `prices` with smoothing 2 / (ticks + 1). */
export function ema (prices: ArrayLike<number>, ticks: number): number {
  if (prices.length === 0) return Number.NaN
  const k = 2 / (ticks + 1)
  let e = prices[0]
  for (let i = 1; i < prices.length; i++) e += k * (prices[i] - e)
  return e
}

/** Sign of the fast EMA against the slow one, 0 when they are closer than `minTrend`. */
export function trendDirection (prices: ArrayLike<number>, fast: number, slow: number, minTrend: number): Direction {
  if (prices.length < slow) return 0
  const s = ema(prices, slow)
  const gap = (ema(prices, fast) - s) / s
  if (gap >= minTrend) return 1
  if (gap <= -minTrend) return -1
  return 0
}

/** One symbol's verdict. */
export interface SymbolScan {
  readonly symbol: string
  readonly price: number
  readonly passed: Readonly<Record<FilterName, boolean>>
  /** Direction of the range break, 0 when none. */
  readonly direction: Direction
  /** The range edge crossed, NaN when none. */
  readonly level: number
  /** Realized volatility, log price per sqrt(second). */
  readonly volatility: number
}

/** Runs every filter on one symbol's history. */
export function evaluateSymbol (symbol: string, prices: ArrayLike<number>, volumes: ArrayLike<number>,
  params: Readonly<FilterParams> = DEFAULT_FILTER_PARAMS): SymbolScan {
  const { lookbackTicks: lookback, recentTicks: recent } = params
  const brk = rangeBreak(prices, lookback, recent)
  const volatility = realizedVolatility(prices, lookback + recent, params.tickSeconds)
  const trend = trendDirection(prices, params.fastEmaTicks, params.slowEmaTicks, params.minTrend)
  return {
    symbol,
    price: prices.length > 0 ? prices[prices.length - 1] : Number.NaN,
    passed: {
      volume_surge: volumeRatio(volumes, lookback, recent) >= params.volumeSurgeRatio,
      range_break: brk.direction !== 0,
      volatility_ok: volatility >= params.minVolatility && volatility <= params.maxVolatility,
      // A clear trend that does not run against the symbol's break, if any.
      trend_aligned: trend !== 0 && (brk.direction === 0 || brk.direction === trend)
    },
    direction: brk.direction,
    level: brk.level,
    volatility
  }
}

/** A scan over many symbols: how many passed each filter, and the symbols that passed all. */
export interface ScanResult {
  readonly counts: Readonly<Record<FilterName, number>>
  readonly candidates: readonly SymbolScan[]
}

/** Counts each filter's passes over `scans`; candidates are the symbols that passed every filter. */
export function tallyScan (scans: readonly SymbolScan[]): ScanResult {
  const counts: Record<FilterName, number> = { volume_surge: 0, range_break: 0, volatility_ok: 0, trend_aligned: 0 }
  const candidates: SymbolScan[] = []
  for (const s of scans) {
    let all = true
    for (const name of FILTER_NAMES) {
      if (s.passed[name]) counts[name]++
      else all = false
    }
    if (all) candidates.push(s)
  }
  return { counts, candidates }
}
