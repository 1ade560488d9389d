import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startService, tempDir } from './helpers/processes.ts'
import { FIXTURE, NOW } from '../unit/trading/fixture.ts'

const ENV = { STARTING_BALANCE: '10000', SNAPSHOT_INTERVAL_MS: '60000' }
const ITEMS = [
  ...FIXTURE.map((e) => ({
    type: 'trade',
    event: e.event,
    symbol: e.symbol,
    side: e.side,
    quantity: e.quantity,
    price: e.price,
    timestamp: e.timestamp,
    ...(e.fees === null ? {} : { fees: e.fees }),
    ...(e.pnl === null ? {} : { pnl: e.pnl }),
    ...(e.trade_id === null ? {} : { trade_id: e.trade_id })
  })),
  { type: 'metric', name: 'queue_depth', value: 7, tags: { venue: 'binance' }, timestamp: NOW }
]
const QUERIES = [
  `/api/metrics/trading?since=0&until=${NOW}`,
  `/api/metrics/trading?since=0&until=${NOW}&symbol=ETHUSDT&side=short`,
  `/api/metrics/trades?since=0&until=${NOW}&limit=1000`,
  `/api/metrics/trading/daily?count=5&until=${NOW}`
]

async function read (url: string): Promise<unknown[]> {
  return await Promise.all(QUERIES.map(async (q) => {
    const res = await fetch(url + q, { signal: AbortSignal.timeout(5000) })
    assert.equal(res.status, 200, q)
    const body = await res.json() as Record<string, unknown>
    // Read from the equity series, whose points since the last snapshot are lost like every
    // series' (the queue_depth checks below); everything else comes from the journal.
    if ('max_drawdown_equity_pct' in body) {
      assert.ok(body.max_drawdown_equity_pct === null || typeof body.max_drawdown_equity_pct === 'number')
      delete body.max_drawdown_equity_pct
      delete (body.null_reasons as Record<string, unknown>).max_drawdown_equity_pct
    }
    return body
  }))
}

test('trades sent to the service survive SIGKILL: the restarted service gives the same statistics', { timeout: 120_000 }, async () => {
  const data = tempDir('restart')
  try {
    const args = ['--data-dir', data.path]
    const firstStartMs = Date.now()
    const first = await startService('serve', args, ENV)
    let before: unknown[]
    try {
      const res = await fetch(`${first.url}/api/metrics/events`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ITEMS), signal: AbortSignal.timeout(10_000)
      })
      assert.deepEqual(await res.json(), { accepted: ITEMS.length, rejected: [] })
      before = await read(first.url)
      assert.equal((before[0] as { closed_trades: number }).closed_trades, 7)
    } finally {
      first.child.kill('SIGKILL')
      await first.stop()
    }
    assert.equal(first.child.signalCode, 'SIGKILL')

    const secondStartMs = Date.now()
    const second = await startService('serve', args, ENV)
    try {
      assert.deepEqual(await read(second.url), before)
      // The rings had no snapshot before the kill (interval 60 s): their points are gone, the trades are not.
      const metric = await fetch(`${second.url}/api/metrics/metric/queue_depth`)
      assert.equal(metric.status, 404)
      const res = await fetch(`${second.url}/api/metrics/events`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([ITEMS[ITEMS.length - 1]])
      })
      assert.equal(((await res.json()) as { accepted: number }).accepted, 1)
    } finally {
      await second.stop() // graceful: a last snapshot
    }

    const thirdStartMs = Date.now()
    const third = await startService('serve', args, ENV)
    try {
      assert.deepEqual(await read(third.url), before)
      // System samples live in the snapshot too: the second run's are back, the killed first run's are not.
      const { samples } = await (await fetch(`${third.url}/api/metrics/system?last_n=1000`)).json() as { samples: Array<{ timestamp: number }> }
      const runOf = (t: number): string => t < secondStartMs ? (t >= firstStartMs ? 'first' : 'before') : t < thirdStartMs ? 'second' : 'third'
      assert.deepEqual([...new Set(samples.map((s) => runOf(s.timestamp)))], ['second', 'third'])
      const metric = await (await fetch(`${third.url}/api/metrics/metric/queue_depth`)).json() as { points: unknown[] }
      assert.deepEqual(metric.points, [{ timestamp: NOW, value: 7 }], 'the second run\'s point, restored from its last snapshot')
    } finally {
      await third.stop()
    }
  } finally {
    data.remove()
  }
})

test('a corrupt database stops the service at start with a clear error', { timeout: 60_000 }, () => {
  const data = tempDir('corrupt')
  try {
    writeFileSync(join(data.path, 'breakout-metrics.db'), Buffer.alloc(4096, 0x42))
    const cli = new URL('../../src/cli.ts', import.meta.url).pathname
    const r = spawnSync(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', data.path], { encoding: 'utf8', timeout: 30_000 })
    assert.equal(r.status, 1, r.stderr)
    assert.match(r.stderr, /^breakout-metrics: persistence \(corrupt\) .*breakout-metrics\.db: opening the database: file is not a database; move the file aside/m)
  } finally {
    data.remove()
  }
})
