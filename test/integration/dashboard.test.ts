import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { launchChromium } from '../../scripts/chromium.ts'
import type { Browser } from '../../scripts/chromium.ts'
import { getJson, startService, waitFor } from './helpers/processes.ts'

// The dashboard in Debian's Chromium against the demo service (npm test builds web/dist first).
// Functions that run in the page reach its globals through `globalThis as any`: this file is
// type-checked without the DOM library. (Strings would be eval, which the page's CSP forbids.)

/** Waits until the chart's numeric data attribute passes `min` (or equals `equal`). */
async function waitForChart (page: Page, chart: string, name: string, test: { above?: number, equal?: number }, timeout = 10_000): Promise<void> {
  await page.waitForFunction(([chart, name, above, equal]) => {
    const el = (globalThis as any).document.querySelector(`[data-chart="${chart as string}"]`)
    const v = Number(el?.dataset[name as string])
    return equal === null ? v > (above as number) : v === equal
  }, [chart, name, test.above ?? 0, test.equal ?? null] as const, { timeout })
}

/** Waits until every chart's numeric data attribute is at least `min`. */
async function waitForAllCharts (page: Page, name: string, min: number): Promise<void> {
  await page.waitForFunction(([name, min]) => {
    const charts = [...(globalThis as any).document.querySelectorAll('[data-chart]')]
    return charts.length >= 12 && charts.every((c) => Number(c.dataset[name]) >= min)
  }, [name, min] as const, { timeout: 10_000 })
}

/**
 * Coloured pixels each chart's canvas holds: opaque and saturated (axes, grid and text are grey,
 * threshold bands translucent), so only drawn lines and points count.
 */
async function chartInk (page: Page): Promise<Record<string, number>> {
  return await page.evaluate(() => Object.fromEntries([...(globalThis as any).document.querySelectorAll('[data-chart]')].map((f) => {
    const c = f.querySelector('canvas')
    if (c === null || c.width === 0) return [f.dataset.chart, 0]
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height)
    let coloured = 0
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) coloured++
    }
    return [f.dataset.chart, coloured]
  })))
}

/** Waits (polling, 10 s at most) until every chart has drawn ink on its canvas. */
async function waitForInk (page: Page): Promise<void> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const ink = await chartInk(page)
    const charts = Object.values(ink)
    if (charts.length >= 12 && charts.every((n) => n >= 1)) return
    if (Date.now() > deadline) {
      // What a blank chart held, so that a failure says why: its canvas size, window and newest value.
      const blank = await page.evaluate((names) => names.map((name) => {
        const f = (globalThis as any).document.querySelector(`[data-chart="${name}"]`)
        const c = f?.querySelector('canvas')
        return `${name}: canvas ${String(c?.width)}x${String(c?.height)}, window ${String(f?.dataset.window)}, latest ${String(f?.dataset.latest)}`
      }), Object.keys(ink).filter((name) => ink[name] < 1))
      throw new Error(`not every chart drew within 10 s: coloured pixels ${JSON.stringify(ink)}; points ${JSON.stringify(await chartPoints(page))}; ${blank.join('; ')}`)
    }
    await page.waitForTimeout(100)
  }
}

let service: Awaited<ReturnType<typeof startService>>
let browser: Browser

before(async () => {
  service = await startService('demo', ['--no-persist'])
  // The trading charts draw closed trades: wait until the demo has closed one live (its replayed
  // history is days old, outside the charts' 5 minutes), so that every chart has data to draw.
  await waitFor('the demo to close a trade', async () => {
    const trading = await getJson<{ closed_trades: number }>(`${service.url}/api/metrics/trading?window=5m`)
    return trading.closed_trades > 0 ? true : undefined
  }, 90_000, 500)
  browser = await launchChromium()
})

after(async () => {
  await browser?.close()
  await service?.stop()
})

/** Opens the dashboard and collects console errors and uncaught exceptions. */
async function open (url: string): Promise<{ page: Page, errors: string[] }> {
  const page = await browser.context.newPage()
  const errors: string[] = []
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()) })
  page.on('pageerror', (error) => { errors.push(String(error)) })
  await page.goto(url)
  return { page, errors }
}

