import type { DatabaseSync } from 'node:sqlite'
import type { SystemSampler } from '../collect/system-sampler.ts'
import type { AnnotationStore } from '../core/annotations.ts'
import type { PersistenceError } from '../core/errors.ts'
import { InvalidArgumentError } from '../core/errors.ts'
import type { SeriesStore } from '../core/store.ts'
import type { TradeLedger } from '../trading/trade-ledger.ts'
import { AnnotationJournal } from './annotation-journal.ts'
import { openDatabase } from './database.ts'
import { DEFAULT_SNAPSHOT_INTERVAL_MS } from './persistence-options.ts'
import type { PersistenceOptions, RestoreReport, RestoreTargets } from './persistence-options.ts'
import { isStorageError, persistError, toPersistenceError } from './persist-errors.ts'
import { journalingSubscriber } from './journaling-subscriber.ts'
import type { PersistedLogger } from './journaling-subscriber.ts'
import { captureSnapshot } from './snapshot-capture.ts'
import { SnapshotStore } from './snapshot-store.ts'
import type { SnapshotInfo } from './snapshot-store.ts'
import { TradeJournal } from './trade-journal.ts'
import { readClearCount, SnapshotWriter, writeClearCount } from './snapshot-writer.ts'

export type { PersistedLogger } from './journaling-subscriber.ts'
export type { PersistenceOptions, RestoreReport, RestoreTargets } from './persistence-options.ts'
export { DEFAULT_SNAPSHOT_INTERVAL_MS } from './persistence-options.ts'

/**
 * The database under the data directory: the trade journal and the
 * annotations; beside it, the ring snapshots in a file of their own
 * (`breakout-metrics.rings.db`), written by a worker thread. Open it at start, `attach` it to the logger (which
 * restores the ledger, the store, the annotations and the system history
 * from it, then subscribes to the logger: every accepted trade event and
 * every annotation is journaled before the logger applies it, a clear
 * clears the database first, a batch is one transaction), `startSnapshots`,
 * and `close` on shutdown (a last snapshot).
 *
 * @example
 * const persistence = Persistence.open('./data')          // throws PersistenceError
 * persistence.attach(logger)
 * persistence.startSnapshots()
 * process.on('SIGTERM', () => persistence.close())
 */
export class Persistence {
  readonly path: string
  readonly journal: TradeJournal
  readonly annotationJournal: AnnotationJournal
  /** The snapshot tables of the database itself: where snapshots were written before they had a file of their own (read at restore when that file has none). */
  readonly snapshots: SnapshotStore
  /** Writes the ring snapshots to their file from a worker thread. */
  readonly snapshotWriter: SnapshotWriter
  readonly snapshotIntervalMs: number
  private readonly db: DatabaseSync
  private readonly onError: (error: PersistenceError) => void
  private readonly now: () => number
  private ledger: TradeLedger | null = null
  private store: SeriesStore | null = null
  private annotations: AnnotationStore | null = null
  private system: Pick<SystemSampler, 'history' | 'restoreHistory'> | null = null
  private timer: ReturnType<typeof setInterval> | null = null
  private closed = false
  /** Clears so far (meta `clear_count`): a snapshot written before the last clear is not restored. */
  private epoch: number
  private readonly subscriptions = new Map<PersistedLogger, () => void>()

  private constructor (db: DatabaseSync, path: string, dataDir: string, options: PersistenceOptions) {
    this.db = db
    this.path = path
    this.onError = options.onError ?? ((error) => { process.emitWarning(error.message, { code: error.code }) })
    this.journal = new TradeJournal(db, path, this.onError)
    this.annotationJournal = new AnnotationJournal(db, path)
    this.snapshots = new SnapshotStore(db, path)
    this.snapshotWriter = new SnapshotWriter(dataDir, options)
    this.epoch = readClearCount(db)
    this.snapshotIntervalMs = options.snapshotIntervalMs ?? DEFAULT_SNAPSHOT_INTERVAL_MS
    this.now = options.now ?? Date.now
  }

