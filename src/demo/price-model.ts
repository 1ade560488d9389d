import type { Random } from './prng.ts'
import type { SymbolSpec } from './symbols.ts'

/** Volatility regime of one symbol; switches as a two-state Markov chain. */
export const Regime = { calm: 'calm', volatile: 'volatile' } as const
export type Regime = typeof Regime[keyof typeof Regime]

/** Parameters of the price model. Volatilities are of log price per square root of a second. */
export interface PriceModelParams {
  /** Log-price volatility in the calm regime, per sqrt(second), before the symbol's scale. */
  calmSigma: number
  /** Log-price volatility in the volatile regime, per sqrt(second), before the symbol's scale. */
  volatileSigma: number
  /** Probability per second that a calm symbol turns volatile. */
  calmToVolatilePerSecond: number
  /** Probability per second that a volatile symbol calms down. */
  volatileToCalmPerSecond: number
  /** Drift of a volatile regime, log price per second, before the symbol's scale; its sign is drawn at the switch. */
  volatileDrift: number
  /** Traded volume multiplier in the volatile regime. */
  volatileVolume: number
  /** Ticks of price and volume history kept per symbol. */
  historyTicks: number
}

export const DEFAULT_PRICE_MODEL: Readonly<PriceModelParams> = Object.freeze({
  calmSigma: 0.0007,
  volatileSigma: 0.0022,
  calmToVolatilePerSecond: 0.01,
  volatileToCalmPerSecond: 0.05,
  volatileDrift: 0.00025,
  volatileVolume: 1.5,
  historyTicks: 240
})

/** Probability that an event with rate `perSecond` (as a per-second probability) happens within `seconds`. */
export function probabilityWithin (perSecond: number, seconds: number): number {
  return 1 - (1 - perSecond) ** seconds
}

/** One symbol's state and its recent ticks, oldest first. */
export class SymbolMarket {
  readonly spec: SymbolSpec
  price: number
  regime: Regime = Regime.calm
  /** Log drift per second of the current regime (0 when calm). */
  drift = 0
  /** Recent prices, oldest first; only the first `length` entries are filled. */
  readonly prices: Float64Array
  /** Volume (base units) traded in each tick of `prices`. */
  readonly volumes: Float64Array
  length = 0

  constructor (spec: SymbolSpec, historyTicks: number) {
    this.spec = spec
    this.price = spec.price
    this.prices = new Float64Array(historyTicks)
    this.volumes = new Float64Array(historyTicks)
  }

  push (price: number, volume: number): void {
    const cap = this.prices.length
    if (this.length === cap) {
      // A few hundred doubles: a memmove keeps the window contiguous for the filters.
      this.prices.copyWithin(0, 1)
      this.volumes.copyWithin(0, 1)
      this.length--
    }
    this.prices[this.length] = price
    this.volumes[this.length] = volume
    this.length++
  }

  /** Filled part of the price history (a view, not a copy). */
  priceWindow (): Float64Array {
    return this.prices.subarray(0, this.length)
  }

  /** Filled part of the volume history (a view, not a copy). */
  volumeWindow (): Float64Array {
    return this.volumes.subarray(0, this.length)
  }
}

/**
 * Synthetic prices: each symbol follows a geometric random walk whose
 * volatility, drift and traded volume depend on a calm/volatile regime that
 * switches as a Markov chain, so that quiet ranges alternate with breakouts.
 */
export class PriceModel {
  readonly params: Readonly<PriceModelParams>
  readonly symbols: readonly SymbolMarket[]
  private readonly rng: Random
  private readonly bySymbol: Map<string, SymbolMarket>

  constructor (specs: readonly SymbolSpec[], rng: Random, params: Partial<PriceModelParams> = {}) {
    this.params = Object.freeze({ ...DEFAULT_PRICE_MODEL, ...params })
    this.rng = rng
    this.symbols = specs.map((s) => new SymbolMarket(s, this.params.historyTicks))
    this.bySymbol = new Map(this.symbols.map((m) => [m.spec.symbol, m]))
  }

  /** The market of `symbol`; throws for a symbol the model does not hold. */
  market (symbol: string): SymbolMarket {
    const m = this.bySymbol.get(symbol)
    if (m === undefined) throw new RangeError(`unknown symbol ${symbol}`)
    return m
  }

  /** Current price of `symbol`, USDT. */
  price (symbol: string): number {
    return this.market(symbol).price
  }

  /** Advances every symbol by `seconds`; the regimes of the symbols in `held` stay as forced. */
  tick (seconds: number, held?: ReadonlySet<string>): void {
    for (const m of this.symbols) this.advance(m, seconds, held === undefined || !held.has(m.spec.symbol))
  }

  /** Puts `m` back into the calm regime, without drift. */
  forceCalm (m: SymbolMarket): void {
    m.regime = Regime.calm
    m.drift = 0
  }

  /**
   * Puts `m` into the volatile regime with a drift of `driftPerSecond` (log
   * price, before the symbol's scale) in `direction`: a breakout under way.
   */
  forceTrend (m: SymbolMarket, direction: 1 | -1, driftPerSecond = this.params.volatileDrift): void {
    m.regime = Regime.volatile
    m.drift = direction * driftPerSecond * m.spec.volScale
  }

  /**
   * One step of the regime chain (unless `switchRegime` is false: a regime
   * forced by the caller holds), the price walk and the traded volume of `m`.
   */
  advance (m: SymbolMarket, seconds: number, switchRegime = true): void {
    const p = this.params
    const rng = this.rng
    if (switchRegime) this.switchRegime(m, seconds)
    const sigma = (m.regime === Regime.calm ? p.calmSigma : p.volatileSigma) * m.spec.volScale
    // Ito correction keeps the expected price flat apart from the drift.
    const logReturn = (m.drift - sigma * sigma / 2) * seconds + sigma * Math.sqrt(seconds) * rng.normal()
    m.price *= Math.exp(logReturn)
    // Volume grows with the size of the move (in calm-regime standard deviations) and
    // with the regime, times a log-normal noise of mean 1.
    const move = Math.abs(logReturn) / (p.calmSigma * m.spec.volScale * Math.sqrt(seconds))
    const regimeVolume = m.regime === Regime.calm ? 1 : p.volatileVolume
    const noise = Math.exp(0.3 * rng.normal() - 0.3 * 0.3 / 2)
    const notional = m.spec.notionalPerSecond * seconds * regimeVolume * noise * (1 + 0.5 * move)
    m.push(m.price, notional / m.price)
  }

  private switchRegime (m: SymbolMarket, seconds: number): void {
    const p = this.params
    if (m.regime === Regime.calm) {
      if (this.rng.chance(probabilityWithin(p.calmToVolatilePerSecond, seconds))) {
        m.regime = Regime.volatile
        m.drift = (this.rng.chance(0.5) ? 1 : -1) * p.volatileDrift * m.spec.volScale
      }
    } else if (this.rng.chance(probabilityWithin(p.volatileToCalmPerSecond, seconds))) {
      m.regime = Regime.calm
      m.drift = 0
    }
  }
}