const chartPoints = async (page: Page): Promise<Record<string, number>> => await page.evaluate(() =>
  Object.fromEntries([...(globalThis as any).document.querySelectorAll('[data-chart]')].map((el) => [el.dataset.chart, Number(el.dataset.points)])))

test('the dashboard loads without console errors and every chart draws data within 10 s', async () => {
  const { page, errors } = await open(service.url + '/')
  // The bot's id joins the title once /summary has answered, which may be before or after this read.
  assert.match(await page.title(), /^(.+ · )?Breakout Metrics$/)
  await waitForAllCharts(page, 'points', 1).catch(async (error: Error) => {
    throw new Error(`${error.message}\npoints per chart: ${JSON.stringify(await chartPoints(page))}`)
  })
  // Balance and marked-to-market equity: the demo reports prices, so the equity curve has points.
  assert.ok((await chartPoints(page))['account-equity'] > 0, 'the equity chart draws balance and equity')
  // Each chart drew its lines on the canvas. The canvas is painted after the points arrive:
  // wait for the ink itself rather than read it once.
  await waitForInk(page)
  assert.equal(await page.textContent('#health-status'), 'Health: healthy')
  assert.notEqual(await page.textContent('[data-tile="state"] output'), '–')
  // The demo replays 60 days of past trades at start: every risk tile (daily returns of all history) shows a number.
  const risk = ['sharpe', 'sortino', 'calmar', 'rolling-sharpe', 'ulcer', 'recovery', 'var', 'cvar', 'tail', 'kelly', 'omega']
  await page.waitForFunction((ids) => ids.every((id) => {
    const el = (globalThis as any).document.querySelector(`[data-figure="${id}"]`)
    return el !== null && el.dataset.value !== undefined && el.dataset.value !== '' && Number.isFinite(Number(el.dataset.value)) &&
      /\d/.test(el.querySelector('output').textContent)
  }), risk, { timeout: 10_000 }).catch(async (error: Error) => {
    const shown = await page.$$eval('#risk-figures [data-figure]', (els) => els.map((el) => `${(el as any).dataset.figure as string}=${(el as any).textContent as string}`))
    throw new Error(`${error.message}\nrisk tiles: ${shown.join(', ')}`)
  })
  assert.ok(await page.locator('#trades tbody tr').count() > 0, 'recent trades listed')
  assert.deepEqual(errors, [])
  await page.close()
})

test('live updates arrive over the stream and move the latest values', async () => {
  const { page, errors } = await open(service.url + '/')
  await page.waitForSelector('#live-mode[data-mode="live"]', { timeout: 10_000 })
  await waitForChart(page, 'engine-counts', 'points', { above: 0 })
  const before = await chartPoints(page)
  const metricReads = { count: 0 }
  page.on('request', (r) => { if (r.url().includes('/api/metrics/metric/')) metricReads.count++ })
  // No reload and no history read: the stream alone adds the engine's new cycles.
  await waitForChart(page, 'engine-counts', 'points', { above: before['engine-counts'] })
  assert.equal(metricReads.count, 0)
  assert.deepEqual(errors, [])
  await page.close()
})

test('the breakdown table groups closed trades by the selected key, as GET /trading/breakdown does', async () => {
  const { page, errors } = await open(service.url + '/')
  await page.waitForSelector('#breakdown[data-by="symbol"]', { timeout: 10_000 })
  await page.selectOption('#breakdown-by', 'exit_reason')
  await page.waitForFunction(() => {
    const t = (globalThis as any).document.getElementById('breakdown')
    return t?.dataset.by === 'exit_reason' && Number(t.dataset.rows) > 0
  }, undefined, { timeout: 10_000 })
  const shown: string[] = await page.$$eval('#breakdown tbody tr td:first-child', (tds) => tds.map((td) => (td as any).textContent as string))
  // The demo's exit reasons, each at most once.
  assert.ok(shown.length > 0)
  for (const v of shown) assert.ok(['stop_loss', 'take_profit', 'time_exit', 'partial_take_profit'].includes(v), v)
  assert.equal(new Set(shown).size, shown.length)
  const api = await getJson<{ rows: Array<{ key: { exit_reason: string } }> }>(`${service.url}/api/metrics/trading/breakdown?by=exit_reason`)
  for (const v of shown) assert.ok(api.rows.some((r) => r.key.exit_reason === v), v)
  assert.deepEqual(errors, [])
  await page.close()
})

