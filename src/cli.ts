#!/usr/bin/env node
import './cli-malloc.ts'
import { FLAG_HELP, loadConfig, parseFlags } from './config.ts'

/** Width of the flag column of the help text: the longest flag and two spaces. */
const FLAG_WIDTH = Math.max(...FLAG_HELP.map(([f]) => f.length)) + 2
import { MetricsError } from './core/errors.ts'
import { redactUrl } from './core/redact-url.ts'
import { DemoBot } from './demo/demo-bot.ts'
import { resolveDemoOptions } from './demo/demo-options.ts'
import { DEMO_BACKFILL_DAYS } from './demo/trade-backfill.ts'
import { startFleet } from './fleet/fleet-server.ts'
import { startService } from './server.ts'
import type { RunningService } from './server.ts'

const USAGE = `breakout-metrics: metrics and monitoring for trading bots

Usage:
  breakout-metrics serve [flags]   the Metrics API, for a bot that pushes events or embeds the library
  breakout-metrics demo [flags]    the Metrics API with a simulated breakout bot driving every metric
  breakout-metrics fleet --query-url <url> [flags]
                                   the fleet page and GET /api/fleet, read from VictoriaMetrics or Prometheus

Flags:
${FLAG_HELP.map(([f, d]) => `  ${f.padEnd(FLAG_WIDTH)}${d}`).join('\n')}
`

function printUrls (service: RunningService, demo: boolean, keyed: boolean): void {
  const u = service.url
  const lines = [
    '',
    `Breakout Metrics is running${demo ? ' with the demo bot' : ''}:`,
    `  dashboard   ${u}/`,
    `  summary     ${u}/api/metrics/summary`,
    `  health      ${u}/api/metrics/health`,
    `  alerts      ${u}/api/metrics/alerts`,
    `  one metric  ${u}/api/metrics/metric/engine_cycle_time?last_n=20`,
    `  trading     ${u}/api/metrics/trading?window=24h`,
    `  Prometheus  ${u}/api/metrics`,
    `  API docs    ${u}/api/docs`,
    keyed ? 'API keys are on: send Authorization: Bearer <key> (see SECURITY.md).' : 'No API keys: loopback only, POST /clear refused (see SECURITY.md).',
    'Press Ctrl+C to stop.',
    ''
  ]
  process.stdout.write(lines.join('\n') + '\n')
}

async function main (argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE)
    return command === undefined ? 2 : 0
  }
  if (command !== 'serve' && command !== 'demo' && command !== 'fleet') {
    process.stderr.write(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`)
    return 2
  }
  const flags = parseFlags(rest)
  if (flags.values.help === true) {
    process.stdout.write(USAGE)
    return 0
  }
  let config = loadConfig(flags.values, process.env)
  if (command === 'fleet') return await runFleet(config)
  if (command === 'serve' && typeof flags.values.scenario === 'string') {
    process.stderr.write('--scenario drives the demo bot: use it with `breakout-metrics demo`\n')
    return 2
  }
  if (command === 'demo' && config.trading.startingBalance === null) {
    // The demo's paper account: relative trading figures then have their base.
    config = Object.freeze({ ...config, trading: { ...config.trading, startingBalance: resolveDemoOptions({}).startingBalance } })
  }
  const service = await startService(config)
  // The paper account starts with the ledger's balance: both then measure the same drawdown.
  const bot = command === 'demo'
    ? new DemoBot(service.logger, {
      scenario: config.demoScenario,
      startingBalance: config.trading.startingBalance ?? undefined,
      // Past days of trades give the risk figures their daily returns at once; not into a chat, which would get a message for each.
      backfillDays: config.health.trades === null ? DEMO_BACKFILL_DAYS : 0
    })
    : null
  // The trading-limit rules (daily_loss, drawdown) name this action.
  if (bot !== null) service.logger.onRemediate('pause_entries', ({ check }) => { bot.pauseEntries(check); return `new entries paused by ${check}` })
  bot?.start()
  printUrls(service, bot !== null, config.apiKeys.length > 0)
  if (bot !== null && config.demoScenario !== 'normal') {
    process.stdout.write(`Scenario ${config.demoScenario}: every breakout fails; the drawdown rule fires and pauses entries within a minute (see ${service.url}/api/metrics/alerts).\n`)
  }

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string): void => {
      service.app.log.info({ signal }, 'shutting down')
      bot?.stop()
      service.stop().then(resolve, (error: unknown) => {
        service.app.log.error({ err: error }, 'error while shutting down')
        resolve()
      })
    }
    process.once('SIGINT', () => shutdown('SIGINT'))
    process.once('SIGTERM', () => shutdown('SIGTERM'))
  })
  return 0
}

async function runFleet (config: ReturnType<typeof loadConfig>): Promise<number> {
  const fleet = await startFleet(config)
  process.stdout.write(`\nBreakout Metrics fleet view of ${redactUrl(config.fleetQueryUrl ?? '')}:\n  page        ${fleet.url}/\n  JSON        ${fleet.url}/api/fleet\nPress Ctrl+C to stop.\n\n`)
  await new Promise<void>((resolve) => {
    const shutdown = (): void => { fleet.stop().then(resolve, resolve) }
    process.once('SIGINT', shutdown)
    process.once('SIGTERM', shutdown)
  })
  return 0
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code }, (error: unknown) => {
  // Configuration and start-up errors are the operator's to fix: say what, not a stack.
  if (error instanceof MetricsError) process.stderr.write(`breakout-metrics: ${error.message}\n`)
  else process.stderr.write(`breakout-metrics: ${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 1
})
