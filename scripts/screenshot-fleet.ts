/**
 * Takes docs/fleet.png: a fleet of six demo bots on VictoriaMetrics (four
 * pushing by remote write, two scraped by vmagent), vmalert and Alertmanager,
 * one bot killed so that the page shows a bot down with its BotDown alert,
 * photographed in Debian's Chromium. Needs the Debian packages the
 * integration tests use; run `npm run build:web` first. Takes about 2 minutes.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startAlertmanager } from '../test/integration/helpers/alertmanager.ts'
import { startFleetBots, startFleetView, startVmalert } from '../test/integration/helpers/fleet-stack.ts'
import { eventually, startVictoriaMetrics, tempDir } from '../test/integration/helpers/index.ts'
import { launchChromium } from './chromium.ts'

const root = fileURLToPath(new URL('../', import.meta.url))
const out = root + 'docs/fleet.png'
const dir = await tempDir('fleet-shot')
const stops: Array<() => Promise<void>> = []
try {
  const vm = await startVictoriaMetrics(join(dir.path, 'vm'))
  stops.push(vm.stop)
  const am = await startAlertmanager()
  stops.push(am.stop)
  const vmalert = await startVmalert(join(dir.path, 'vmalert'), vm.base, am.url)
  stops.push(async () => { await vmalert.stop() })
  const places = [['binance', 'main'], ['binance', 'hedge'], ['bybit', 'main'], ['okx', 'main'], ['bybit', 'hedge'], ['okx', 'hedge']]
  const bots = await startFleetBots(places.map(([exchange, account], i) => ({
    bot: `bot-${exchange}-${account}`,
    labels: `strategy=${i % 2 === 0 ? 'breakout' : 'breakout-fast'},exchange=${exchange},account=${account}`,
    pushing: i < 4
  })), { writeUrl: vm.writeUrl, dir: join(dir.path, 'vmagent'), pushIntervalMs: 2000, stops })
  const fleet = await startFleetView(vm.base, am.url)
  stops.push(async () => { await fleet.process.stop() })
  // A minute of trading, then one bot dies.
  await new Promise((resolve) => setTimeout(resolve, 60_000))
  bots[2].process.child.kill('SIGKILL')
  await eventually(async () => {
    const f = await (await fetch(`${fleet.url}/api/fleet`)).json() as { bots: Array<{ health: string, alerts: unknown[] }> }
    return f.bots.length === 6 && f.bots[0].health === 'down' && f.bots[0].alerts.length > 0 ? true : undefined
  }, 150_000, 'a bot down with its alert')
  const browser = await launchChromium({ width: 1700, height: 600 })
  try {
    const page = await browser.context.newPage()
    await page.goto(`${fleet.url}/`)
    await page.waitForSelector('#fleet tbody tr:nth-child(6)')
    await page.screenshot({ path: out, fullPage: true })
    process.stdout.write(`wrote ${out}\n`)
  } finally {
    await browser.close()
  }
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {})
  await dir.remove()
}
