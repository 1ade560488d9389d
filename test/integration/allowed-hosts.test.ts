import { test } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { freePort, start, startService, waitFor } from './helpers/processes.ts'

const cli = new URL('../../src/cli.ts', import.meta.url).pathname

/** GET with a Host header of our choosing (fetch() sets its own). */
async function getWithHost (url: string, host: string): Promise<{ status: number, body: string }> {
  return await new Promise((resolve, reject) => {
    const req = request(url, { headers: { host }, timeout: 5000 }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => { body += c })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body }) })
    })
    req.once('error', reject)
    req.end()
  })
}

test('ALLOWED_HOSTS on a real service without keys: the listed name is answered, another refused', { timeout: 60_000 }, async () => {
  const service = await startService('serve', ['--no-persist'], { ALLOWED_HOSTS: 'metrics.internal.example,10.20.30.40' })
  try {
    const summary = `${service.url}/api/metrics/summary`
    // As a reverse proxy passing the public name on (nginx `proxy_set_header Host $host`).
    const listed = await getWithHost(summary, `metrics.internal.example:${service.port}`)
    assert.equal(listed.status, 200, listed.body)
    assert.ok('timestamp' in JSON.parse(listed.body))
    assert.equal((await getWithHost(summary, '10.20.30.40')).status, 200)
    assert.equal((await getWithHost(summary, `127.0.0.1:${service.port}`)).status, 200, 'loopback names still answered')
    const other = await getWithHost(summary, 'attacker.example')
    assert.equal(other.status, 403)
    assert.equal(JSON.parse(other.body).error, 'BM_ERR_HOST_NOT_ALLOWED')
    assert.equal((await getWithHost(summary, 'metrics.internal.example.attacker.example')).status, 403)
  } finally {
    await service.stop()
  }
})

test('a bad ALLOWED_HOSTS entry stops the start and names it', { timeout: 30_000 }, async () => {
  const p = start(process.execPath, [cli, 'serve', '--port', String(await freePort()), '--no-persist'], { ALLOWED_HOSTS: 'https://metrics.example' })
  await waitFor('the process to exit', async () => p.child.exitCode !== null ? true : undefined)
  assert.equal(p.child.exitCode, 1)
  assert.match(p.output(), /config allowed_hosts \(from ALLOWED_HOSTS\): "https:\/\/metrics.example" is not a host name/)
})
