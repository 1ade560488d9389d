import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { launchChromium } from '../../scripts/chromium.ts'
import type { Browser } from '../../scripts/chromium.ts'
import { getJson, startService, waitFor } from './helpers/processes.ts'

// The dashboard's trading views in Debian's Chromium against a service fed a fixed set of
// trade events and prices: what the page shows is compared with the API's answers, sorted,
// counted and measured here. Page functions reach the DOM through `globalThis as any` (this
// file is type-checked without the DOM library).

const DAY = 86_400_000
let service: Awaited<ReturnType<typeof startService>>
let browser: Browser

interface Item { type: string, [k: string]: unknown }

/**
 * Five earlier days of one trade each (up and down days: every risk figure is defined), then,
 * in the last minutes, trades of three strategies with tags, exit reasons, stops and prices:
 * BTCUSDT's price rises to 110 and falls to 101 while it is open, a drawdown of the equity.
 */
function events (now: number): Item[] {
  const trade = (event: string, symbol: string, side: string, quantity: number, price: number, at: number, extra: Record<string, unknown> = {}): Item =>
    ({ type: 'trade', event, symbol, side, quantity, price, timestamp: at, ...extra })
  const price = (symbol: string, value: number, at: number): Item => ({ type: 'price', symbol, price: value, timestamp: at })
  const items: Item[] = []
  for (const [daysAgo, exit] of [[5, 105], [4, 97], [3, 108], [2, 98], [1, 104]] as const) {
    const at = now - daysAgo * DAY
    items.push(trade('opened', 'LTCUSDT', 'long', 10, 100, at, { trade_id: `h${daysAgo}`, strategy: 'swing', entry_tag: 'daily_break' }),
      trade('closed', 'LTCUSDT', 'long', 10, exit, at + 60_000, { trade_id: `h${daysAgo}`, exit_reason: exit > 100 ? 'take_profit' : 'stop_loss' }))
  }
  // The last event 20 s ago: the 5-minute window holds them all for the next three minutes.
  const t0 = now - 120_000
  const s = (seconds: number): number => t0 + seconds * 1000
  items.push(
    trade('opened', 'BTCUSDT', 'long', 1, 100, s(0), { trade_id: 'b1', strategy: 'breakout_up', entry_tag: 'range_break', stop_price: 95 }),
    price('BTCUSDT', 104, s(5)), price('BTCUSDT', 110, s(10)), price('BTCUSDT', 106, s(15)), price('BTCUSDT', 101, s(20)),
    trade('closed', 'BTCUSDT', 'long', 1, 102, s(30), { trade_id: 'b1', exit_reason: 'take_profit' }),
    trade('opened', 'ETHUSDT', 'short', 2, 50, s(35), { trade_id: 'e1', strategy: 'breakout_down', entry_tag: 'strong_break', stop_price: 52 }),
    price('ETHUSDT', 52, s(45)),
    trade('closed', 'ETHUSDT', 'short', 2, 51.5, s(55), { trade_id: 'e1', exit_reason: 'stop_loss' }),
    trade('opened', 'SOLUSDT', 'long', 10, 20, s(60), { trade_id: 's1', strategy: 'mean_revert', entry_tag: 'oversold', stop_price: 19 }),
    price('SOLUSDT', 19.2, s(65)),
    trade('closed', 'SOLUSDT', 'long', 10, 20.5, s(70), { trade_id: 's1', exit_reason: 'time_exit' }),
    trade('opened', 'ADAUSDT', 'short', 100, 1, s(75), { trade_id: 'a1', strategy: 'breakout_down', entry_tag: 'range_break', stop_price: 1.05 }),
    trade('closed', 'ADAUSDT', 'short', 100, 1.02, s(85), { trade_id: 'a1', exit_reason: 'stop_loss' }),
    trade('opened', 'XRPUSDT', 'long', 100, 0.5, s(90), { trade_id: 'x1', strategy: 'breakout_up', entry_tag: 'strong_break', stop_price: 0.48 }),
    price('XRPUSDT', 0.56, s(92)),
    trade('reduced', 'XRPUSDT', 'long', 50, 0.55, s(95), { trade_id: 'x1', exit_reason: 'partial_take_profit' }),
    trade('closed', 'XRPUSDT', 'long', 50, 0.52, s(100), { trade_id: 'x1', exit_reason: 'take_profit' })
  )
  return items
}

before(async () => {
  service = await startService('serve', ['--no-persist', '--starting-balance', '10000'])
  const res = await fetch(`${service.url}/api/metrics/events`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events(Date.now()))
  })
  const body = await res.json() as { accepted: number, rejected: unknown[] }
  assert.deepEqual(body.rejected, [])
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await service?.stop()
})

