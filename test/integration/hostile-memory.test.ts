import { test } from 'node:test'
import assert from 'node:assert/strict'
import { hostileRound } from './helpers/hostile-http.ts'
import { connectInspector, inspectorUrl, rssBytes } from './helpers/inspector.ts'
import { freePort, getJson, start, START_TIMEOUT_MS, waitFor } from './helpers/processes.ts'
import { KEYS } from '../unit/http/security-helpers.ts'
import { MALLOC_SETTINGS, nodeArgsToAdd } from '../../src/malloc-tuning.ts'

const cli = new URL('../../src/cli.ts', import.meta.url).pathname
const ROUNDS = 5
const REQUESTS = 1200
const MiB = 2 ** 20

interface Cardinality { series_total: number, metrics_total: number, metrics: Array<{ name: string }> }

/** Requests that must all be refused: bad names, huge label sets, deep JSON, overflowing numbers, bad keys. */
async function refusedOnly (url: string): Promise<number[]> {
  const write = { authorization: `Bearer ${KEYS.write}`, 'content-type': 'application/json' }
  const tags: Record<string, string> = {}
  for (let i = 0; i < 300; i++) tags[`label_${i}`] = 'v'.repeat(300)
  const bodies = [
    JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ type: 'metric', name: `bad name ${i}!`, value: 1 }))),
    JSON.stringify([{ type: 'metric', name: 'huge_labels', value: 1, tags }]),
    '['.repeat(10_000) + ']'.repeat(10_000),
    '[{"type":"metric","name":"overflowing","value":1e999}]',
    JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ type: 'metric', name: 'h'.repeat(300) + String(i), value: 1 })))
  ]
  const statuses: number[] = []
  for (const body of bodies) {
    const res = await fetch(`${url}/api/metrics/events`, { method: 'POST', headers: write, body })
    await res.arrayBuffer()
    statuses.push(res.status)
  }
  for (const key of ['wrong-key-0123456789abcdef', KEYS.read]) {
    const res = await fetch(`${url}/api/metrics/events`, { method: 'POST', headers: { ...write, authorization: `Bearer ${key}` }, body: '[{"type":"metric","name":"by_a_bad_key","value":1}]' })
    await res.arrayBuffer()
    statuses.push(res.status)
  }
  return statuses
}

test(`${ROUNDS} rounds of ${REQUESTS} hostile requests to a real process: RSS after a full GC stays flat, refused input adds no series`, { timeout: 300_000 }, async (t) => {
  const port = await freePort()
  // The inspector lets the test run a full GC in the service; the product has no hook for it.
  // Budgets high enough never to refuse, so that every request reaches its route and the limiter still keeps its state.
  const budgets = 'read=1000000/1m,scrape=1000000/1m,ingest=1000000/1m,admin=1000000/1m'
  // The read cache fills up to its byte budget by design (bounded, unit-tested): a 1 MiB budget
  // keeps it in the path of every read while leaving the comparison to what has no bound.
  // Under --inspect the CLI does not re-execute itself to tune its memory (src/malloc-tuning.ts): the variables and the semi-space cap are set here as the CLI would.
  const service = start(process.execPath, ['--inspect=127.0.0.1:0', ...nodeArgsToAdd([], process.env), cli, 'serve', '--no-persist', '--port', String(port), '--log-level', 'warn',
    '--rate-limits', budgets, '--read-cache-mb', '1'], { METRICS_API_KEYS: `read:${KEYS.read},write:${KEYS.write},admin:${KEYS.admin}`, ...MALLOC_SETTINGS })
  t.after(async () => { await service.stop() })
  const url = `http://127.0.0.1:${port}`
  const read = { authorization: `Bearer ${KEYS.read}` }
  await waitFor('the service to answer', async () => {
    if (service.child.exitCode !== null) throw new Error(service.output())
    const res = await fetch(`${url}/api/metrics/summary`, { headers: read }).catch(() => null)
    return res?.status === 200 ? true : undefined
  }, START_TIMEOUT_MS)
  const inspector = await connectInspector(inspectorUrl(service.output()) ?? assert.fail(`no inspector URL in ${service.output()}`))
  t.after(() => { inspector.close() })
  const pid = service.child.pid ?? assert.fail('no pid')
  const rssAfterGc = async (): Promise<number> => {
    await inspector.collectGarbage()
    return rssBytes(pid)
  }

  // Refused input leaves the store as it was. The system sampler adds its last series (the
  // event-loop delay, once the delay monitor has ticked) at a later sample than the others: wait
  // for it, so that nothing but the refused input could change the store between the two reads.
  const before = await waitFor('the system sampler\'s series', async () => {
    const c = await getJson<Cardinality>(`${url}/api/metrics/cardinality`, read)
    return c.metrics.some((m) => m.name === 'system_event_loop_lag_p99_ms') ? c : undefined
  }, START_TIMEOUT_MS, 250)
  const refused = await refusedOnly(url)
  assert.ok(refused.every((s) => s >= 400 && s < 500), `statuses ${refused.join(', ')}`)
  assert.deepEqual(await getJson<Cardinality>(`${url}/api/metrics/cardinality`, read), before)

  // One round first, not measured: it brings the bounded state (JIT code, the store up to its
  // label-set limits, the per-series render cache, V8's heap size) to its steady size, so that the
  // measured rounds show only what has no bound.
  await hostileRound(url, 20_261_000, REQUESTS)
  const rss: number[] = []
  for (let round = 1; round <= ROUNDS; round++) {
    const r = await hostileRound(url, 20_261_000 + round, REQUESTS)
    const peak = rssBytes(pid)
    rss.push(await rssAfterGc())
    t.diagnostic(`round ${round}: RSS ${(peak / MiB).toFixed(1)} MiB before GC, ${(rss[round - 1] / MiB).toFixed(1)} MiB after; ${JSON.stringify(r)}`)
  }
  const grown = (rss[ROUNDS - 1] - rss[0]) / MiB
  assert.ok(grown < 20, `RSS after a GC grew by ${grown.toFixed(1)} MiB from round 1 to round ${ROUNDS}`)

  // After the rounds (the store now at its limits for some names), refused input still adds nothing.
  const after = await getJson<Cardinality>(`${url}/api/metrics/cardinality`, read)
  await refusedOnly(url)
  assert.deepEqual(await getJson<Cardinality>(`${url}/api/metrics/cardinality`, read), after)
})
