import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { getJson, startService, tempDir } from './helpers/processes.ts'

const SECRET_ACCOUNT = 'acct-4f1c9e77-secret'
const SECRET_KEY = 'sk-live-9b2d31aa0c'

/** Every byte of the data directory (database, WAL, snapshots) as text, to look for a secret anywhere. */
function dataDirText (dir: string): string {
  return readdirSync(dir).map((name) => readFileSync(join(dir, name)).toString('latin1')).join('\n')
}

async function postEvents (base: string, items: unknown[]): Promise<{ accepted: number, rejected: unknown[] }> {
  const res = await fetch(`${base}/api/metrics/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(items) })
  assert.equal(res.status, 200)
  return await res.json() as { accepted: number, rejected: unknown[] }
}

const trade = (event: string, price: number, metadata: Record<string, unknown>): Record<string, unknown> =>
  ({ type: 'trade', event, trade_id: 't-1', symbol: 'BTCUSDT', side: 'buy', quantity: 0.5, price, metadata })

test('a real service keeps only TRADE_METADATA_KEYS: not in the journal, not in /trades, not after a restart', { timeout: 90_000 }, async () => {
  const dir = tempDir('metadata')
  const env = { TRADE_METADATA_KEYS: 'order_id,exit_reason,venue', DB_SYNCHRONOUS: 'normal' }
  let service = await startService('serve', ['--data-dir', dir.path], env)
  try {
    const result = await postEvents(service.url, [
      trade('opened', 61_000, { order_id: 'o-1', account_id: SECRET_ACCOUNT, api_response: { apiKey: SECRET_KEY, balance: 125_000 }, venue: 'binance' }),
      trade('closed', 61_500, { order_id: 'o-2', exit_reason: 'take_profit', strategy: 'breakout', account_id: SECRET_ACCOUNT })
    ])
    assert.deepEqual(result, { accepted: 2, rejected: [] })
    const page = await getJson<{ trades: Array<{ metadata: unknown }> }>(`${service.url}/api/metrics/trades`)
    assert.equal(page.trades.length, 1)
    // strategy is a default key, but this service lists its own: it is cut too.
    assert.deepEqual(page.trades[0].metadata, { order_id: 'o-2', exit_reason: 'take_profit' })
    await service.stop()

    // The journal, read with SQLite itself: the kept keys and nothing else.
    const db = new DatabaseSync(join(dir.path, 'breakout-metrics.db'), { readOnly: true })
    const rows = db.prepare('SELECT metadata FROM trade_events ORDER BY seq').all() as Array<{ metadata: string | null }>
    db.close()
    assert.deepEqual(rows.map((r) => r.metadata === null ? null : JSON.parse(r.metadata)), [
      { order_id: 'o-1', venue: 'binance' },
      { order_id: 'o-2', exit_reason: 'take_profit' }
    ])
    const bytes = dataDirText(dir.path)
    assert.ok(!bytes.includes(SECRET_ACCOUNT), 'the account id is nowhere in the data directory')
    assert.ok(!bytes.includes(SECRET_KEY), 'the API response is nowhere in the data directory')

    // Restarted with the default keys: what is served is cut again on replay.
    service = await startService('serve', ['--data-dir', dir.path], { DB_SYNCHRONOUS: 'normal' })
    const after = await getJson<{ trades: Array<{ metadata: unknown }> }>(`${service.url}/api/metrics/trades`)
    assert.deepEqual(after.trades[0].metadata, { order_id: 'o-2', exit_reason: 'take_profit' })
  } finally {
    await service.stop()
    dir.remove()
  }
})
