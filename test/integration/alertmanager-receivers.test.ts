import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { eventually, freePort, runTool, startProcess, startWebhookSink, tempDir } from './helpers/index.ts'
import { MONITORING_DIR } from './helpers/monitoring-files.ts'

// The example receivers of monitoring/alertmanager/: amtool accepts each,
// routes by severity, renders the templates, and a real Alertmanager posts
// each platform's payload to a local receiver.
const AM_DIR = join(MONITORING_DIR, 'alertmanager')
const PLATFORMS = ['telegram', 'discord', 'slack'] as const
const config = (p: string): string => join(AM_DIR, 'receivers', `${p}.yml`)

const alert = (status: string, severity: string, extra: Record<string, string> = {}): object => ({
  status,
  labels: { alertname: 'BreakoutDrawdown', severity, instance: 'bot-1:8000', job: 'breakout-bot-api' },
  annotations: { summary: 'Drawdown 12% > 10%', description: 'equity < peak & falling', runbook_url: 'https://example.org/runbook#dd', ...extra },
  startsAt: '2026-12-02T10:00:00Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus:9090/graph',
  fingerprint: 'abc'
})
const DATA = {
  receiver: 'x',
  status: 'firing',
  alerts: [alert('firing', 'critical')],
  groupLabels: { alertname: 'BreakoutDrawdown' },
  commonLabels: { alertname: 'BreakoutDrawdown', severity: 'critical', instance: 'bot-1:8000', job: 'breakout-bot-api' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093'
}

test('amtool check-config accepts every example receiver with its template', async () => {
  for (const p of PLATFORMS) {
    const result = await runTool('amtool', ['check-config', config(p)])
    assert.equal(result.code, 0, result.stdout + result.stderr)
    assert.match(result.stdout, /2 receivers/)
    assert.match(result.stdout, /1 templates/)
    assert.match(result.stdout, /SUCCESS/)
  }
})

test('each example routes critical and warning alerts to their own receiver', async () => {
  for (const p of PLATFORMS) {
    const route = async (...labels: string[]): Promise<string> => {
      const result = await runTool('amtool', ['config', 'routes', 'test', `--config.file=${config(p)}`, ...labels])
      assert.equal(result.code, 0, result.stderr)
      return result.stdout.trim()
    }
    assert.equal(await route('alertname=BreakoutDrawdown', 'severity=critical'), `${p}-critical`)
    assert.equal(await route('alertname=BreakoutDrawdown', 'severity=warning'), `${p}-warning`)
    assert.equal(await route('alertname=Other'), `${p}-warning`)
  }
})

test('amtool template render: each platform\'s message, escaped for its markup', async () => {
  const dir = await tempDir('am-templates')
  try {
    const data = join(dir.path, 'data.json')
    await writeFile(data, JSON.stringify(DATA))
    const render = async (text: string): Promise<string> => {
      const result = await runTool('amtool', ['template', 'render', `--template.glob=${join(AM_DIR, 'templates', '*.tmpl')}`, `--template.data=${data}`, `--template.text=${text}`])
      assert.equal(result.code, 0, result.stderr)
      return result.stdout
    }
    const telegram = await render('{{ template "breakout.telegram.message" . }}')
    assert.match(telegram, /^<b>\[FIRING:1\] BreakoutDrawdown<\/b>/)
    assert.match(telegram, /🔴 <b>BreakoutDrawdown<\/b> \(critical\) on <code>bot-1:8000<\/code>/)
    // HTML parse mode: a raw "<" or "&" would make Telegram refuse the message.
    assert.match(telegram, /Drawdown 12% &gt; 10%/)
    assert.match(telegram, /<i>equity &lt; peak &amp; falling<\/i>/)
    assert.match(telegram, /<a href="https:\/\/example.org\/runbook#dd">runbook<\/a>/)

    assert.equal((await render('{{ template "breakout.discord.title" . }}')).trim(), '[FIRING:1] BreakoutDrawdown (critical)')
    const discord = await render('{{ template "breakout.discord.message" . }}')
    assert.match(discord, /\*\*BreakoutDrawdown\*\* on `bot-1:8000`/)
    assert.match(discord, /\[runbook\]\(https:\/\/example.org\/runbook#dd\)/)

    assert.equal((await render('{{ template "breakout.slack.color" . }}')).trim(), 'danger')
    const slack = await render('{{ template "breakout.slack.text" . }}')
    assert.match(slack, /:red_circle: \*BreakoutDrawdown\* on `bot-1:8000`/)
    assert.match(slack, />equity &lt; peak &amp; falling/)
    assert.match(slack, /<https:\/\/example.org\/runbook#dd\|runbook>/)

    await writeFile(data, JSON.stringify({ ...DATA, status: 'resolved', alerts: [alert('resolved', 'warning')], commonLabels: { ...DATA.commonLabels, severity: 'warning' } }))
    assert.equal((await render('{{ template "breakout.slack.color" . }}')).trim(), 'good')
    assert.match(await render('{{ template "breakout.telegram.message" . }}'), /^<b>\[RESOLVED\] BreakoutDrawdown<\/b>\n✅/)
  } finally {
    await dir.remove()
  }
})

test('a real Alertmanager posts each platform\'s payload with the required fields', async () => {
  const sink = await startWebhookSink()
  const dir = await tempDir('am-receivers')
  try {
    for (const p of PLATFORMS) {
      const work = join(dir.path, p)
      await mkdir(join(work, 'receivers'), { recursive: true })
      await mkdir(join(work, 'templates'), { recursive: true })
      await writeFile(join(work, 'templates', `${p}.tmpl`), await readFile(join(AM_DIR, 'templates', `${p}.tmpl`)))
      // The receivers' endpoints become the local sink; the critical route waits 1 s, not 10.
      const text = (await readFile(config(p), 'utf8')).replace('group_wait: 10s', 'group_wait: 1s')
        .replaceAll('https://discord.com/api/webhooks/000000000000000000/', `${sink.url}/discord/`)
        .replaceAll('https://hooks.slack.com/services/', `${sink.url}/slack/`)
        .replaceAll('bot_token:', `api_url: '${sink.url}/telegram'\n        bot_token:`)
      await writeFile(join(work, 'receivers', `${p}.yml`), text)
      const port = await freePort()
      const base = `http://127.0.0.1:${port}`
      const am = await startProcess('prometheus-alertmanager', [
        `--config.file=${join(work, 'receivers', `${p}.yml`)}`,
        `--storage.path=${join(work, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address='
      ], { readyUrl: `${base}/-/ready` })
      try {
        const body = [{ labels: { alertname: 'BreakoutDrawdown', severity: 'critical', instance: 'bot-1:8000', job: 'breakout-bot-api' }, annotations: { summary: 'Drawdown 12% > 10%' } }]
        const res = await fetch(`${base}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        assert.equal(res.status, 200, await res.text())
        const hit = await eventually(async () => sink.requests.find((r) => r.path.startsWith(`/${p}/`)), 30_000, `${p} notification`)
        const payload = JSON.parse(hit.body.toString()) as Record<string, any>
        if (p === 'telegram') {
          assert.equal(hit.path, '/telegram/bot123456789:REPLACE-ME/sendMessage')
          assert.equal(String(payload.chat_id), '-1001111111111')
          assert.equal(payload.parse_mode, 'HTML')
          assert.match(payload.text, /<b>\[FIRING:1\] BreakoutDrawdown<\/b>/)
          assert.match(payload.text, /Drawdown 12% &gt; 10%/)
        } else if (p === 'discord') {
          assert.equal(hit.path, '/discord/REPLACE-ME-critical')
          assert.equal(payload.embeds[0].title, '[FIRING:1] BreakoutDrawdown (critical)')
          assert.match(payload.embeds[0].description, /\*\*BreakoutDrawdown\*\* on `bot-1:8000`/)
        } else {
          assert.equal(payload.channel, '#trading-critical')
          assert.equal(payload.attachments[0].color, 'danger')
          assert.match(payload.attachments[0].text, /Drawdown 12% &gt; 10%/)
        }
      } finally {
        await am.stop()
      }
    }
  } finally {
    await sink.close()
    await dir.remove()
  }
})
