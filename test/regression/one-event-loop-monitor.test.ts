import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const SRC = new URL('../../src/', import.meta.url)

// The service measured event-loop delay three times: the system sampler's
// monitor and one per exposition registry of a second metrics library, each a
// libuv timer waking 100 times a second. The process now has one, the sampler's,
// and the exposition reads it.
test('a logger served over HTTP with its exposition scraped runs one event-loop delay monitor', () => {
  const script = `
    import perfHooks from 'node:perf_hooks'
    import { syncBuiltinESMExports } from 'node:module'
    let monitors = 0
    const original = perfHooks.monitorEventLoopDelay
    perfHooks.monitorEventLoopDelay = (options) => { monitors++; return original(options) }
    syncBuiltinESMExports()
    const { MetricsLogger, Exposition } = await import(${JSON.stringify(new URL('index.ts', SRC).href)})
    const { buildApp } = await import(${JSON.stringify(new URL('http/app.ts', SRC).href)})
    const logger = new MetricsLogger()
    // The first sample closes an interval with no tick yet: sample until one has a delay.
    const deadline = Date.now() + 5000
    while (logger.sampler.sampleNow().event_loop_lag_p99_ms === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    const app = await buildApp({ logger, logLevel: 'silent' })
    const res = await app.inject('/api/metrics')
    await new Exposition(logger).render('openmetrics')
    await app.close()
    logger.close()
    process.stdout.write(JSON.stringify({ monitors, status: res.statusCode, lag: /^nodejs_eventloop_lag_p99_seconds /m.test(res.body) }))
  `
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../../', import.meta.url)), encoding: 'utf8' })
  assert.deepEqual(JSON.parse(out), { monitors: 1, status: 200, lag: true })
})
