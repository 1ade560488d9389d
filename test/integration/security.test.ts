import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { connect } from 'node:net'
import { join } from 'node:path'
import { freePort, getJson, start, startService, START_TIMEOUT_MS, tempDir, waitFor } from './helpers/processes.ts'

const READ_KEY = 'it-read-key-0123456789abcdef'
const ADMIN_KEY = 'it-admin-key-0123456789abcde'
const cli = new URL('../../src/cli.ts', import.meta.url).pathname

test('the service refuses a non-loopback address without keys, and says how to fix it', { timeout: 30_000 }, async () => {
  // Refused before it listens: no socket is opened on 0.0.0.0.
  const port = await freePort()
  const p = start(process.execPath, [cli, 'serve', '--host', '0.0.0.0', '--port', String(port), '--no-persist'])
  await waitFor('the process to exit', async () => p.child.exitCode !== null ? true : undefined)
  assert.equal(p.child.exitCode, 1)
  assert.match(p.output(), /refusing to listen on 0\.0\.0\.0 without API keys.*METRICS_API_KEYS.*--insecure/s)
})

interface HttpsAnswer { status: number, headers: Record<string, string | string[] | undefined>, body: string }

async function httpsGet (url: string, ca: Buffer, headers: Record<string, string> = {}): Promise<HttpsAnswer> {
  return await new Promise((resolve, reject) => {
    const req = request(url, { ca, headers, timeout: 5000 }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => { body += c })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

test('TLS and keys on a real process: 401 without a key, 200 with, HSTS, audit lines without the key', { timeout: 60_000 }, async () => {
  const dir = tempDir('tls')
  const cert = join(dir.path, 'cert.pem')
  const key = join(dir.path, 'key.pem')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' })
  const ca = readFileSync(cert)
  const port = await freePort()
  const service = start(process.execPath, [cli, 'serve', '--port', String(port), '--no-persist', '--data-dir', dir.path, '--log-level', 'warn',
    '--tls-cert', cert, '--tls-key', key], { METRICS_API_KEYS: `read:${READ_KEY},admin:${ADMIN_KEY}` })
  const base = `https://127.0.0.1:${port}`
  try {
    const anonymous = await waitFor('the service to answer over TLS', async () => {
      if (service.child.exitCode !== null) throw new Error(service.output())
      return await httpsGet(`${base}/api/metrics/summary`, ca).catch(() => undefined)
    }, START_TIMEOUT_MS)
    assert.equal(anonymous.status, 401)
    assert.equal(anonymous.headers['www-authenticate'], 'Bearer realm="breakout-metrics"')
    const keyed = await httpsGet(`${base}/api/metrics/summary`, ca, { authorization: `Bearer ${READ_KEY}` })
    assert.equal(keyed.status, 200)
    assert.match(String(keyed.headers['strict-transport-security']), /max-age=15552000/)
    const scrape = await httpsGet(`${base}/api/metrics`, ca, { 'x-api-key': READ_KEY })
    assert.equal(scrape.status, 200)
    assert.match(scrape.body, /# TYPE /)
    assert.equal((await httpsGet(`${base}/api/metrics/summary`, ca, { authorization: 'Bearer it-wrong-key-0123456789abcde' })).status, 401)
    await waitFor('two audit lines', async () => (service.output().match(/"audit":/g) ?? []).length >= 2 ? true : undefined, 10_000)
    for (const k of [READ_KEY, ADMIN_KEY, 'it-wrong-key-0123456789abcde']) assert.ok(!service.output().includes(k), 'a key in the output')
  } finally {
    await service.stop()
    dir.remove()
  }
})

test('a client that never finishes its request is cut off by the request timeout', { timeout: 60_000 }, async () => {
  const dir = tempDir('slow')
  const service = await startService('serve', ['--no-persist', '--data-dir', dir.path], { REQUEST_TIMEOUT_MS: '1000' })
  try {
    const socket = connect(service.port, '127.0.0.1')
    let answer = ''
    socket.setEncoding('utf8')
    socket.on('data', (c: string) => { answer += c })
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()))
    socket.on('error', () => {})
    // Half a header block, then silence.
    socket.write('GET /api/metrics/summary HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ')
    // 1 s timeout, checked every 250 ms: closed well within 15 s, or the test fails by timing out.
    const outcome = await Promise.race([closed.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still open'), 15_000))])
    socket.destroy()
    assert.equal(outcome, 'closed')
    assert.ok(answer === '' || answer.startsWith('HTTP/1.1 408'), answer)
    // The service itself is fine.
    assert.equal((await getJson(`${service.url}/api/metrics/health`)).metrics_count >= 0, true)
  } finally {
    await service.stop()
    dir.remove()
  }
})

test('a real Prometheus scrapes with a read key; a scrape without one is refused', { timeout: 120_000 }, async () => {
  const data = tempDir('keyed-scrape')
  const service = await startService('serve', ['--no-persist', '--data-dir', data.path], { METRICS_API_KEYS: `read:${READ_KEY}` })
  const promPort = await freePort()
  const config = join(data.path, 'prometheus.yml')
  writeFileSync(config, [
    'global:',
    '  scrape_interval: 1s',
    'scrape_configs:',
    '  - job_name: keyed',
    '    metrics_path: /api/metrics',
    '    authorization:',
    `      credentials: ${READ_KEY}`,
    '    static_configs:',
    `      - targets: ['127.0.0.1:${service.port}']`,
    '  - job_name: anonymous',
    '    metrics_path: /api/metrics',
    '    static_configs:',
    `      - targets: ['127.0.0.1:${service.port}']`,
    ''
  ].join('\n'))
  const prometheus = start('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${join(data.path, 'tsdb')}`, `--web.listen-address=127.0.0.1:${promPort}`])
  try {
    const targets = await waitFor('both targets scraped', async () => {
      const body = await getJson(`http://127.0.0.1:${promPort}/api/v1/targets`)
      const all = body.data.activeTargets as Array<{ labels: { job: string }, health: string, lastError: string }>
      return all.length === 2 && all.every((t) => t.health !== 'unknown') ? all : undefined
    }, 60_000, 500)
    const byJob = Object.fromEntries(targets.map((t) => [t.labels.job, t]))
    assert.equal(byJob.keyed.health, 'up', byJob.keyed.lastError)
    assert.equal(byJob.anonymous.health, 'down')
    assert.match(byJob.anonymous.lastError, /401/)
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- service ---\n${service.output()}\n--- prometheus ---\n${prometheus.output().slice(-3000)}`)
  } finally {
    await prometheus.stop()
    await service.stop()
    data.remove()
  }
})