  /** Opens or creates the database under `dataDir`. Throws PersistenceError; see openDatabase. */
  static open (dataDir: string, options: PersistenceOptions = {}): Persistence {
    const interval = options.snapshotIntervalMs
    if (interval !== undefined && !(Number.isFinite(interval) && interval >= 100)) {
      throw new InvalidArgumentError('snapshotIntervalMs', `must be a number >= 100, got ${String(interval)}`)
    }
    const { db, path } = openDatabase(dataDir, options)
    return new Persistence(db, path, dataDir, options)
  }

  /**
   * Replays the journal into `ledger`, the last snapshot into `store` (and
   * its system samples into `system`'s history), the stored annotations
   * into `annotations` (all fresh), then journals
   * every event the ledger accepts and every annotation added or cleared
   * from now on, before the change is made. Annotations past the store's
   * bound (the oldest) are deleted from the database. Throws
   * PersistenceError on a corrupt journal, snapshot or annotation.
   */
  restore ({ ledger, store, annotations, system }: RestoreTargets): RestoreReport {
    let rejected = 0
    ledger.beforeApply = null
    ledger.settledStore = this.journal.settled
    const tradeEvents = this.journal.replay((event) => {
      if (ledger.apply(event, true).status === 'rejected') rejected++
    })
    const { snapshot, systemSamples } = this.snapshotWriter.restore(store, system ?? null, this.epoch, this.snapshots)
    const restoredAnnotations = annotations === undefined ? 0 : this.restoreAnnotations(annotations)
    ledger.beforeApply = (event) => { this.journal.append(event) }
    this.ledger = ledger
    this.store = store
    this.system = system ?? null
    return { tradeEvents, rejectedOnReplay: rejected, snapshot, annotations: restoredAnnotations, systemSamples }
  }

  /**
   * Restores `logger` from the database (as `restore`, with its trades,
   * store, annotations and sampler) and subscribes to it (`subscribe`).
   * Throws PersistenceError on a corrupt journal, snapshot or annotation.
   *
   * @example const report = Persistence.open('./data').attach(logger)   // report.tradeEvents replayed
   */
  attach (logger: PersistedLogger): RestoreReport {
    const report = this.restore({ ledger: logger.trades, store: logger.store, annotations: logger.annotations, system: logger.sampler })
    this.subscribe(logger)
    return report
  }

  /**
   * Subscribes to `logger` (once; again is a no-op): every trade event it
   * accepts and every annotation change is journaled before it is made, and
   * refused with the PersistenceError when it cannot be; its `clear` clears
   * the journal and the snapshot first; its `batch` is one transaction.
   * Returns the function that unsubscribes.
   */
  subscribe (logger: PersistedLogger): () => void {
    const existing = this.subscriptions.get(logger)
    if (existing !== undefined) return existing
    const off = logger.subscribe(journalingSubscriber(this))
    const unsubscribe = (): void => {
      off()
      this.subscriptions.delete(logger)
    }
    this.subscriptions.set(logger, unsubscribe)
    return unsubscribe
  }

  /**
   * Runs `fn` (which applies events to the ledger) in one transaction, so a
   * batch costs one commit instead of one per event. If the commit fails,
   * the ledger and the annotations are reloaded from the database, so they
   * hold exactly what is stored, and the PersistenceError is thrown.
   */
  batch<T> (fn: () => T): T {
    const db = this.db
    if (this.closed) throw persistError('io', this.path, 'the database is closed: nothing was stored')
    if (db.isTransaction) return fn()
    try {
      db.exec('BEGIN IMMEDIATE')
    } catch (error) {
      throw toPersistenceError(error, this.path, 'starting a transaction')
    }
    let result: T
    try {
      result = fn()
      db.exec('COMMIT')
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK')
      this.rebuildLedger()
      this.reloadAnnotations()
      throw isStorageError(error) ? toPersistenceError(error, this.path, 'writing a batch of trade events') : error
    }
    return result
  }

  /**
   * Saves a snapshot of the restored store (and system history) now and
   * waits until it is written. Throws PersistenceError.
   */
  snapshot (): SnapshotInfo | null {
    if (this.store === null) return null
    if (this.closed) throw persistError('io', this.path, 'the database is closed: no snapshot was written')
    return this.snapshotWriter.saveSync(captureSnapshot(this.store, this.now(), this.system?.history() ?? null), this.epoch)
  }

