import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { healthConfigFrom } from '../../../src/health/health-config.ts'
import { TradeNotifier } from '../../../src/health/trade-notifier.ts'
import type { TradeNotificationConfig } from '../../../src/health/trade-notification-config.ts'
import { ConfigError } from '../../../src/core/errors.ts'

interface Received { path: string, headers: IncomingHttpHeaders, body: any, atMs: number }

/** A real HTTP receiver on 127.0.0.1 answering with the statuses queued in `replies` (then 200). */
async function receiver (): Promise<{ url: string, got: Received[], replies: Array<{ status: number, headers?: Record<string, string> }>, close: () => Promise<void> }> {
  const got: Received[] = []
  const replies: Array<{ status: number, headers?: Record<string, string> }> = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()), atMs: performance.now() })
      const reply = replies.shift() ?? { status: 200 }
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      res.end(reply.status === 200 ? '{"ok":true}' : '{"ok":false}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    got,
    replies,
    close: async () => { server.closeAllConnections(); await new Promise<void>((resolve) => server.close(() => { resolve() })) }
  }
}

function config (trades: Record<string, unknown>, env: Record<string, string> = {}): TradeNotificationConfig {
  const c = healthConfigFrom({ notifications: { trades: { backoff: '10ms', ...trades } } }, { env, instance: 'bot-1:8000' }).trades
  assert.ok(c !== null)
  return c
}

const T = Date.UTC(2026, 11, 2, 20, 0)
function makeLogger (): MetricsLogger {
  return new MetricsLogger({ sampler: false, health: false, clock: { now: () => T + 3_600_000 }, trading: { startingBalance: 10_000 } })
}
function trade (logger: MetricsLogger): void {
  logger.logTradeEvent('opened', 'BTC<USDT', 'buy', 0.5, 60_000, null, null, { fees: 3, timestampMs: T })
  logger.logTradeEvent('closed', 'BTC<USDT', 'buy', 0.5, 61_000, null, null, { fees: 3, timestampMs: T + 90 * 60_000 })
}

test('each format carries its required fields, escaped for its markup', async () => {
  const r = await receiver()
  try {
    for (const format of ['telegram', 'discord', 'slack', 'json']) {
      const logger = makeLogger()
      const n = new TradeNotifier(config({ format, url: `${r.url}/${format}`, chat_id: '-1001234', min_interval: 0 }), logger, { instance: 'bot-1:8000' })
      trade(logger)
      await n.flush()
      const [opened, closed] = r.got.filter((g) => g.path === `/${format}`)
      assert.equal(opened.headers['content-type'], 'application/json')
      // Closing 0.5 long from 60,000 at 61,000 with 3 + 3 fees: P&L +494, held 1h 30m.
      if (format === 'telegram') {
        assert.deepEqual(Object.keys(closed.body).sort(), ['chat_id', 'disable_web_page_preview', 'parse_mode', 'text'])
        assert.equal(closed.body.chat_id, '-1001234')
        assert.equal(closed.body.parse_mode, 'HTML')
        assert.equal(opened.body.text, '<b>🟢 Opened long BTC&lt;USDT</b>\n0.5 @ 60000 on bot-1:8000')
        assert.equal(closed.body.text, '<b>✅ Closed long BTC&lt;USDT: P&amp;L +494</b>\n0.5 @ 61000 (entry 60000), fees 6, held 1h 30m, on bot-1:8000')
      } else if (format === 'discord') {
        assert.equal(closed.body.embeds[0].title, '✅ Closed long BTC<USDT: P&L +494')
        assert.match(closed.body.embeds[0].description, /0\.5 @ 61000 \(entry 60000\)/)
        assert.equal(closed.body.embeds[0].timestamp, new Date(T + 90 * 60_000).toISOString())
        assert.equal(typeof closed.body.embeds[0].color, 'number')
        assert.deepEqual(closed.body.allowed_mentions, { parse: [] })
      } else if (format === 'slack') {
        assert.match(closed.body.text, /^✅ Closed long BTC&lt;USDT: P&amp;L \+494\n/)
        assert.equal(closed.body.blocks[0].type, 'section')
        assert.equal(closed.body.blocks[0].text.type, 'mrkdwn')
        assert.match(closed.body.blocks[0].text.text, /^\*✅ Closed long BTC&lt;USDT: P&amp;L \+494\*\n/)
      } else {
        assert.equal(opened.body.kind, 'opened')
        assert.equal(closed.body.kind, 'closed')
        assert.equal(closed.body.fields.symbol, 'BTC<USDT')
        assert.equal(closed.body.fields.pnl, '+494')
        assert.equal(closed.body.timestamp, T + 90 * 60_000)
      }
      n.close()
      logger.close()
    }
  } finally {
    await r.close()
  }
})

test('5xx is retried; 429 waits for Retry-After', async () => {
  const r = await receiver()
  try {
    const logger = makeLogger()
    const n = new TradeNotifier(config({ format: 'json', url: r.url, events: ['opened'] }), logger)
    r.replies.push({ status: 503 }, { status: 429, headers: { 'retry-after': '1' } })
    logger.logTradeEvent('opened', 'ETHUSDT', 'long', 1, 3000, null, null, { timestampMs: T })
    await n.flush()
    assert.equal(r.got.length, 3)
    assert.ok(r.got[2].atMs - r.got[1].atMs >= 990, `waited ${r.got[2].atMs - r.got[1].atMs} ms after the 429`)
    assert.deepEqual({ ...n.stats(), last_error: null }, { queued: 0, sent: 1, failed: 0, dropped: 0, retries: 2, last_error: null })
    n.close()
    logger.close()
  } finally {
    await r.close()
  }
})

