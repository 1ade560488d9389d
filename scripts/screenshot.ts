/**
 * Takes docs/dashboard.png (the whole page) and docs/dashboard-trading.png
 * (the trading section: equity with its drawdown shaded, the MAE/MFE
 * scatter, the breakdown by exit reason, the risk figures): starts the demo
 * on a free port, lets it run for a minute of simulated trading, and
 * photographs the dashboard in Debian's Chromium. Run with
 * `node scripts/screenshot.ts` after `npm run build:web`. `--wait <s>`
 * changes how long the demo runs first (default 60).
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { launchChromium } from './chromium.ts'

const root = fileURLToPath(new URL('../', import.meta.url))
const waitArg = process.argv.indexOf('--wait')
const waitSeconds = waitArg > 0 ? Number(process.argv[waitArg + 1]) : 60
const outArg = process.argv.indexOf('--out')
const out = outArg > 0 ? process.argv[outArg + 1] : root + 'docs/dashboard.png'
const tradingOut = out.replace(/\.png$/, '-trading.png')
const width = Number(process.env.SCREENSHOT_WIDTH ?? 1400)

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}

const port = await freePort()
const demo = spawn(process.execPath, [root + 'src/cli.ts', 'demo', '--port', String(port), '--no-persist', '--log-level', 'warn'], { stdio: 'inherit' })
const url = `http://127.0.0.1:${port}/`
try {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(url + 'api/metrics/health').then((r) => r.ok, () => false)
    if (ok) break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000))
  const browser = await launchChromium({ width, height: 900 })
  try {
    const page = await browser.context.newPage()
    await page.goto(url + '?by=exit_reason')
    await page.waitForSelector('[data-chart="cpu"][data-points]:not([data-points="0"])')
    await page.waitForSelector('[data-scatter][data-points]:not([data-points="0"])')
    await page.waitForSelector('#breakdown[data-by="exit_reason"]')
    // A moment for the charts to paint the points they just got.
    await page.waitForTimeout(1500)
    await page.screenshot({ path: out, fullPage: true })
    process.stdout.write(`wrote ${out}\n`)
    // Full-page coordinates: the sticky header stays at the top, off the section.
    const box = await page.locator('#trading').boundingBox()
    if (box !== null) {
      await page.screenshot({ path: tradingOut, fullPage: true, clip: box })
      process.stdout.write(`wrote ${tradingOut}\n`)
    }
  } finally {
    await browser.close()
  }
} finally {
  demo.kill('SIGTERM')
}
