import { InvalidArgumentError } from '../index.ts'
import type { Clock } from '../index.ts'
import { DEFAULT_STRATEGY } from './breakout-strategy.ts'
import type { StrategyParams } from './breakout-strategy.ts'
import { DEFAULT_FILTER_PARAMS } from './filters.ts'
import type { FilterParams } from './filters.ts'
import { DEFAULT_FEE_RATE } from './pnl.ts'
import { DEMO_SYMBOLS } from './symbols.ts'
import { DEMO_SCENARIOS, DemoScenario, isDemoScenario, scenarioStrategy } from './scenario.ts'
import { MAX_BACKFILL_DAYS } from './trade-backfill.ts'

/** Options of a DemoBot; every one has a default. */
export interface DemoBotOptions {
  /** Seed of every random draw: the same seed replays the same market and trades. Default 42. */
  seed?: number
  /** How many of the demo's symbols to trade, 1..20 (default 20). */
  symbols?: number
  /** Engine cycle period, ms (default 1,000). */
  engineIntervalMs?: number
  /** Scanner period, ms (default 3,000). */
  scanIntervalMs?: number
  /** Price tick period, ms (default 250); the timer of `start()` runs at this period. */
  tickIntervalMs?: number
  /** Paper account balance at start, USDT (default 10,000). */
  startingBalance?: number
  /** Fee rate on traded notional, fraction (default 0.0004, a taker fee). */
  feeRate?: number
  /** Sizing and exit settings (defaults in DEFAULT_STRATEGY, then the scenario's). */
  strategy?: Partial<StrategyParams>
  /** What the market does (src/demo/scenario.ts): `normal` (default) or `drawdown`, a losing streak. */
  scenario?: DemoScenario
  /** Time source of `start()`'s steps. Default: the logger's clock. */
  clock?: Clock
  /**
   * UTC days of past trades replayed at the first step when the logger has
   * no trade yet (src/demo/trade-backfill.ts), 0..365; default 0. The
   * `demo` command replays 60, so that daily returns and the risk figures
   * exist from the start.
   */
  backfillDays?: number
}

/** Options with defaults filled in and checked. */
export interface ResolvedDemoOptions {
  readonly seed: number
  readonly symbols: number
  readonly engineIntervalMs: number
  readonly scanIntervalMs: number
  readonly tickIntervalMs: number
  readonly startingBalance: number
  readonly feeRate: number
  readonly strategy: Readonly<StrategyParams>
  readonly scenario: DemoScenario
  readonly backfillDays: number
}

function integerIn (field: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError('options.' + field, `must be an integer in ${min}..${max}, got ${String(value)}`)
  }
  return value
}

function positive (field: string, value: number | undefined, fallback: number, max = Infinity): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new InvalidArgumentError('options.' + field, `must be a number in (0, ${max}], got ${String(value)}`)
  }
  return value
}

function checkStrategy (s: StrategyParams): StrategyParams {
  for (const [key, value] of Object.entries(s)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InvalidArgumentError('options.strategy.' + key, `must be a finite number >= 0, got ${String(value)}`)
    }
  }
  const fail = (key: string, message: string): never => { throw new InvalidArgumentError('options.strategy.' + key, message) }
  if (!Number.isInteger(s.maxOpenPositions) || s.maxOpenPositions < 1) fail('maxOpenPositions', 'must be an integer >= 1')
  if (s.partialChance > 1) fail('partialChance', 'must be a probability in 0..1')
  if (s.minHoldMs > s.maxHoldMs) fail('minHoldMs', 'must not exceed maxHoldMs')
  if (s.minStopFraction <= 0 || s.minStopFraction > s.maxStopFraction) fail('minStopFraction', 'must be > 0 and not exceed maxStopFraction')
  return s
}

/** Fills defaults and checks ranges; throws InvalidArgumentError naming the option. */
export function resolveDemoOptions (options: DemoBotOptions): ResolvedDemoOptions {
  const seed = options.seed ?? 42
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new InvalidArgumentError('options.seed', `must be an integer, got ${String(seed)}`)
  }
  const scenario = options.scenario ?? DemoScenario.normal
  if (!isDemoScenario(scenario)) {
    throw new InvalidArgumentError('options.scenario', `must be one of ${DEMO_SCENARIOS.join(', ')}, got ${JSON.stringify(scenario)}`)
  }
  const strategy = checkStrategy({ ...DEFAULT_STRATEGY, ...scenarioStrategy(scenario), ...options.strategy })
  return Object.freeze({
    seed,
    symbols: integerIn('symbols', options.symbols, DEMO_SYMBOLS.length, 1, DEMO_SYMBOLS.length),
    engineIntervalMs: integerIn('engineIntervalMs', options.engineIntervalMs, 1000, 100, 3_600_000),
    scanIntervalMs: integerIn('scanIntervalMs', options.scanIntervalMs, 3000, 100, 3_600_000),
    tickIntervalMs: integerIn('tickIntervalMs', options.tickIntervalMs, 250, 50, 10_000),
    startingBalance: positive('startingBalance', options.startingBalance, 10_000, 1e12),
    feeRate: positive('feeRate', options.feeRate, DEFAULT_FEE_RATE, 0.01),
    strategy: Object.freeze(strategy),
    scenario,
    backfillDays: integerIn('backfillDays', options.backfillDays, 0, 0, MAX_BACKFILL_DAYS)
  })
}

/**
 * Filter windows for a tick period: a 10 s range, a 1 s push, 2 s and 8 s
 * trend averages, whatever the tick period is.
 */
export function filterParamsFor (tickIntervalMs: number): Readonly<FilterParams> {
  const ticks = (ms: number): number => Math.max(1, Math.round(ms / tickIntervalMs))
  return Object.freeze({
    ...DEFAULT_FILTER_PARAMS,
    lookbackTicks: Math.max(2, ticks(10_000)),
    recentTicks: ticks(1000),
    fastEmaTicks: Math.max(2, ticks(2000)),
    slowEmaTicks: Math.max(4, ticks(8000)),
    tickSeconds: tickIntervalMs / 1000
  })
}

/** Ticks of history the filters need: the range, the push and a settled slow average. */
export function historyTicksFor (filters: Readonly<FilterParams>): number {
  return Math.max(240, 3 * filters.slowEmaTicks, filters.lookbackTicks + 4 * filters.recentTicks)
}
