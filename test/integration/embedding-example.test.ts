import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { eventually, freePort, START_TIMEOUT_MS, startProcess, tempDir } from './helpers/index.ts'
import type { Started } from './helpers/index.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const KEYS = { read: 'embed-read-key-0123456789', admin: 'embed-admin-key-012345678' }

/** The README's "Embedding the API in your bot's Fastify app" example, as printed. */
function readmeExample (): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf("### Embedding the API in your bot's Fastify app"))
  const m = /```ts\n([\s\S]*?)```/.exec(section)
  assert.ok(m !== null, 'the README has the embedding example')
  return m[1]
}

/**
 * Runs the example as a program of its own: the package's entries point at
 * this checkout's sources, and it listens on a free loopback port instead of 3000.
 */
async function runExample (dir: string, env: NodeJS.ProcessEnv): Promise<{ base: string, process: Started }> {
  const port = await freePort()
  const source = readmeExample()
  for (const needed of ["from 'fastify'", "from 'breakout-metrics'", "from 'breakout-metrics/http'", '{ port: 3000 }']) assert.ok(source.includes(needed), needed)
  const program = source
    .replace("from 'fastify'", `from '${pathToFileURL(join(ROOT, 'node_modules/fastify/fastify.js')).href}'`)
    .replace("from 'breakout-metrics'", `from '${pathToFileURL(join(ROOT, 'src/index.ts')).href}'`)
    .replace("from 'breakout-metrics/http'", `from '${pathToFileURL(join(ROOT, 'src/http/index.ts')).href}'`)
    .replace('{ port: 3000 }', `{ port: ${port}, host: '127.0.0.1' }`)
  const file = join(dir, `example-${port}.ts`)
  writeFileSync(file, program)
  const started = await startProcess(process.execPath, [file], { env: { PATH: process.env.PATH, ...env } })
  const base = `http://127.0.0.1:${port}/api/metrics`
  await eventually(async () => {
    if (started.child.exitCode !== null) throw new Error(`the example exited:\n${started.output()}`)
    return started.output().includes('Server listening at') ? true : undefined
  }, START_TIMEOUT_MS, 'the example listens')
  return { base, process: started }
}

async function statusWithHost (url: string, host: string): Promise<number> {
  return await new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume()
      res.once('end', () => { resolve(res.statusCode ?? 0) })
    })
    req.once('error', reject)
    req.end()
  })
}

const post = async (url: string, headers: Record<string, string> = {}): Promise<Response> =>
  await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '[]' })

test('the README embedding example, with keys: reads need a key, /clear needs the admin key', async () => {
  const dir = await tempDir('embed')
  const { base, process: example } = await runExample(dir.path, { METRICS_API_KEYS: `read:${KEYS.read},admin:${KEYS.admin}` })
  try {
    assert.equal((await fetch(`${base}/summary`)).status, 401)
    assert.equal((await fetch(base)).status, 401, 'the scrape too')
    assert.equal((await fetch(`${base}/summary`, { headers: { authorization: `Bearer ${KEYS.read}` } })).status, 200)
    assert.equal((await post(`${base}/clear`)).status, 401)
    assert.equal((await post(`${base}/clear`, { 'x-api-key': KEYS.read })).status, 403)
    const cleared = await post(`${base}/clear`, { 'x-api-key': KEYS.admin })
    assert.equal(cleared.status, 200)
    assert.ok('cleared' in (await cleared.json() as object))
    // The audit lines reach the app's own log, with key ids and never keys.
    const audit = await eventually(async () => {
      const lines = example.output().split('\n').filter((l) => l.includes('"audit"'))
      return lines.length >= 5 ? lines : undefined
    }, 5000, 'audit lines')
    assert.ok(audit.some((l) => l.includes('"admin_action"')))
    assert.ok(!example.output().includes(KEYS.admin) && !example.output().includes(KEYS.read))
  } finally {
    await example.stop()
    await dir.remove()
  }
})

test('the README embedding example, without keys: /clear refused, reads only for loopback Host names', async () => {
  const dir = await tempDir('embed')
  const { base, process: example } = await runExample(dir.path, {})
  try {
    assert.equal((await fetch(`${base}/summary`)).status, 200)
    const clear = await post(`${base}/clear`)
    assert.equal(clear.status, 403)
    assert.equal((await clear.json() as { error: string }).error, 'BM_ERR_NO_ADMIN_KEY')
    // fetch() will not send a Host of our choosing: a plain request does.
    assert.equal(await statusWithHost(`${base}/summary`, 'attacker.example'), 403)
    assert.equal(await statusWithHost(`${base}/summary`, 'localhost'), 200)
  } finally {
    await example.stop()
    await dir.remove()
  }
})
