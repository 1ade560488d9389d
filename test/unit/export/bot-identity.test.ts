import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigError } from '../../../src/core/errors.ts'
import { addConstantLabels, botIdentityFrom, botLabelPairs, parseBotLabels } from '../../../src/export/bot-identity.ts'
import { Exposition } from '../../../src/export/exposition.ts'
import { parseExposition } from '../../../src/export/exposition-samples.ts'
import { ExpositionFormat } from '../../../src/export/text-format.ts'
import { MetricsLogger } from '../../../src/logger/metrics-logger.ts'
import { loadConfig } from '../../../src/config.ts'
import { makeApp } from '../http/helpers.ts'

test('BOT_LABELS parse into Prometheus labels in the order given', () => {
  assert.deepEqual(parseBotLabels('strategy=breakout, exchange=binance ,account=main'), { strategy: 'breakout', exchange: 'binance', account: 'main' })
  assert.deepEqual(parseBotLabels(''), {})
})

test('BOT_LABELS refuse bad names, reserved names, duplicates and empty values, naming the label', () => {
  for (const [raw, word] of [['1x=a', '1x'], ['a-b=c', 'a-b'], ['__x=y', '__x'], ['bot=x', 'reserved'], ['job=x', 'reserved'],
    ['instance=x', 'reserved'], ['a=1,a=2', 'twice'], ['a=', 'empty'], ['novalue', 'name=value'], ['a=x\ty', 'control']]) {
    assert.throws(() => parseBotLabels(raw), (e: unknown) => e instanceof ConfigError && e.message.includes(word) && e.message.includes('BOT_LABELS'), raw)
  }
  assert.throws(() => parseBotLabels(Array.from({ length: 17 }, (_, i) => `l${i}=v`).join(',')), /at most 16/)
  assert.throws(() => parseBotLabels('a=' + 'x'.repeat(257)), /longer than 256/)
})

test('the identity defaults to host:port and takes BOT_URL as bot_url', () => {
  assert.deepEqual(botIdentityFrom({}, 'h:8000'), { id: 'h:8000', labels: {} })
  const id = botIdentityFrom({ id: 'bot-7', labels: 'strategy=breakout', url: 'http://10.0.0.7:8000/' }, 'h:1')
  assert.deepEqual(botLabelPairs(id), [['bot', 'bot-7'], ['strategy', 'breakout'], ['bot_url', 'http://10.0.0.7:8000/']])
  assert.throws(() => botIdentityFrom({ url: 'ftp://x' }, 'h:1'), /BOT_URL/)
  assert.throws(() => botIdentityFrom({ url: 'http://a', labels: 'bot_url=http://b' }, 'h:1'), /twice|too/)
})

test('loadConfig reads BOT_ID, --bot-id (which wins), BOT_LABELS, FLEET_QUERY_URL and FLEET_STALE_AFTER_MS', () => {
  const c = loadConfig({ 'bot-id': 'flagged', port: '9100' }, { BOT_ID: 'env', BOT_LABELS: 'exchange=binance', FLEET_QUERY_URL: 'http://vm:8428/' })
  assert.deepEqual(c.bot, { id: 'flagged', labels: { exchange: 'binance' } })
  assert.equal(c.fleetQueryUrl, 'http://vm:8428')
  assert.equal(c.fleetStaleAfterMs, 60_000)
  assert.equal(loadConfig({ 'stale-after-ms': '15000' }, {}).fleetStaleAfterMs, 15_000)
  assert.equal(loadConfig({}, { FLEET_STALE_AFTER_MS: '20000' }).fleetStaleAfterMs, 20_000)
  assert.throws(() => loadConfig({}, { FLEET_STALE_AFTER_MS: '10' }), /fleet\.stale_after_ms/)
  assert.match(loadConfig({ port: '9100' }, {}).bot.id, /:9100$/)
  assert.throws(() => loadConfig({}, { BOT_LABELS: 'bad name=x' }), /config bot\.labels \(from BOT_LABELS\)/)
  assert.throws(() => loadConfig({}, { FLEET_QUERY_URL: 'vm:8428' }), /config fleet\.query_url \(from FLEET_QUERY_URL\)/)
})

test('constant labels go first on every sample line; a clashing own label becomes exported_', () => {
  const text = '# HELP a A.\n# TYPE a gauge\na 1\nb{x="1"} 2\nc{} 3\nd{bot="own",y="q\\"z"} 4 1700000000000\n'
  const out = addConstantLabels(text, [['bot', 'b-1'], ['strategy', 'br"k']])
  assert.equal(out, '# HELP a A.\n# TYPE a gauge\na{bot="b-1",strategy="br\\"k"} 1\nb{bot="b-1",strategy="br\\"k",x="1"} 2\n' +
    'c{bot="b-1",strategy="br\\"k"} 3\nd{bot="b-1",strategy="br\\"k",exported_bot="own",y="q\\"z"} 4 1700000000000\n')
})

test('every series of the exposition, in both formats, carries the bot labels', async () => {
  const logger = new MetricsLogger({ sampler: false, clock: 'system' })
  try {
    logger.logEngineCycle(0.01, 'scanning', 1, 0, 0)
    logger.logMetric('spread_bps', 1.5, { symbol: 'BTCUSDT' })
    logger.logLatency('order_execution', 0.003)
    const exposition = new Exposition(logger, { constantLabels: [['bot', 'alpha'], ['exchange', 'binance']] })
    for (const format of [ExpositionFormat.prometheus, ExpositionFormat.openmetrics]) {
      const { samples, skipped } = parseExposition((await exposition.render(format)).replace('# EOF\n', ''), 1)
      assert.equal(skipped, 0)
      assert.ok(samples.length > 50)
      for (const s of samples) {
        assert.equal(s.labels.bot, 'alpha', s.labels.__name__)
        assert.equal(s.labels.exchange, 'binance')
      }
      assert.ok(samples.some((s) => s.labels.__name__ === 'nodejs_heap_size_total_bytes'))
    }
  } finally {
    logger.close()
  }
})

test('an exposition without constant labels is unchanged', async () => {
  const logger = new MetricsLogger({ sampler: false, clock: 'system' })
  logger.logMetric('x', 1)
  const plain = await new Exposition({ store: logger.store }, { defaultMetrics: false }).render()
  assert.equal(plain, await new Exposition({ store: logger.store }, { defaultMetrics: false, constantLabels: [] }).render())
  assert.match(plain, /^x 1$/m)
  logger.close()
})

test('GET /summary names the bot; without one, bot is null', async () => {
  const bot = botIdentityFrom({ id: 'bot-3', labels: 'strategy=breakout' }, 'h:1')
  const { app } = await makeApp({}, { bot })
  const { app: anonymous } = await makeApp()
  try {
    const res = await app.inject('/api/metrics/summary')
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json().bot, { id: 'bot-3', labels: { strategy: 'breakout' } })
    assert.equal((await anonymous.inject('/api/metrics/summary')).json().bot, null)
  } finally {
    await app.close()
    await anonymous.close()
  }
})
