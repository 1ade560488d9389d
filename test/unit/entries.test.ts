import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const PROBE = fileURLToPath(new URL('../../scripts/import-probe.ts', import.meta.url))

/** What a fresh process loads when it imports `file`: module URLs, from a resolution hook. */
function loadedBy (file: string): string[] {
  const out = execFileSync(process.execPath, [PROBE, `${ROOT}${file}`, '--modules'], { cwd: ROOT, encoding: 'utf8' })
  return (JSON.parse(out) as { modules: string[] }).modules
}

/** The npm package a module URL belongs to (`@scope/name` or `name`), or null. */
function packageOf (url: string): string | null {
  const at = url.lastIndexOf('/node_modules/')
  if (at < 0) return null
  const parts = url.slice(at + '/node_modules/'.length).split('/')
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]
}

/** The file of ours (path under src/) a module URL is, or null. */
function ourFile (url: string): string | null {
  const prefix = new URL('src/', `file://${ROOT}`).href
  return url.startsWith(prefix) ? url.slice(prefix.length) : null
}

const SERVER_PACKAGES = (name: string): boolean =>
  name === 'fastify' || name.startsWith('fastify-') || name.startsWith('@fastify/') ||
  name === 'helmet' || name === 'typebox' || name === 'yaml'
/** prom-client is the benchmarks' peer only: the exposition's process families are our own. */
const NOT_IN_LIBRARY = (name: string): boolean => SERVER_PACKAGES(name) || name === 'prom-client'

test('the library entry loads no Fastify, helmet, TypeBox, YAML, prom-client or SQLite, and none of http/, persist/, demo/', () => {
  const loaded = loadedBy('src/index.ts')
  const packages = [...new Set(loaded.map(packageOf).filter((p) => p !== null))]
  assert.deepEqual(packages.filter(NOT_IN_LIBRARY), [], 'server packages loaded by the library entry')
  assert.ok(!loaded.includes('node:sqlite'), 'node:sqlite loaded by the library entry')
  assert.ok(!loaded.includes('node:http2'), 'node:http2 loaded by the library entry')
  const ours = loaded.map(ourFile).filter((f) => f !== null)
  assert.ok(ours.includes('logger/metrics-logger.ts'), 'the probe sees the entry\'s own modules')
  assert.deepEqual(ours.filter((f) => /^(http|persist|demo)\/|^(server|config|cli|server-entry)\.ts$/.test(f)), [])
})

test('the persist entry loads SQLite and no Fastify, helmet, TypeBox or YAML', () => {
  const loaded = loadedBy('src/persist/index.ts')
  assert.ok(loaded.includes('node:sqlite'))
  const packages = [...new Set(loaded.map(packageOf).filter((p) => p !== null))]
  assert.deepEqual(packages.filter(SERVER_PACKAGES), [])
  assert.deepEqual(loaded.map(ourFile).filter((f) => f !== null && /^(http|demo)\/|^(server|config|cli)\.ts$/.test(f)), [])
})

test('the http entry loads Fastify but not the database', () => {
  const loaded = loadedBy('src/http/index.ts')
  assert.ok(loaded.some((u) => packageOf(u) === 'fastify'))
  assert.ok(!loaded.includes('node:sqlite'), 'node:sqlite loaded by the http entry')
})

test('package.json exports one entry per use, each with its types, mapped onto the sources', async () => {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
    exports: Record<string, { types: string, default: string } | string>, bin: Record<string, string>
  }
  const sources: Record<string, string> = {
    '.': 'src/index.ts',
    './persist': 'src/persist/index.ts',
    './http': 'src/http/index.ts',
    './server': 'src/server-entry.ts'
  }
  for (const [subpath, source] of Object.entries(sources)) {
    const entry = pkg.exports[subpath]
    assert.equal(typeof entry, 'object', `exports["${subpath}"]`)
    if (typeof entry !== 'object') continue
    // tsc (tsconfig.build.json, rootDir src) writes src/x.ts to dist/x.js and dist/x.d.ts.
    const built = source.replace(/^src\//, './dist/').replace(/\.ts$/, '')
    assert.equal(entry.default, `${built}.js`)
    assert.equal(entry.types, `${built}.d.ts`)
    assert.ok(existsSync(`${ROOT}${source}`), source)
  }
  assert.equal(pkg.bin['breakout-metrics'], './dist/cli.js')

  const library = await import('../../src/index.ts')
  const http = await import('../../src/http/index.ts')
  const persist = await import('../../src/persist/index.ts')
  const server = await import('../../src/server-entry.ts')
  assert.equal(typeof library.MetricsLogger, 'function')
  assert.ok(!('metricsApi' in library) && !('Persistence' in library) && !('startService' in library))
  assert.equal(typeof http.metricsApi, 'function')
  assert.equal(typeof http.buildApp, 'function')
  assert.equal(typeof persist.Persistence, 'function')
  assert.equal(typeof server.startService, 'function')
  assert.equal(typeof server.loadConfig, 'function')
  assert.equal(typeof server.DemoBot, 'function')
})

const BUILT = existsSync(`${ROOT}dist/server-entry.js`)

test('the built package resolves each entry by name', { skip: BUILT ? false : 'dist/ not built (npm run build)' }, () => {
  // A package may import itself by name through its "exports": this is what a bot's import sees.
  const byName = (specifier: string): string[] => {
    const out = execFileSync(process.execPath, [PROBE, specifier, '--modules'], { cwd: ROOT, encoding: 'utf8' })
    return (JSON.parse(out) as { modules: string[] }).modules
  }
  // What each entry loads is checked on the sources above; dist/ may be older than they are.
  assert.ok(byName('breakout-metrics').some((u) => u.endsWith('/dist/index.js')))
  assert.ok(byName('breakout-metrics/persist').some((u) => u.endsWith('/dist/persist/index.js')))
  assert.ok(byName('breakout-metrics/http').some((u) => u.endsWith('/dist/http/index.js')))
  assert.ok(byName('breakout-metrics/server').some((u) => u.endsWith('/dist/server-entry.js')))
})