test('the range picker (mouse or keyboard) changes the window the charts show', async () => {
  const { page, errors } = await open(service.url + '/')
  await waitForChart(page, 'cpu', 'points', { above: 0 })
  assert.equal(await page.getAttribute('[data-chart="cpu"]', 'data-window'), String(5 * 60_000))
  const hourly = page.waitForRequest((r) => r.url().includes('/metric/engine_cycle_time') && r.url().includes('since=1h'))
  await page.click('label[for="range-1h"]')
  await hourly
  await page.waitForSelector('body[data-range="1h"]')
  await waitForChart(page, 'cpu', 'window', { equal: 3_600_000 })
  // Keyboard: arrow keys move between the radio buttons.
  await page.focus('#range-1h')
  await page.keyboard.press('ArrowRight')
  await waitForChart(page, 'engine-counts', 'window', { equal: 86_400_000 })
  assert.equal(await page.isChecked('#range-24h'), true)
  assert.deepEqual(errors, [])
  await page.close()
})

test('annotations of the service are drawn on every chart', async () => {
  const res = await fetch(`${service.url}/api/metrics/annotations`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'deploy v1.2.3', tags: ['deploy'] })
  })
  assert.equal(res.status, 201)
  const { page, errors } = await open(service.url + '/')
  await waitForAllCharts(page, 'annotations', 1)
  assert.equal(await page.isHidden('#annotations-note'), true)
  assert.deepEqual(errors, [])
  await page.close()
})

test('on a phone-sized screen nothing overflows sideways', async () => {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(service.url + '/')
  await waitForChart(page, 'cpu', 'points', { above: 0 })
  const overflow = await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth - (globalThis as any).innerWidth) as number
  assert.ok(overflow <= 0, `page is ${overflow} px wider than the screen`)
  await page.close()
})

test('with API keys set, the page loads, asks for a key, keeps it in the session only and streams with it', async () => {
  const key = 'dashboard-test-key-0123456789abcdef'
  const keyed = await startService('demo', ['--no-persist'], { METRICS_API_KEYS: `read:${key}` })
  const page = await browser.context.newPage()
  try {
    const denied = await fetch(`${keyed.url}/api/metrics/summary`)
    assert.equal(denied.status, 401, 'the service requires keys')
    await page.goto(keyed.url + '/')
    await page.waitForSelector('#key-dialog[open]', { timeout: 10_000 })
    assert.equal(await page.evaluate(() => (globalThis as any).document.activeElement?.id), 'key-input')
    assert.match(await page.textContent('#key-reason') ?? '', /requires an API key/)
    await page.fill('#key-input', 'not-the-key-0123456789abcdef')
    await page.keyboard.press('Enter')
    await page.waitForSelector('#key-dialog[open]')
    await page.waitForFunction(() => (globalThis as any).document.querySelector('#key-reason')?.textContent?.includes('refused'))
    await page.fill('#key-input', key)
    await page.keyboard.press('Enter')
    await page.waitForSelector('#live-mode[data-mode="live"]', { timeout: 10_000 })
    await waitForChart(page, 'engine-counts', 'points', { above: 0 })
    const stored = await page.evaluate(() => {
      const g = globalThis as any
      return { session: Object.values(g.sessionStorage), local: g.localStorage.length, cookie: g.document.cookie }
    })
    assert.deepEqual(stored, { session: [key], local: 0, cookie: '' })
    assert.equal(await page.isVisible('#forget-key'), true)
  } finally {
    await page.close()
    await keyed.stop()
  }
})

