/**
 * The thread that encodes and writes ring snapshots (started by
 * SnapshotWriter). It owns the connection to the snapshot file, so the
 * encoding, the inserts and the fsync of the commit cost the service's
 * event loop nothing. Requests are handled one at a time, in order; the
 * answer to a request marked `sync` goes to the sync port and wakes the
 * waiting thread through the shared signal.
 */
import type { DatabaseSync } from 'node:sqlite'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { parentPort, workerData } from 'node:worker_threads'
import type { MessagePort } from 'node:worker_threads'
import { PersistenceError } from '../core/errors.ts'
import { openDatabase } from './database.ts'
import type { DatabaseOptions } from './database.ts'
import { SnapshotStore } from './snapshot-store.ts'
import type { SnapshotJob } from './snapshot-capture.ts'
import type { SnapshotInfo } from './snapshot-store.ts'

/** What the thread is started with. */
export interface SnapshotWorkerData {
  dataDir: string
  options: DatabaseOptions
  /** One Int32: the sync answer counter, bumped and notified after each sync answer. */
  signal: SharedArrayBuffer
  syncPort: MessagePort
}

/** A request to the thread. */
export type SnapshotRequest =
  | { id: number, sync: boolean, kind: 'save', job: SnapshotJob, epoch: number }
  | { id: number, sync: boolean, kind: 'close' }

/** The thread's answer; an error keeps its PersistenceError reason, path and message. */
export type SnapshotAnswer =
  | { id: number, ok: true, info: SnapshotInfo | null }
  | { id: number, ok: false, error: { reason: string, path: string, message: string } }

const data = workerData as SnapshotWorkerData

// The thread idles between snapshots (a minute by default), so V8 sees no
// allocation pressure to collect a snapshot's transferred blobs and
// statements: measured, they held ~0.3 MB more after each snapshot for
// minutes. A full collection once each snapshot is written hands that back
// at once, on this thread, at no cost to the service's event loop.
setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void
const signal = new Int32Array(data.signal)
let db: DatabaseSync | null = null
let store: SnapshotStore | null = null

function handle (request: SnapshotRequest): SnapshotAnswer {
  try {
    if (request.kind === 'close') {
      db?.close()
      db = null
      store = null
      return { id: request.id, ok: true, info: null }
    }
    if (store === null) {
      const opened = openDatabase(data.dataDir, data.options)
      db = opened.db
      store = new SnapshotStore(opened.db, opened.path)
    }
    return { id: request.id, ok: true, info: store.write(request.job, request.epoch) }
  } catch (error) {
    const e = error instanceof PersistenceError
      ? error
      : new PersistenceError('io', store?.path ?? data.dataDir, `writing a snapshot of the metric rings: ${String(error)}`)
    const prefix = `persistence (${e.reason}) ${e.path}: `
    return { id: request.id, ok: false, error: { reason: e.reason, path: e.path, message: e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message } }
  }
}

parentPort!.on('message', (request: SnapshotRequest) => {
  const answer = handle(request)
  if (request.sync) {
    data.syncPort.postMessage(answer)
    Atomics.add(signal, 0, 1)
    Atomics.notify(signal, 0)
  } else {
    parentPort!.postMessage(answer)
  }
  if (request.kind === 'close') parentPort!.close()
  else collectGarbage()
})
