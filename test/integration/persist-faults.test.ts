import { test } from 'node:test'
import type { TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { freePort, start, startService, START_TIMEOUT_MS, tempDir, waitFor } from './helpers/processes.ts'
import { closedTrades, postEvents, tradePairs } from './helpers/trade-batches.ts'

const cli = new URL('../../src/cli.ts', import.meta.url).pathname
const isRoot = process.getuid?.() === 0

/** Runs a command; true when it exited 0. */
function ok (command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0
}

/**
 * Makes `paths` unchangeable for the service, which holds the files open:
 * chmod does not stop writes through open descriptors (nor anything, as
 * root), the immutable attribute does (ext4, xfs, btrfs). Null when it
 * cannot be set here.
 */
function makeImmutable (paths: string[]): (() => void) | null {
  if (!isRoot || !ok('chattr', ['+i', ...paths])) return null
  return () => { ok('chattr', ['-i', ...paths]) }
}

test('the data directory turning read-only: trades answer 503, reads work, and ingest recovers by itself', { timeout: 60_000 }, async (t: TestContext) => {
  const dir = tempDir('readonly')
  t.after(() => { dir.remove() })
  const service = await startService('serve', ['--data-dir', dir.path])
  t.after(async () => { await service.stop() })
  assert.equal((await postEvents(service.url, tradePairs('before', 5))).status, 200)
  const files = [dir.path, ...readdirSync(dir.path).map((f) => join(dir.path, f))]
  const release = makeImmutable(files)
  if (release === null) {
    t.skip('cannot make the files read-only for a process that holds them open: needs root and chattr on a file system with the immutable attribute')
    return
  }
  t.after(release)

  const refused = await postEvents(service.url, tradePairs('during', 5))
  assert.equal(refused.status, 503, JSON.stringify(refused.body))
  assert.equal(refused.body.error, 'BM_ERR_PERSIST')
  assert.match(refused.body.message, /breakout-metrics\.db: writing a batch of trade events/)
  // Nothing of the refused batch counts: reads answer with what is stored.
  assert.equal(await closedTrades(service.url), 5)
  const summary = await fetch(`${service.url}/api/metrics/summary`)
  assert.equal(summary.status, 200)

  release()
  const recovered = await postEvents(service.url, tradePairs('after', 5))
  assert.equal(recovered.status, 200, JSON.stringify(recovered.body))
  assert.equal(await closedTrades(service.url), 10)
  await service.stop()

  const again = await startService('serve', ['--data-dir', dir.path])
  t.after(async () => { await again.stop() })
  assert.equal(await closedTrades(again.url), 10, 'the acknowledged trades, and only those, after a restart')
})

test('a full disk: trades refused with 503 BM_ERR_PERSIST (full), no crash, the stored ones kept', { timeout: 60_000 }, async (t: TestContext) => {
  const dir = tempDir('full')
  const mountPoint = join(dir.path, 'tiny')
  mkdirSync(mountPoint)
  // A 2 MiB tmpfs where the machine allows it; else a file-size limit on the child (Node ignores SIGXFSZ, so writes fail with EFBIG).
  const mounted = isRoot && ok('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', mountPoint])
  t.after(() => {
    if (mounted) ok('umount', ['-l', mountPoint])
    dir.remove()
  })
  const port = await freePort()
  const args = [cli, 'serve', '--data-dir', mountPoint, '--port', String(port), '--log-level', 'warn']
  const service = mounted
    ? start(process.execPath, args)
    : start('bash', ['-c', 'ulimit -f 2048 && exec "$0" "$@"', process.execPath, ...args])
  t.after(async () => { await service.stop() })
  const url = `http://127.0.0.1:${port}`
  await waitFor('the service to answer', async () => {
    if (service.child.exitCode !== null) throw new Error(service.output())
    return (await fetch(`${url}/api/metrics/summary`).catch(() => null))?.ok === true ? true : undefined
  }, START_TIMEOUT_MS)
  let acknowledged = 0
  let refused: { status: number, body: any } | null = null
  for (let batch = 0; batch < 200 && refused === null; batch++) {
    const answer = await postEvents(url, tradePairs(`b${batch}-${'x'.repeat(100)}`, 500))
    if (answer.status === 200) acknowledged += 500
    else refused = answer
  }
  assert.ok(refused !== null, `the disk never filled (${acknowledged} trades acknowledged)`)
  assert.ok(refused.status === 503 || refused.status === 507, JSON.stringify(refused.body))
  assert.equal(refused.body.error, 'BM_ERR_PERSIST')
  assert.match(refused.body.message, /persistence \(full\)/)
  t.diagnostic(`${mounted ? '2 MiB tmpfs' : 'ulimit -f 2048'}: ${acknowledged} trades acknowledged before the disk filled`)
  // Still running, still answering, and what it acknowledged is what it holds.
  assert.equal(service.child.exitCode, null)
  assert.equal(await closedTrades(url), acknowledged)
  await service.stop()
  assert.equal(service.child.signalCode, null, `the service died of ${String(service.child.signalCode)}`)
})

test('the database held by another process at start: a clear error naming the file, exit 1, nothing touched', { timeout: 60_000 }, async (t: TestContext) => {
  const dir = tempDir('locked')
  t.after(() => { dir.remove() })
  const first = await startService('serve', ['--data-dir', dir.path])
  assert.equal((await postEvents(first.url, tradePairs('kept', 3))).status, 200)
  await first.stop()
  const file = join(dir.path, 'breakout-metrics.db')
  const digest = (): string => createHash('sha256').update(readFileSync(file)).digest('hex')

  // Read before the lock is taken: closing any descriptor of the file would drop this process's POSIX locks.
  const before = digest()
  // Another process (here: SQLite itself) holds an exclusive lock on the file.
  const holder = new DatabaseSync(file)
  holder.exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE')
  t.after(() => { if (holder.isOpen) holder.close() })
  const port = await freePort()
  const second = start(process.execPath, [cli, 'serve', '--data-dir', dir.path, '--port', String(port)])
  t.after(async () => { await second.stop() })
  await waitFor('the second process to exit', async () => second.child.exitCode !== null ? true : undefined, 20_000).catch((error: Error) => { throw new Error(`${error.message}\n${second.output()}`) })
  assert.equal(second.child.exitCode, 1)
  assert.match(second.output(), new RegExp(`BM_ERR_PERSIST|persistence \\(locked\\) ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`))
  assert.match(second.output(), /another process holds the database/)
  holder.exec('ROLLBACK')
  holder.close()
  assert.equal(digest(), before, 'the database file changed')

  const third = await startService('serve', ['--data-dir', dir.path])
  t.after(async () => { await third.stop() })
  assert.equal(await closedTrades(third.url), 3)
})
