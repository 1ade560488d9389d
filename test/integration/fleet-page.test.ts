import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { launchChromium } from '../../scripts/chromium.ts'
import { startFleetView } from './helpers/fleet-stack.ts'
import { eventually, startVictoriaMetrics, tempDir } from './helpers/index.ts'

// The fleet page in Debian's Chromium (npm test builds web/dist first), over a VictoriaMetrics
// fed through its import API: the figures are known, nothing waits for a bot to trade. Functions
// that run in the page reach its globals through `globalThis as any` (no DOM library here).

interface FleetRow { bot: string, status: string, health: string, total_pnl: number | null, win_rate: number | null, open_positions: number | null }
interface Fleet { stale: boolean, store: { url: string, ok: boolean }, bots: FleetRow[] }

interface Bot { bot: string, ageS: number, totalPnl: number, winRate: number, open: number, labels: string }

/** Three bots: two heard from now, one silent for 3 minutes (stale). */
const BOTS: Bot[] = [
  { bot: 'bot-gain', ageS: 0, totalPnl: 1234.5, winRate: 0.625, open: 2, labels: 'strategy="breakout",exchange="binance"' },
  { bot: 'bot-loss', ageS: 0, totalPnl: -40.25, winRate: 0.25, open: 0, labels: 'strategy="breakout",exchange="okx"' },
  { bot: 'bot-silent', ageS: 180, totalPnl: 10, winRate: 0.5, open: 1, labels: 'strategy="breakout-fast",exchange="bybit"' }
]

/** The series a bot's push carries that the fleet view reads, as Prometheus text with timestamps (ms). */
function exposition (b: Bot, nowMs: number): string {
  const t = nowMs - b.ageS * 1000
  const l = `bot="${b.bot}",${b.labels}`
  return [
    `breakout_store_series{${l},bot_url="http://127.0.0.1:1/${b.bot}/"} 40 ${t}`,
    `breakout_trading_total_pnl{${l}} ${b.totalPnl} ${t}`,
    `breakout_trading_win_rate{${l}} ${b.winRate} ${t}`,
    `breakout_trading_open_positions{${l}} ${b.open} ${t}`
  ].join('\n')
}

/** The table as the page shows it: per row, the bot and the text of each cell, and the row's data attributes. */
async function tableOf (page: Page): Promise<Array<{ bot: string, status: string, health: string, cells: string[] }>> {
  return await page.evaluate(() => [...(globalThis as any).document.querySelectorAll('#fleet tbody tr')].map((tr: any) => ({
    bot: tr.dataset.bot,
    status: tr.dataset.status,
    health: tr.dataset.health,
    cells: [...tr.children].map((c: any) => c.textContent)
  })))
}

test('the fleet page lists the bots of /api/fleet worst first, marks the stale one, and says when the store is down', { timeout: 60_000 }, async () => {
  const dir = await tempDir('fleet-page')
  const stops: Array<() => Promise<void>> = []
  try {
    const vm = await startVictoriaMetrics(join(dir.path, 'vm'))
    stops.push(vm.stop)
    const nowMs = Date.now()
    const res = await fetch(`${vm.base}/api/v1/import/prometheus`, { method: 'POST', body: BOTS.map((b) => exposition(b, nowMs)).join('\n') + '\n' })
    assert.equal(res.status, 204, await res.text())
    await vm.forceFlush()
    const fleet = await startFleetView(vm.base, null)
    stops.push(async () => { await fleet.process.stop() })
    const api = await eventually(async () => {
      const f = await (await fetch(`${fleet.url}/api/fleet`)).json() as Fleet
      return f.bots.length === 3 ? f : undefined
    }, 15_000, 'three bots in /api/fleet')

    // The order the test expects, worked out here: the stale bot is down and leads, then the
    // biggest loss today (all P&L is today's: no sample before the day began).
    assert.deepEqual(api.bots.map((r) => r.bot), ['bot-silent', 'bot-loss', 'bot-gain'])
    assert.deepEqual(api.bots.map((r) => r.status), ['stale', 'up', 'up'])

    const browser = await launchChromium({ width: 1600, height: 600 })
    stops.push(browser.close)
    const page = await browser.context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${fleet.url}/`)
    await page.waitForSelector('#fleet tbody tr:nth-child(3)', { timeout: 10_000 })
    const rows = await tableOf(page)
    assert.deepEqual(rows.map((r) => r.bot), api.bots.map((r) => r.bot), 'the page keeps the API order')
    const byBot = new Map(rows.map((r) => [r.bot, r]))
    // Cells: bot, labels, status, last sample, health, alerts, today, total, win rate, open, equity, cycle p99, order p99.
    const silent = byBot.get('bot-silent')!
    assert.equal(silent.status, 'stale')
    assert.equal(silent.health, 'down')
    assert.equal(silent.cells[2], 'stale')
    assert.equal(silent.cells[3], '3 min ago')
    assert.equal(silent.cells[4], 'down')
    const expected: Record<string, string[]> = {
      'bot-gain': ['+1,234.50', '+1,234.50', '62.5 %', '2'],
      'bot-loss': ['\u221240.25', '\u221240.25', '25 %', '0'],
      'bot-silent': ['+10.00', '+10.00', '50 %', '1']
    }
    for (const [bot, want] of Object.entries(expected)) {
      const row = byBot.get(bot)!
      assert.deepEqual(row.cells.slice(6, 10), want, bot)
      assert.equal(row.cells[0], bot)
      if (bot !== 'bot-silent') assert.equal(row.cells[2], 'up')
    }
    assert.match(byBot.get('bot-gain')!.cells[1], /exchange=binance/)
    assert.equal(await page.getAttribute('#fleet tbody tr[data-bot="bot-gain"] th a', 'href'), 'http://127.0.0.1:1/bot-gain/')
    assert.equal(await page.textContent('#fleet-count'), '3 bots · 2 up · 1 stale')
    assert.equal(await page.textContent('#store-url'), vm.base)
    assert.equal(await page.isHidden('#notice'), true)

    // The store goes away: the page says so with its URL and keeps the rows, marked stale.
    await vm.stop()
    await page.waitForFunction(() => (globalThis as any).document.body.dataset.stale === 'true', undefined, { timeout: 20_000 })
    const notice = await page.textContent('#notice') ?? ''
    assert.match(notice, /The store cannot be read/)
    assert.ok(notice.includes(vm.base), notice)
    assert.equal(await page.isVisible('#notice'), true)
    assert.deepEqual((await tableOf(page)).map((r) => r.bot), api.bots.map((r) => r.bot))
    assert.deepEqual(errors, [])
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {})
    await dir.remove()
  }
})
