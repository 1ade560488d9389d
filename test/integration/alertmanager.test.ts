import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { eventually, freePort, runTool, startProcess, startWebhookSink, tempDir } from './helpers/index.ts'
import { MONITORING_DIR } from './helpers/monitoring-files.ts'

const CONFIG = join(MONITORING_DIR, 'alertmanager.yml')

test('amtool check-config accepts alertmanager.yml', async () => {
  const result = await runTool('amtool', ['check-config', CONFIG])
  assert.equal(result.code, 0, result.stdout + result.stderr)
  assert.match(result.stdout, /SUCCESS/)
  assert.match(result.stdout, /3 inhibit rules/)
})

test('alerts are routed to a receiver by severity', async () => {
  const route = async (...labels: string[]): Promise<string> => {
    const result = await runTool('amtool', ['config', 'routes', 'test', `--config.file=${CONFIG}`, ...labels])
    assert.equal(result.code, 0, result.stderr)
    return result.stdout.trim()
  }
  assert.equal(await route('alertname=BreakoutHighCpu', 'severity=critical'), 'critical-webhook')
  assert.equal(await route('alertname=BreakoutHighCpu', 'severity=warning'), 'warning-webhook')
  assert.equal(await route('alertname=Other'), 'warning-webhook')
})

interface AmAlert {
  labels: Record<string, string>
  status: { state: string, inhibitedBy: string[] }
}

test('a real Alertmanager lets critical inhibit the warning of the same alert and bot', async () => {
  const dir = await tempDir('alertmanager')
  const sink = await startWebhookSink()
  // The receivers' host is the compose service; here it is a local sink. Critical groups wait
  // 1 s instead of 10 before their first notification; routes and inhibit rules are as shipped.
  const shipped = await readFile(CONFIG, 'utf8')
  assert.match(shipped, /group_wait: 10s/)
  const config = shipped.replaceAll('http://alert-webhook:9095', sink.url).replaceAll('group_wait: 10s', 'group_wait: 1s')
  await writeFile(join(dir.path, 'alertmanager.yml'), config)
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const am = await startProcess('prometheus-alertmanager', [
    `--config.file=${join(dir.path, 'alertmanager.yml')}`,
    `--storage.path=${join(dir.path, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address='
  ], { readyUrl: `${base}/-/ready` })
  try {
    const alert = (severity: string, instance: string, alertname = 'BreakoutHighCpu'): object => ({
      labels: { alertname, severity, job: 'breakout-bot-api', instance, source: 'prometheus' },
      annotations: { summary: `${alertname} ${severity}` }
    })
    const res = await fetch(`${base}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        alert('critical', 'bot-1:8000'),
        alert('warning', 'bot-1:8000'),
        // Another bot's warning: not inhibited by bot-1's critical.
        alert('warning', 'bot-2:8000'),
        // Bot-3 is unreachable: its other alerts go quiet.
        alert('critical', 'bot-3:8000', 'BreakoutTargetDown'),
        alert('warning', 'bot-3:8000', 'BreakoutNoTrades')
      ])
    })
    assert.equal(res.status, 200, await res.text())

    const states = await eventually(async () => {
      const list = await (await fetch(`${base}/api/v2/alerts`)).json() as AmAlert[]
      const byKey = new Map(list.map((a) => [`${a.labels.alertname}/${a.labels.instance}/${a.labels.severity}`, a.status.state]))
      // The inhibitor learns the sources asynchronously: wait until it has.
      return byKey.get('BreakoutHighCpu/bot-1:8000/warning') === 'suppressed' &&
        byKey.get('BreakoutNoTrades/bot-3:8000/warning') === 'suppressed'
        ? byKey
        : undefined
    }, 15_000, 'inhibition took effect')
    assert.equal(states.get('BreakoutHighCpu/bot-1:8000/critical'), 'active')
    assert.equal(states.get('BreakoutHighCpu/bot-2:8000/warning'), 'active')
    assert.equal(states.get('BreakoutTargetDown/bot-3:8000/critical'), 'active')

    // The critical groups wait group_wait, then go to the critical receiver.
    const delivered = await eventually(async () => {
      const hit = sink.requests.filter((r) => r.path === '/critical')
      return hit.length >= 2 ? hit : undefined
    }, 30_000, 'critical notifications delivered')
    const alertnames = delivered.flatMap((r) => (JSON.parse(r.body.toString()) as { alerts: AmAlert[] }).alerts)
      .map((a) => `${a.labels.alertname}/${a.labels.instance}`).sort()
    assert.deepEqual(alertnames, ['BreakoutHighCpu/bot-1:8000', 'BreakoutTargetDown/bot-3:8000'])
  } finally {
    await am.stop()
    await sink.close()
    await dir.remove()
  }
})