test('messages to a chat are spaced; a burst past the queue is dropped and counted', async () => {
  const r = await receiver()
  try {
    const logger = makeLogger()
    const n = new TradeNotifier(config({ format: 'telegram', url: r.url, chat_id: '42', min_interval: '200ms', queue_size: 3, events: ['opened'] }), logger)
    for (let i = 0; i < 10; i++) logger.logTradeEvent('opened', `S${i}USDT`, 'long', 1, 1, null, null, { timestampMs: T + i })
    await n.flush()
    // One in flight, three queued, six dropped (the oldest of those waiting).
    assert.equal(n.stats().dropped, 6)
    assert.deepEqual(r.got.map((g) => /S(\d)USDT/.exec(g.body.text as string)?.[1]), ['0', '7', '8', '9'])
    // Posts start at least 200 ms apart, so the four span at least 600 ms from the first
    // start; arrivals lag their start by up to a connection's setup on a busy machine.
    // Unpaced, the four arrive within a few ms.
    assert.ok(r.got[3].atMs - r.got[0].atMs >= 450, `span ${r.got[3].atMs - r.got[0].atMs} ms`)
    n.close()
    logger.close()
  } finally {
    await r.close()
  }
})

test('the daily digest goes out once in its UTC hour with the day\'s figures', async () => {
  const r = await receiver()
  try {
    const logger = makeLogger()
    const n = new TradeNotifier(config({ format: 'json', url: r.url, digest_hour_utc: 21, events: [] }), logger, { instance: 'bot-1:8000' })
    trade(logger)
    logger.logTradeEvent('opened', 'ETHUSDT', 'long', 1, 100, null, null, { timestampMs: T })
    logger.logTradeEvent('reduced', 'ETHUSDT', 'long', 0.5, 90, null, null, { timestampMs: T + 1000 })
    logger.logTradeEvent('opened', 'SOLUSDT', 'short', 4, 25, null, null, { timestampMs: T + 2000 })
    assert.equal(n.tick(T), false, '20:00 is not the digest hour')
    // 21:45, after the BTC close at 21:30.
    assert.equal(n.tick(T + 105 * 60_000), true)
    assert.equal(n.tick(T + 110 * 60_000), false, 'once a day')
    await n.flush()
    assert.equal(r.got.length, 1)
    const d = r.got[0].body
    assert.equal(d.kind, 'digest')
    // Records: ETH −5 (0.5 × (90 − 100)), BTC +494. Win rate 1/2; the drawdown is the ETH loss,
    // 5 of equity 10,000. Open: 0.5 ETH at 100 and 4 SOL at 25 = 150.
    assert.deepEqual(d.fields, {
      instance: 'bot-1:8000',
      date: '2026-12-02',
      pnl: '+489',
      closed_trades: 2,
      win_rate: '50%',
      max_drawdown: 5,
      max_drawdown_pct: '0.05%',
      open_exposure: 150,
      open_positions: 2
    })
    assert.match(d.text, /^📊 Daily digest 2026-12-02 on bot-1:8000\nP&L \+489 over 2 closed trades, win rate 50%\nMax drawdown 5 \(0\.05%\)\nOpen exposure 150 in 2 positions$/)
    assert.equal(n.tick(T + 25 * 3_600_000), true, 'the next day')
    n.close()
    logger.close()
  } finally {
    await r.close()
  }
})

test('config: formats, chat id, digest hour, environment, clear errors', () => {
  assert.equal(healthConfigFrom({}).trades, null)
  const c = config({ format: 'telegram', url: 'https://api.telegram.org/botX/sendMessage', chat_id: -1001 })
  assert.deepEqual([c.format, c.chatId, c.minIntervalMs, c.queueSize, c.digestHourUtc], ['telegram', '-1001', 1000, 100, null])
  assert.equal(config({ format: 'discord', url: 'https://d.example/x' }).minIntervalMs, 2000)
  const env = config({}, { TRADE_NOTIFY_URL: 'https://hooks.slack.com/services/x', TRADE_NOTIFY_FORMAT: 'slack', TRADE_NOTIFY_DIGEST_HOUR_UTC: '7' })
  assert.deepEqual([env.format, env.url, env.digestHourUtc], ['slack', 'https://hooks.slack.com/services/x', 7])
  const bad = (trades: Record<string, unknown>, key: string): void => {
    assert.throws(() => healthConfigFrom({ notifications: { trades } }), (e: unknown) => e instanceof ConfigError && e.message.includes(key))
  }
  bad({ format: 'telegram', url: 'https://x.example' }, 'health.notifications.trades.chat_id')
  bad({ format: 'sms', url: 'https://x.example' }, 'health.notifications.trades.format')
  bad({ url: 'https://x.example', digest_hour_utc: 24 }, 'health.notifications.trades.digest_hour_utc')
  bad({ url: 'https://x.example', colour: 'red' }, 'health.notifications.trades.colour')
  bad({ format: 'json' }, 'health.notifications.trades.url')
  bad({ url: 'https://x.example', templates: { filled: 'x' } }, 'health.notifications.trades.templates.filled')
})