async function open (path: string): Promise<{ page: Page, errors: string[] }> {
  const page = await browser.context.newPage()
  const errors: string[] = []
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()) })
  page.on('pageerror', (error) => { errors.push(String(error)) })
  await page.goto(service.url + path)
  return { page, errors }
}

interface ApiRow { key: Record<string, string | null>, closed_trades: number, win_rate: number | null, total_pnl: number, profit_factor: number | null }

/** Reference order: stable, nulls last either way. */
function sortedValues (rows: ApiRow[], by: string, field: 'win_rate' | 'total_pnl' | 'closed_trades', descending: boolean): string[] {
  const indexed = rows.map((row, i) => ({ row, i }))
  indexed.sort((a, b) => {
    const x = a.row[field]
    const y = b.row[field]
    if (x === null || y === null) return x === y ? a.i - b.i : x === null ? 1 : -1
    if (x === y) return a.i - b.i
    return descending ? y - x : x - y
  })
  return indexed.map(({ row }) => row.key[by] ?? '(none)')
}

const shownValues = async (page: Page): Promise<string[]> =>
  await page.$$eval('#breakdown tbody tr td:first-child', (tds) => tds.map((td) => (td as any).textContent as string))

async function waitForTable (page: Page, by: string, sort: string, rows: number): Promise<void> {
  await page.waitForFunction(([by, sort, rows]) => {
    const t = (globalThis as any).document.getElementById('breakdown')
    return t?.dataset.by === by && t.dataset.sort === sort && Number(t.dataset.rows) === rows
  }, [by, sort, rows] as const, { timeout: 10_000 })
}

test('the breakdown sorts by a clicked column, and grouping and order survive a reload', async () => {
  const api = await getJson<{ rows: ApiRow[] }>(`${service.url}/api/metrics/trading/breakdown?by=strategy&since=5m`)
  assert.equal(api.rows.length, 3, 'breakout_up, breakout_down and mean_revert in the window')
  const { page, errors } = await open('/?by=strategy')
  await waitForTable(page, 'strategy', '-total_pnl', 3)
  assert.equal(await page.inputValue('#breakdown-by'), 'strategy')
  assert.deepEqual(await shownValues(page), sortedValues(api.rows, 'strategy', 'total_pnl', true))
  await page.click('#breakdown th[data-sort="win_rate"] button')
  await waitForTable(page, 'strategy', '-win_rate', 3)
  assert.deepEqual(await shownValues(page), sortedValues(api.rows, 'strategy', 'win_rate', true))
  assert.equal(await page.getAttribute('#breakdown th[data-sort="win_rate"]', 'aria-sort'), 'descending')
  await page.click('#breakdown th[data-sort="win_rate"] button')
  await waitForTable(page, 'strategy', 'win_rate', 3)
  const ascending = sortedValues(api.rows, 'strategy', 'win_rate', false)
  assert.deepEqual(await shownValues(page), ascending)
  assert.notDeepEqual(ascending, sortedValues(api.rows, 'strategy', 'total_pnl', true), 'the sort changed the order')
  const url = new URL(page.url())
  assert.deepEqual([url.searchParams.get('by'), url.searchParams.get('sort')], ['strategy', 'win_rate'])

  await page.reload()
  await waitForTable(page, 'strategy', 'win_rate', 3)
  assert.equal(await page.inputValue('#breakdown-by'), 'strategy')
  assert.deepEqual(await shownValues(page), ascending)
  // Another grouping, kept in the URL with the order.
  await page.selectOption('#breakdown-by', 'exit_reason')
  const reasons = await getJson<{ rows: ApiRow[] }>(`${service.url}/api/metrics/trading/breakdown?by=exit_reason&since=5m`)
  await waitForTable(page, 'exit_reason', 'win_rate', reasons.rows.length)
  assert.deepEqual(await shownValues(page), sortedValues(reasons.rows, 'exit_reason', 'win_rate', false))
  assert.equal(new URL(page.url()).searchParams.get('by'), 'exit_reason')
  assert.deepEqual(errors, [])
  await page.close()
})

/** Pixels of a canvas in a colour: `rgb` within 40 per channel and alpha within [minAlpha, maxAlpha]. */
async function pixels (page: Page, selector: string, rgb: [number, number, number], minAlpha: number, maxAlpha: number): Promise<number> {
  return await page.evaluate(([selector, rgb, lo, hi]) => {
    const c = (globalThis as any).document.querySelector(selector)
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height)
    let n = 0
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] >= lo && data[i + 3] <= hi && Math.abs(data[i] - rgb[0]) < 40 && Math.abs(data[i + 1] - rgb[1]) < 40 && Math.abs(data[i + 2] - rgb[2]) < 40) n++
    }
    return n
  }, [selector, rgb, minAlpha, maxAlpha] as const)
}

