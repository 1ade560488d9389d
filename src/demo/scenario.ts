import type { StrategyParams } from './breakout-strategy.ts'

/**
 * What the demo bot's market does.
 * - `normal`: calm and volatile regimes at random; breakouts succeed or fail by chance.
 * - `drawdown`: a losing streak. Every breakout fails: once a position is
 *   open, its symbol's price drifts against it until the stop is hit, and
 *   each trade risks 8 % of equity. Within a minute the `drawdown` health
 *   rule fires critical and its `pause_entries` remediation stops new entries.
 */
export const DemoScenario = {
  normal: 'normal',
  drawdown: 'drawdown'
} as const
export type DemoScenario = typeof DemoScenario[keyof typeof DemoScenario]

/** The scenario names, for flags and errors. */
export const DEMO_SCENARIOS: readonly DemoScenario[] = Object.freeze(Object.values(DemoScenario))

/** True when `name` names a scenario. */
export function isDemoScenario (name: unknown): name is DemoScenario {
  return typeof name === 'string' && (DEMO_SCENARIOS as readonly string[]).includes(name)
}

/**
 * Strategy settings a scenario changes: the drawdown scenario sizes each
 * trade to lose about 8 % of equity at its stop (stops of 1-2 %, leverage
 * allowed), without the quick first exits or partial take profits that
 * would close trades before the market turns.
 */
export function scenarioStrategy (scenario: DemoScenario): Partial<StrategyParams> {
  if (scenario === DemoScenario.normal) return {}
  return {
    riskPerTrade: 0.08,
    minStopFraction: 0.01,
    maxStopFraction: 0.02,
    maxPositionFraction: 10,
    maxExposure: 50,
    partialChance: 0,
    quickExitTrades: 0,
    minHoldMs: 60_000,
    maxHoldMs: 120_000
  }
}

/**
 * Seconds a failed breakout takes to reach the stop: the reversal's drift is
 * the stop distance over this, so a position is stopped out within a few
 * engine cycles.
 */
export const REVERSAL_SECONDS = 3
