/**
 * Breakout Metrics' stand-alone service (`breakout-metrics/server`): `startService`, the
 * configuration it reads (flags, environment and the config file) and the demo bot. The
 * `breakout-metrics` command runs the same through `cli.ts`. Every export is named here.
 */
export { startService } from './server.ts'
export type { RunningService } from './server.ts'
export { loadConfig, parseFlags } from './config.ts'
export type { ServiceConfig } from './config.ts'
export { DemoBot } from './demo/demo-bot.ts'
export type { DemoBotOptions } from './demo/demo-options.ts'
export { DemoScenario, DEMO_SCENARIOS } from './demo/scenario.ts'
