import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { Persistence } from '../../src/persist/persistence.ts'
import { SeriesStore } from '../../src/core/store.ts'
import { TradeLedger } from '../../src/trading/trade-ledger.ts'

const writer = new URL('./fixtures/journal-writer.ts', import.meta.url).pathname

for (const synchronous of ['full', 'normal']) {
  test(`SIGKILL loses no acknowledged trade event and only ring points after the last snapshot (synchronous ${synchronous})`, (t) => {
    const dir = mkdtempSync(join(os.tmpdir(), 'bm-sigkill-'))
    t.after(() => { rmSync(dir, { recursive: true, force: true }) })
    const child = spawnSync(process.execPath, [writer, dir, '400', synchronous], { encoding: 'utf8', timeout: 60_000 })
    assert.equal(child.signal, 'SIGKILL', child.stderr)
    const acked = child.stdout.split('\n').filter((l) => l.startsWith('ack ')).length
    assert.equal(acked, 400)

    const p = Persistence.open(dir)
    t.after(() => { p.close() })
    const ledger = new TradeLedger()
    const store = new SeriesStore()
    const report = p.restore({ ledger, store })
    assert.equal(report.tradeEvents, acked)
    assert.equal(report.rejectedOnReplay, 0)
    assert.equal(ledger.trades.length, 200)
    assert.equal(ledger.openPositionCount, 0)
    // The snapshot held 50 points; the 30 recorded after it died with the process.
    assert.equal(report.snapshot.points, 50)
    assert.equal(store.family('risk_current')!.series[0].totalCount, 50)
  })
}
