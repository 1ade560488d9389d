import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startService, tempDir } from './helpers/processes.ts'

const ADMIN_KEY = 'it-admin-key-0123456789abcde'
const AUTH = { authorization: `Bearer ${ADMIN_KEY}` }
// Keys so that POST /clear is allowed; a snapshot interval no test waits for.
const ENV = { METRICS_API_KEYS: `admin:${ADMIN_KEY}`, SNAPSHOT_INTERVAL_MS: '60000' }

interface AnnotationJson { id: number, time: number, time_end: number | null, text: string, tags: string[] }

async function send (url: string, path: string, body: unknown): Promise<{ status: number, json: any }> {
  const res = await fetch(url + path, {
    method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000)
  })
  return { status: res.status, json: await res.json() }
}

async function annotations (url: string): Promise<AnnotationJson[]> {
  const res = await fetch(`${url}/api/metrics/annotations?since=0`, { headers: AUTH, signal: AbortSignal.timeout(5000) })
  assert.equal(res.status, 200)
  return ((await res.json()) as { annotations: AnnotationJson[] }).annotations
}

test('an annotation the service acknowledged survives SIGKILL', { timeout: 120_000 }, async () => {
  const data = tempDir('annotations')
  try {
    const args = ['--data-dir', data.path]
    const first = await startService('serve', args, ENV)
    let posted: AnnotationJson
    try {
      const res = await send(first.url, '/api/metrics/annotations', { text: 'deployed v2.3', tags: ['deploy'], time: 1_795_600_000_000 })
      assert.equal(res.status, 201)
      posted = res.json
      assert.deepEqual(posted, { id: 1, time: 1_795_600_000_000, time_end: null, text: 'deployed v2.3', tags: ['deploy'] })
    } finally {
      first.child.kill('SIGKILL')
      await first.stop()
    }
    assert.equal(first.child.signalCode, 'SIGKILL')

    const second = await startService('serve', args, ENV)
    try {
      assert.deepEqual(await annotations(second.url), [posted])
      // Ids go on from the restored ones: `compare?around=<id>` never means two annotations.
      assert.equal((await send(second.url, '/api/metrics/annotations', { text: 'deployed v2.4' })).json.id, 2)
    } finally {
      await second.stop()
    }
  } finally {
    data.remove()
  }
})

test('POST /clear across a restart: what it cleared stays cleared, the annotations it keeps stay', { timeout: 120_000 }, async () => {
  const data = tempDir('annotations-clear')
  try {
    const args = ['--data-dir', data.path]
    const first = await startService('serve', args, ENV)
    try {
      assert.equal((await send(first.url, '/api/metrics/annotations', { text: 'deployed v2.3' })).status, 201)
      const items = [
        { type: 'metric', name: 'queue_depth', value: 7 },
        { type: 'trade', event: 'opened', symbol: 'BTCUSDT', side: 'long', quantity: 1, price: 60_000 }
      ]
      assert.deepEqual((await send(first.url, '/api/metrics/events', items)).json, { accepted: 2, rejected: [] })
      const cleared = await send(first.url, '/api/metrics/clear', {})
      assert.equal(cleared.status, 200)
      assert.equal(cleared.json.cleared.trade_events, 1)
    } finally {
      // Graceful: the last snapshot is taken after the clear.
      await first.stop()
    }

    const second = await startService('serve', args, ENV)
    try {
      assert.deepEqual((await annotations(second.url)).map((a) => a.text), ['deployed v2.3'])
      const metric = await fetch(`${second.url}/api/metrics/metric/queue_depth`, { headers: AUTH })
      assert.equal(metric.status, 404)
      const positions = await (await fetch(`${second.url}/api/metrics/trading`, { headers: AUTH })).json() as { open_positions: number }
      assert.equal(positions.open_positions, 0)
    } finally {
      second.child.kill('SIGKILL')
      await second.stop()
    }
  } finally {
    data.remove()
  }
})
