import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import type { MessagePort } from 'node:worker_threads'
import { PersistenceError } from '../core/errors.ts'
import { DEFAULT_DB_FILE, openDatabase } from './database.ts'
import type { DatabaseOptions } from './database.ts'
import { toPersistenceError } from './persist-errors.ts'
import { SnapshotStore } from './snapshot-store.ts'
import type { SnapshotJob } from './snapshot-capture.ts'
import type { RestoredSnapshot, SnapshotInfo } from './snapshot-store.ts'
import type { SystemSampler } from '../collect/system-sampler.ts'
import type { SeriesStore } from '../core/store.ts'
import type { SnapshotAnswer, SnapshotRequest, SnapshotWorkerData } from './snapshot-worker.ts'

/** Longest a synchronous snapshot (Persistence.snapshot, the last one at close) waits for the writer thread, ms. */
export const SYNC_SNAPSHOT_TIMEOUT_MS = 60_000

/** The snapshot file beside the database `fileName`: `breakout-metrics.db` → `breakout-metrics.rings.db`. */
export function snapshotFileName (fileName: string): string {
  return fileName.endsWith('.db') ? `${fileName.slice(0, -3)}.rings.db` : `${fileName}.rings`
}

// Built, the package runs .js files; from source (tests, the CLI in development) the .ts one.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './snapshot-worker.ts' : './snapshot-worker.js', import.meta.url)

/** Clears of the database so far (meta `clear_count`): the epoch a snapshot is written in. */
export function readClearCount (db: DatabaseSync): number {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'clear_count'").get() as { value: string } | undefined
  return row === undefined ? 0 : Number(row.value)
}