/** The legend values of every chart (the time column left out), by chart. */
const legends = async (page: Page): Promise<Record<string, string[]>> => await page.evaluate(() =>
  Object.fromEntries([...(globalThis as any).document.querySelectorAll('[data-chart]')].map((el) =>
    [el.dataset.chart, [...el.querySelectorAll('.u-legend .u-series:not(:first-child) .u-value')].map((v) => v.textContent)])))

test('legends show the latest value off the chart and the hovered one on it', async () => {
  const { page, errors } = await open(service.url + '/')
  await waitForInk(page)
  await page.waitForFunction(() => [...(globalThis as any).document.querySelectorAll('[data-chart]')]
    .every((el) => [...el.querySelectorAll('.u-legend .u-series:not(:first-child) .u-value')].some((v) => v.textContent !== '–')), null, { timeout: 10_000 })
    .catch(async (error: Error) => {
      throw new Error(`${error.message}
legends: ${JSON.stringify(await legends(page))}`)
    })
  // The CPU line's legend reads its newest point (data-latest), formatted as the axis formats it.
  // Both are read in one evaluation: a live update may land between two separate reads.
  const cpu = page.locator('[data-chart="cpu"]')
  const legendMatchesLatest = (): { shown: string, latest: number, ok: boolean } => {
    const el = (globalThis as any).document.querySelector('[data-chart="cpu"]')
    const latest = Number(el.getAttribute('data-latest'))
    const shown = String(el.querySelector('.u-legend .u-series:not(:first-child) .u-value')?.textContent ?? '')
    const decimals = /\.(\d+)/.exec(shown)?.[1].length ?? 0
    return { shown, latest, ok: Math.abs(parseFloat(shown) - latest) <= 0.5 * 10 ** -decimals + 1e-9 }
  }
  await page.waitForFunction(() => {
    const el = (globalThis as any).document.querySelector('[data-chart="cpu"]')
    const latest = Number(el.getAttribute('data-latest'))
    const text = String(el.querySelector('.u-legend .u-series:not(:first-child) .u-value')?.textContent ?? '')
    // Within half a unit of the last digit shown: 13.2 reads as "13 %", 4.837 as "4.84 %".
    const decimals = /\.(\d+)/.exec(text)?.[1].length ?? 0
    return Math.abs(parseFloat(text) - latest) <= 0.5 * 10 ** -decimals + 1e-9
  }, null, { timeout: 5000 }).catch(async () => {
    const r = await page.evaluate(legendMatchesLatest)
    assert.fail(`legend ${r.shown} vs latest ${r.latest}`)
  })
  // Hovering the left of the plot reads an older point: the time column changes to the cursor's.
  const box = (await cpu.locator('.u-over').boundingBox())!
  const timeBefore = await cpu.locator('.u-legend .u-series:first-child .u-value').textContent()
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2)
  await page.waitForFunction((before) => (globalThis as any).document.querySelector('[data-chart="cpu"] .u-legend .u-series:first-child .u-value').textContent !== before, timeBefore, { timeout: 5000 })
  assert.notEqual((await legends(page)).cpu[0], '–')
  assert.deepEqual(errors, [])
  await page.close()
})

test('the 24 h range, from the URL, draws series younger than one of its buckets', async () => {
  // The service has run for a minute or two: in 24 h ranges (buckets of about 3 min) every
  // series is a point or two, which must still show.
  const { page, errors } = await open(service.url + '/?range=24h')
  await page.waitForSelector('body[data-range="24h"]')
  assert.equal(await page.isChecked('#range-24h'), true)
  await waitForInk(page)
  assert.deepEqual(errors, [])
  await page.close()
})

test('a reload keeps the chosen range', async () => {
  const { page, errors } = await open(service.url + '/')
  await waitForChart(page, 'cpu', 'points', { above: 0 })
  await page.click('label[for="range-1h"]')
  await page.waitForSelector('body[data-range="1h"]')
  assert.equal(new URL(page.url()).searchParams.get('range'), '1h')
  await page.reload()
  await page.waitForSelector('body[data-range="1h"]')
  assert.equal(await page.isChecked('#range-1h'), true)
  await waitForChart(page, 'cpu', 'window', { equal: 3_600_000 })
  assert.deepEqual(errors, [])
  await page.close()
})
