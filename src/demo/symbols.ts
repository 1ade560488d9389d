/**
 * The demo's market: twenty USDT perpetual-style symbols with a start price,
 * a volatility scale (majors move less than small caps) and a typical
 * traded notional. Prices are illustrative, not quotes.
 */
export interface SymbolSpec {
  readonly symbol: string
  /** Start price, USDT. */
  readonly price: number
  /** Multiplies the model's volatility: 1 is an average alt. */
  readonly volScale: number
  /** Typical traded notional per second, USDT. */
  readonly notionalPerSecond: number
}

const spec = (symbol: string, price: number, volScale: number, notionalPerSecond: number): SymbolSpec =>
  Object.freeze({ symbol, price, volScale, notionalPerSecond })

/** Every symbol the demo can trade, most liquid first. */
export const DEMO_SYMBOLS: readonly SymbolSpec[] = Object.freeze([
  spec('BTCUSDT', 65000, 0.7, 900_000),
  spec('ETHUSDT', 3400, 0.85, 500_000),
  spec('SOLUSDT', 150, 1.2, 200_000),
  spec('BNBUSDT', 580, 0.8, 120_000),
  spec('XRPUSDT', 0.52, 1.0, 110_000),
  spec('DOGEUSDT', 0.15, 1.4, 100_000),
  spec('ADAUSDT', 0.45, 1.1, 60_000),
  spec('AVAXUSDT', 35, 1.3, 50_000),
  spec('LINKUSDT', 15, 1.2, 45_000),
  spec('LTCUSDT', 80, 1.0, 40_000),
  spec('DOTUSDT', 7, 1.2, 35_000),
  spec('TRXUSDT', 0.12, 0.8, 30_000),
  spec('NEARUSDT', 5, 1.4, 30_000),
  spec('ATOMUSDT', 8, 1.2, 25_000),
  spec('UNIUSDT', 8, 1.3, 25_000),
  spec('APTUSDT', 9, 1.5, 20_000),
  spec('ARBUSDT', 1.1, 1.5, 20_000),
  spec('OPUSDT', 2.2, 1.5, 18_000),
  spec('FILUSDT', 5, 1.3, 15_000),
  spec('SUIUSDT', 1.0, 1.6, 15_000)
])

/** Price increment for a price: five significant digits, as exchanges quote. */
export function priceStep (price: number): number {
  return 10 ** (Math.floor(Math.log10(price)) - 4)
}

/** Quantity increment for a price: one step is worth at most about 10 USDT. */
export function quantityStep (price: number): number {
  return 10 ** Math.floor(Math.log10(10 / price))
}

/** `value` rounded to a multiple of `step` (nearest), without binary fractions like 0.30000000000000004. */
export function roundToStep (value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)))
  return Number((Math.round(value / step) * step).toFixed(decimals))
}

/** `value` rounded down to a multiple of `step`: an order never exceeds its budget. */
export function floorToStep (value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)))
  // The epsilon absorbs binary error in value / step (0.3 / 0.1 = 2.9999999999999996).
  return Number((Math.floor(value / step + 1e-9) * step).toFixed(decimals))
}