/** Stores the clear count, inside the clear's transaction. */
export function writeClearCount (db: DatabaseSync, count: number): void {
  db.prepare("INSERT INTO meta (key, value) VALUES ('clear_count', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(count))
}

type SystemHistory = Pick<SystemSampler, 'restoreHistory'>

interface Pending { resolve: (info: SnapshotInfo) => void, reject: (error: PersistenceError) => void }

/**
 * Writes ring snapshots to their own SQLite file from a worker thread with
 * its own connection: the event loop only captures the state (cheap, see
 * captureSnapshot) and hands it over; encoding, inserts and the commit's
 * fsync happen on the thread. Why a file of its own: the database holds an
 * exclusive lock for the trade journal, which must commit on the caller's
 * thread (a trade is acknowledged once journaled), so no second connection
 * can write to it. The thread starts at the first snapshot.
 */
export class SnapshotWriter {
  /** Absolute path of the snapshot file. */
  readonly path: string
  private readonly dataDir: string
  private readonly options: DatabaseOptions
  private readonly signal = new Int32Array(new SharedArrayBuffer(4))
  private worker: Worker | null = null
  private syncPort: MessagePort | null = null
  private nextId = 1
  private readonly pending = new Map<number, Pending>()

  constructor (dataDir: string, options: DatabaseOptions) {
    this.dataDir = dataDir
    // Only the database's own options: the thread is sent them, and they must be plain data.
    this.options = { fileName: snapshotFileName(options.fileName ?? DEFAULT_DB_FILE), synchronous: options.synchronous, integrityCheck: options.integrityCheck }
    this.path = join(resolve(dataDir), this.options.fileName!)
  }

  /** Snapshots handed to the thread and not yet written. */
  get inFlight (): number {
    return this.pending.size
  }

  /**
   * Restores `store` (and `system`'s history) from the snapshot file when
   * it holds one written in `epoch` (since the last clear), else from
   * `fallback` (the database's own snapshot tables, where older versions
   * wrote). Call before the first save: the thread's connection holds the
   * file exclusively. Throws PersistenceError.
   */
  restore (store: SeriesStore, system: SystemHistory | null, epoch: number, fallback: SnapshotStore): { snapshot: RestoredSnapshot, systemSamples: number } {
    let db: DatabaseSync | null = null
    try {
      let source = fallback
      if (this.worker === null && existsSync(this.path)) {
        const opened = openDatabase(this.dataDir, this.options)
        db = opened.db
        const file = new SnapshotStore(opened.db, opened.path)
        const header = file.header()
        if (header.takenAtMs !== null && header.epoch === epoch) source = file
      }
      const snapshot = source.restore(store)
      return { snapshot, systemSamples: system === null ? 0 : system.restoreHistory(source.readSamples()) }
    } finally {
      db?.close()
    }
  }

  /** Writes `job` on the thread; resolves with what was written, rejects with a PersistenceError. */
  async save (job: SnapshotJob, epoch: number): Promise<SnapshotInfo> {
    const id = this.nextId++
    return await new Promise<SnapshotInfo>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.post({ id, sync: false, kind: 'save', job, epoch })
    })
  }

  /** Writes `job` on the thread and waits for it (after any snapshot in flight). Throws PersistenceError. */
  saveSync (job: SnapshotJob, epoch: number): SnapshotInfo {
    return this.request({ id: this.nextId++, sync: true, kind: 'save', job, epoch })!
  }

  /** Waits for the snapshots in flight, closes the thread's connection and stops the thread. Throws PersistenceError. */
  close (): void {
    if (this.worker === null) return
    try {
      this.request({ id: this.nextId++, sync: true, kind: 'close' })
    } finally {
      void this.worker.terminate()
      this.worker = null
      this.syncPort?.close()
      this.syncPort = null
    }
  }

  private post (request: SnapshotRequest): void {
    // The chunk blobs were made for this job: handed over, not copied.
    this.start().postMessage(request, request.kind === 'save' ? request.job.transfer : [])
  }

  private request (request: SnapshotRequest): SnapshotInfo | null {
    this.post(request)
    const port = this.syncPort!
    const deadline = performance.now() + SYNC_SNAPSHOT_TIMEOUT_MS
    for (;;) {
      const seen = Atomics.load(this.signal, 0)
      const received = receiveMessageOnPort(port)
      if (received !== undefined) {
        const answer = received.message as SnapshotAnswer
        if (answer.id !== request.id) continue
        if (answer.ok) return answer.info
        throw new PersistenceError(answer.error.reason, answer.error.path, answer.error.message)
      }
      const left = deadline - performance.now()
      if (left <= 0) throw toPersistenceError(new Error(`the snapshot thread did not answer within ${SYNC_SNAPSHOT_TIMEOUT_MS} ms`), this.path, 'writing a snapshot')
      Atomics.wait(this.signal, 0, seen, left)
    }
  }

  private start (): Worker {
    if (this.worker !== null) return this.worker
    const { port1, port2 } = new MessageChannel()
    const data: SnapshotWorkerData = { dataDir: this.dataDir, options: this.options, signal: this.signal.buffer as SharedArrayBuffer, syncPort: port2 }
    const worker = new Worker(WORKER_URL, { workerData: data, transferList: [port2] })
    worker.unref()
    worker.on('message', (answer: SnapshotAnswer) => { this.settle(answer) })
    worker.on('error', (error) => { this.fail(worker, toPersistenceError(error, this.path, 'writing a snapshot (the snapshot thread failed)')) })
    worker.on('exit', () => { this.fail(worker, toPersistenceError(new Error('the snapshot thread stopped'), this.path, 'writing a snapshot')) })
    this.worker = worker
    this.syncPort = port1
    return worker
  }

  private settle (answer: SnapshotAnswer): void {
    const pending = this.pending.get(answer.id)
    if (pending === undefined) return
    this.pending.delete(answer.id)
    if (answer.ok) pending.resolve(answer.info!)
    else pending.reject(new PersistenceError(answer.error.reason, answer.error.path, answer.error.message))
  }

  /** The thread is gone: what it had not written is failed, and the next snapshot starts a new one. */
  private fail (worker: Worker, error: PersistenceError): void {
    if (this.worker === worker) {
      this.worker = null
      this.syncPort?.close()
      this.syncPort = null
    }
    for (const p of this.pending.values()) p.reject(error)
    this.pending.clear()
  }
}