test('the MAE/MFE scatter draws one mark per recent trade record, winners and losers apart', async () => {
  const api = await getJson<{ trades: Array<{ pnl: number, mae_pct: number | null, mfe_pct: number | null }> }>(`${service.url}/api/metrics/trades?limit=200`)
  const plotted = api.trades.filter((t) => typeof t.mae_pct === 'number' && typeof t.mfe_pct === 'number')
  assert.ok(plotted.length >= 11, `${plotted.length} records with excursions`)
  const { page, errors } = await open('/')
  await page.waitForFunction((n) => Number((globalThis as any).document.querySelector('[data-scatter="excursions"]')?.dataset.points) === n,
    plotted.length, { timeout: 10_000 })
  const ds = await page.$eval('[data-scatter="excursions"]', (el) => ({ ...(el as any).dataset }))
  assert.equal(Number(ds.winners), plotted.filter((t) => t.pnl > 0).length)
  assert.equal(Number(ds.losers), plotted.filter((t) => t.pnl < 0).length)
  // Drawn: green dots (--series-pnl #116329) and red crosses (--series-loss #b42318) on the canvas.
  await page.waitForFunction(() => (globalThis as any).document.querySelector('[data-scatter] canvas').width > 0)
  assert.ok(await pixels(page, '[data-scatter] canvas', [17, 99, 41], 200, 255) > 0, 'winners drawn')
  assert.ok(await pixels(page, '[data-scatter] canvas', [180, 35, 24], 200, 255) > 0, 'losers drawn')
  assert.deepEqual(errors, [])
  await page.close()
})

test('the equity chart shades its drawdown as deep as the equity points fell', async () => {
  const { page, errors } = await open('/')
  await page.waitForFunction(() => Number((globalThis as any).document.querySelector('[data-chart="account-equity"]')?.dataset.shaded) > 0,
    null, { timeout: 10_000 })
  // Reference: the largest fall of the equity points below their running peak, percent of the peak.
  const equity = await getJson<{ points: Array<{ value: number }> }>(`${service.url}/api/metrics/metric/equity?since=5m&last_n=1000`)
  let peak = -Infinity
  let worst = 0
  for (const { value } of equity.points) {
    peak = Math.max(peak, value)
    worst = Math.max(worst, (peak - value) / peak * 100)
  }
  assert.ok(worst > 0.05, `a drawdown of ${worst} %`)
  const shown = Number(await page.getAttribute('[data-chart="account-equity"]', 'data-drawdown-pct'))
  assert.ok(Math.abs(shown - worst) < 1e-9, `${shown} vs ${worst}`)
  // The shade itself: translucent red (--fill-drawdown, alpha 0.22) on the canvas.
  await waitFor('the shade on the canvas', async () =>
    await pixels(page, '[data-chart="account-equity"] canvas', [180, 35, 24], 30, 90) > 20 ? true : undefined, 10_000, 100)
  assert.deepEqual(errors, [])
  await page.close()
})

test('the risk figures show GET /trading over all history, and the account and excursions over the window', async () => {
  const { page, errors } = await open('/')
  const read = async (): Promise<Record<string, string>> => await page.evaluate(() => Object.fromEntries(
    [...(globalThis as any).document.querySelectorAll('[data-figure]')].map((el: any) => [el.dataset.figure, el.dataset.value ?? 'unset'])))
  // Polled against fresh answers: a UTC midnight between two reads adds a day of returns.
  const mismatch = async (): Promise<string | undefined> => {
    const all = await getJson<Record<string, any>>(`${service.url}/api/metrics/trading?window=all`)
    for (const k of ['var_95', 'cvar_95', 'omega', 'kelly_fraction', 'ulcer_index']) assert.equal(typeof all.risk[k], 'number', `${k} is defined`)
    const windowed = await getJson<Record<string, any>>(`${service.url}/api/metrics/trading?since=5m`)
    const expected: Record<string, number | null> = {
      var: all.risk.var_95,
      cvar: all.risk.cvar_95,
      omega: all.risk.omega,
      kelly: all.risk.kelly_fraction,
      ulcer: all.risk.ulcer_index,
      sharpe: all.sharpe,
      'mae-mean': windowed.excursions.mae_pct_mean,
      equity: windowed.equity
    }
    const shown = await read()
    const wrong = Object.entries(expected).filter(([id, v]) => shown[id] !== (v === null ? '' : String(v)))
    return wrong.length === 0 ? undefined : `shown ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`
  }
  // waitFor reports the last mismatch when it gives up.
  await waitFor('the tiles to show the API\'s figures', async () => {
    const wrong = await mismatch()
    if (wrong !== undefined) throw new Error(wrong)
    return true
  }, 10_000, 200)
  assert.match(await page.textContent('#risk-convention') ?? '', /risk-free rate 0, 365 periods a year/)
  assert.deepEqual(errors, [])
  await page.close()
})