  /**
   * Snapshots the restored store every `snapshotIntervalMs`; failures go to
   * `onError`. The event loop only captures the state; the snapshot
   * thread encodes and writes it (a tick finding the previous one still
   * being written skips).
   */
  startSnapshots (): void {
    if (this.timer !== null || this.closed) return
    this.timer = setInterval(() => { this.snapshotInBackground() }, this.snapshotIntervalMs)
    this.timer.unref()
  }

  stopSnapshots (): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }

  /**
   * Removes every journaled event and the snapshot, in one transaction (with
   * the ledger and store cleared by the caller). Annotations stay, as `POST /clear` keeps them;
   * `AnnotationStore.clear` removes them from the database too.
   */
  clear (): { tradeEvents: number } {
    if (this.closed) throw persistError('io', this.path, 'the database is closed: nothing was cleared')
    // One transaction: a kill between the two must not leave a snapshot of what the journal no longer holds.
    const db = this.db
    const own = !db.isTransaction
    try {
      if (own) db.exec('BEGIN IMMEDIATE')
      const tradeEvents = this.journal.clear()
      this.snapshots.clear()
      // The snapshot file is not in this transaction: counting the clear here makes its snapshot stale.
      writeClearCount(db, this.epoch + 1)
      if (own) db.exec('COMMIT')
      this.epoch++
      return { tradeEvents }
    } catch (error) {
      if (own && db.isTransaction) db.exec('ROLLBACK')
      throw toPersistenceError(error, this.path, 'clearing the database')
    }
  }

  /** Stops the timer, takes a last snapshot (errors to `onError`) and closes the database. Idempotent. */
  close (): void {
    if (this.closed) return
    this.stopSnapshots()
    this.trySnapshot()
    this.closed = true
    try {
      this.snapshotWriter.close()
    } catch (error) {
      this.onError(toPersistenceError(error, this.path, 'closing the snapshot file'))
    }
    const path = this.path
    if (this.ledger !== null) {
      // A ledger that outlives the database must not accept events it cannot store.
      this.ledger.beforeApply = () => { throw persistError('io', path, 'the database is closed: the event was not stored') }
    }
    if (this.annotations !== null) {
      this.annotations.beforeChange = () => { throw persistError('io', path, 'the database is closed: the annotation was not stored') }
    }
    try {
      this.db.close()
    } catch (error) {
      this.onError(toPersistenceError(error, this.path, 'closing the database'))
    }
  }

  get isOpen (): boolean {
    return !this.closed
  }

  private snapshotInBackground (): void {
    if (this.store === null || this.closed || this.snapshotWriter.inFlight > 0) return
    const job = captureSnapshot(this.store, this.now(), this.system?.history() ?? null)
    this.snapshotWriter.save(job, this.epoch).catch((error: unknown) => {
      this.onError(toPersistenceError(error, this.path, 'writing a snapshot'))
    })
  }

  private trySnapshot (): void {
    try {
      this.snapshot()
    } catch (error) {
      this.onError(toPersistenceError(error, this.path, 'writing a snapshot'))
    }
  }

  /** Loads the stored annotations into `annotations`, prunes what its bound drops, and journals its changes. */
  private restoreAnnotations (annotations: AnnotationStore): number {
    annotations.beforeChange = null
    const stored = this.annotationJournal.load()
    this.annotationJournal.delete(annotations.load(stored.annotations, stored.nextId).map((a) => a.id))
    annotations.beforeChange = (change) => {
      if (change.kind === 'add') this.annotationJournal.append(change.annotation, change.dropped)
      else this.annotationJournal.clear()
    }
    this.annotations = annotations
    return annotations.size
  }

  private reloadAnnotations (): void {
    const annotations = this.annotations
    if (annotations === null) return
    const stored = this.annotationJournal.load()
    annotations.load(stored.annotations, stored.nextId)
  }

  private rebuildLedger (): void {
    const ledger = this.ledger
    if (ledger === null) return
    const hook = ledger.beforeApply
    ledger.beforeApply = null
    ledger.clear()
    this.journal.replay((event) => { ledger.apply(event, true) })
    ledger.beforeApply = hook
  }
}
