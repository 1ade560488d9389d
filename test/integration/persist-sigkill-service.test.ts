import { test } from 'node:test'
import type { TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { getJson, startService, tempDir, waitFor } from './helpers/processes.ts'
import { closedTrades, postEvents, tradePairs } from './helpers/trade-batches.ts'

const SERIES = 20
const POINTS_PER_SERIES = 500

/** One generation: 500 points in each of 20 series, every value `generation`; 10,000 items, recorded in one go. */
function generation (g: number): string {
  const items: unknown[] = []
  for (let p = 0; p < POINTS_PER_SERIES; p++) {
    for (let s = 0; s < SERIES; s++) items.push({ type: 'metric', name: `fault_g${s}`, value: g })
  }
  return JSON.stringify(items)
}

async function killed (service: { child: { kill: (s: NodeJS.Signals) => boolean, exitCode: number | null, signalCode: string | null } }): Promise<void> {
  service.child.kill('SIGKILL')
  await waitFor('the process to die', async () => service.child.signalCode !== null || service.child.exitCode !== null ? true : undefined, 10_000, 10)
}

test('SIGKILL in the middle of 10,000-event trade batches: every acknowledged trade is back, the cut batch all or nothing', { timeout: 60_000 }, async (t: TestContext) => {
  const dir = tempDir('kill-batch')
  t.after(() => { dir.remove() })
  const service = await startService('serve', ['--data-dir', dir.path])
  t.after(async () => { await service.stop() })
  let acknowledged = 0
  for (let b = 0; b < 2; b++) {
    const answer = await postEvents(service.url, tradePairs(`ack${b}`, 5000))
    assert.equal(answer.status, 200)
    acknowledged += 5000
  }
  // The third batch is cut: the kill lands while it is sent or recorded.
  const cut = postEvents(service.url, tradePairs('cut', 5000)).then((a) => a.status, () => 0)
  await sleep(40)
  await killed(service)
  const cutStatus = await cut
  if (cutStatus === 200) acknowledged += 5000

  const again = await startService('serve', ['--data-dir', dir.path])
  t.after(async () => { await again.stop() })
  const restored = await closedTrades(again.url)
  t.diagnostic(`${acknowledged} acknowledged, ${restored} restored (the cut batch answered ${cutStatus})`)
  assert.ok(restored === acknowledged || (cutStatus !== 200 && restored === acknowledged + 5000), `${restored} trades after the restart`)
})

test('SIGKILL while a ring snapshot is written: the restart restores one whole snapshot, never a torn one', { timeout: 60_000 }, async (t: TestContext) => {
  const dir = tempDir('kill-snapshot')
  t.after(() => { dir.remove() })
  const service = await startService('serve', ['--data-dir', dir.path], { SNAPSHOT_INTERVAL_MS: '1000' })
  t.after(async () => { await service.stop() })
  const wal = join(dir.path, 'breakout-metrics.rings.db-wal')
  const walStamp = (): string => { try { const s = statSync(wal); return `${s.mtimeMs}:${s.size}` } catch { return '' } }
  // Generations recorded while snapshots run; the snapshot file's WAL is written by snapshots only.
  // First a snapshot must be complete (the WAL written, then quiet for 300 ms: a snapshot writes without pause),
  // so that there is a previous one; then the kill lands on the next write seen.
  let g = 0
  const deadline = Date.now() + 30_000
  let stamp = walStamp()
  let changedAt = 0
  let previousDone = false
  let writing = false
  while (Date.now() < deadline && !writing) {
    g++
    assert.equal((await postEvents(service.url, generation(g))).status, 200)
    // Poll the WAL every 2 ms for up to ~0.5 s between generations.
    for (let i = 0; i < 250 && !writing; i++) {
      const now = walStamp()
      if (now !== stamp && now !== '') {
        if (previousDone) writing = true
        changedAt = Date.now()
      } else if (changedAt > 0 && Date.now() - changedAt >= 300) {
        previousDone = true
      }
      stamp = now
      if (!writing) await sleep(2)
    }
  }
  t.diagnostic(`armed and killed ${Date.now() - deadline + 30_000} ms after the start`)
  assert.ok(writing, 'no snapshot write seen')
  await killed(service)

  const again = await startService('serve', ['--data-dir', dir.path])
  t.after(async () => { await again.stop() })
  const latest = await Promise.all(Array.from({ length: SERIES }, async (_, s) => {
    const body = await getJson<{ statistics: { latest: number } }>(`${again.url}/api/metrics/metric/fault_g${s}?last_n=1`)
    return body.statistics.latest
  }))
  t.diagnostic(`killed after generation ${g}; restored generations ${JSON.stringify([...new Set(latest)])}`)
  // A whole snapshot: every series from the same generation, one that was recorded.
  assert.equal(new Set(latest).size, 1, `series from different snapshots: ${JSON.stringify(latest)}`)
  assert.ok(typeof latest[0] === 'number' && latest[0] >= 1 && latest[0] <= g, `generation ${String(latest[0])} of ${g}`)
})
