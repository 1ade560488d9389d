import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../src/config.ts'
import { ConfigError, FleetQueryError } from '../../src/core/errors.ts'
import { FleetView } from '../../src/fleet/fleet-view.ts'
import { promQueryClient } from '../../src/fleet/prom-query.ts'
import { healthConfigFrom } from '../../src/health/health-config.ts'
import { HttpDelivery } from '../../src/health/http-delivery.ts'
import { freePort, startService, waitFor } from '../integration/helpers/processes.ts'

// Notification and store URLs carry secrets: Telegram's bot token is in the path, webhooks take
// `?token=`, stores `user:password@`. Configuration errors quoted the URL as given, and a URL
// with user info came back in fetch's own error message. Every message now names such a URL by
// scheme, host and port at most.

const TOKEN = '7012345678:AAHs3cr3tT0kenP4rt'
const SECRETS = [TOKEN, 'AAHs3cr3tT0kenP4rt', 'pa55w0rd', 'qs-t0ken']

function assertNoSecret (text: string): void {
  for (const s of SECRETS) assert.ok(!text.includes(s), `a secret is shown: ${text}`)
}

function configMessage (fn: () => unknown, field: RegExp): string {
  let message = ''
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ConfigError, String(error))
    message = error.message
    return true
  })
  assert.match(message, field)
  assertNoSecret(message)
  return message
}

const NOT_A_URL = `api.telegram.org/bot${TOKEN}/sendMessage`
const NOT_HTTP = `ftp://api.telegram.org/bot${TOKEN}/sendMessage?auth=qs-t0ken`

test('a bad notification URL in the config file is named by its key, its token not shown', () => {
  for (const kind of ['trades', 'webhook', 'alertmanager']) {
    const m1 = configMessage(() => healthConfigFrom({ notifications: { [kind]: { url: NOT_A_URL } } }), new RegExp(`health\\.notifications\\.${kind}\\.url`))
    assert.match(m1, /not one/)
    const m2 = configMessage(() => healthConfigFrom({ notifications: { [kind]: { url: NOT_HTTP } } }), /http or https/)
    assert.match(m2, /ftp:\/\/api\.telegram\.org\/…/)
  }
})

test('a bad URL from a variable is named by key and variable, its token not shown', () => {
  configMessage(() => loadConfig({}, { TRADE_NOTIFY_URL: NOT_A_URL }), /health\.notifications\.trades\.url \(from TRADE_NOTIFY_URL\)/)
  configMessage(() => loadConfig({}, { ALERT_WEBHOOK_URL: NOT_HTTP }), /health\.notifications\.webhook\.url \(from ALERT_WEBHOOK_URL\)/)
  configMessage(() => loadConfig({}, { REMOTE_WRITE_URL: 'vm.example:pa55w0rd@8428/api/v1/write' }), /remote_write\.url \(from REMOTE_WRITE_URL\)/)
  configMessage(() => loadConfig({}, { FLEET_QUERY_URL: 'ftp://u:pa55w0rd@vm.example/' }), /fleet\.query_url \(from FLEET_QUERY_URL\)/)
})

test('a token or URL the schema refuses is described, not quoted', () => {
  const m = configMessage(() => loadConfig({}, { REMOTE_WRITE_URL: 'http://vm.example/write', REMOTE_WRITE_BEARER: 'pa55w0rd\nqs-t0ken' }),
    /remote_write\.bearer_token \(from REMOTE_WRITE_BEARER\): must be one line of text, got a value not shown/)
  assert.ok(!m.includes('\n'))
  const dir = mkdtempSync(join(tmpdir(), 'bm-secret-'))
  try {
    const file = join(dir, 'c.yaml')
    // YAML reads an unquoted all-digit token as a number: the schema refuses it, and must not quote it.
    writeFileSync(file, 'health:\n  notifications:\n    webhook:\n      url: https://hooks.example/x\n      headers:\n        Authorization: 70123456789\n')
    const headers = configMessage(() => loadConfig({ config: file }, {}), /health\.notifications\.webhook\.headers\.Authorization .*must be a non-empty text, got a value not shown/)
    assert.ok(!headers.includes('70123456789'), headers)
    writeFileSync(file, 'remote_write:\n  url: 70123456789\n')
    const url = configMessage(() => loadConfig({ config: file }, {}), /remote_write\.url .*got a value not shown/)
    assert.ok(!url.includes('70123456789'), url)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the service\'s start-up error line does not show the token', { timeout: 30_000 }, () => {
  const cli = new URL('../../src/cli.ts', import.meta.url).pathname
  const r = spawnSync(process.execPath, [cli, 'serve', '--port', '0', '--no-persist'], {
    encoding: 'utf8', timeout: 20_000, env: { ...process.env, TRADE_NOTIFY_URL: NOT_A_URL }
  })
  assert.equal(r.status, 1, r.stderr)
  assert.match(r.stderr, /^breakout-metrics: config health\.notifications\.trades\.url \(from TRADE_NOTIFY_URL\): /m)
  assertNoSecret(r.stdout + r.stderr)
})

test('a delivery to a URL with user info fails without quoting it, in the log and the counters', async () => {
  const warnings: string[] = []
  const port = await freePort()
  const url = `http://bot:pa55w0rd@127.0.0.1:${port}/bot${TOKEN}/sendMessage`
  const delivery = new HttpDelivery({ url, timeoutMs: 2000, retries: 0, backoffMs: 10, maxBackoffMs: 10, queueSize: 10, headers: {} }, url, (m) => warnings.push(m))
  delivery.post({})
  await delivery.flush()
  delivery.close()
  assert.equal(delivery.stats().failed, 1)
  assert.equal(warnings.length, 1)
  assert.match(warnings[0], new RegExp(`^notification to http://127\\.0\\.0\\.1:${port}/… failed`))
  assertNoSecret(warnings[0])
  assertNoSecret(delivery.stats().last_error ?? '')
})

test('the fleet view names its store without credentials, in errors and in its JSON', async () => {
  const port = await freePort()
  const url = `http://reader:pa55w0rd@127.0.0.1:${port}/select/0/prometheus?auth=qs-t0ken`
  await assert.rejects(promQueryClient(url).query('up', Date.now()), (error: unknown) => {
    assert.ok(error instanceof FleetQueryError, String(error))
    assert.equal(error.url, `http://127.0.0.1:${port}/…`)
    assertNoSecret(error.message)
    return true
  })
  const view = new FleetView({ store: promQueryClient(url), alertmanagerUrl: `http://am:pa55w0rd@127.0.0.1:${port}`, refreshMs: 5000, now: () => 0 })
  const snapshot = await view.get()
  assert.equal(snapshot.store.ok, false)
  assertNoSecret(JSON.stringify(snapshot))
})

test('the service logs a failing remote write without the store\'s credentials or token', { timeout: 30_000 }, async () => {
  const port = await freePort()
  const service = await startService('serve', ['--no-persist'], {
    REMOTE_WRITE_URL: `http://vm:pa55w0rd@127.0.0.1:${port}/api/v1/write?auth=qs-t0ken`,
    REMOTE_WRITE_INTERVAL_MS: '100'
  })
  try {
    await waitFor('the remote write failure in the log', async () => service.output().includes('remote write to') ? true : undefined, 20_000, 50)
    assert.match(service.output(), new RegExp(`remote write to http://127\\.0\\.0\\.1:${port}/… failed`))
    assertNoSecret(service.output())
  } finally {
    await service.stop()
  }
})
