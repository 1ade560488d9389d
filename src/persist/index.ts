/**
 * Breakout Metrics' persistence (`breakout-metrics/persist`): the SQLite journal of trades and
 * annotations and the ring snapshots, on `node:sqlite`. A bot that embeds the library opts in by
 * importing this entry; the library entry never loads it. Every export is named here.
 */
export { Persistence } from './persistence.ts'
export type { PersistenceOptions, PersistedLogger, RestoreReport, RestoreTargets } from './persistence.ts'
export type { AnnotationJournal, StoredAnnotations } from './annotation-journal.ts'
export { DEFAULT_DB_FILE } from './database.ts'
export type { DatabaseOptions } from './database.ts'
export type { TradeJournal } from './trade-journal.ts'
export type { SnapshotStore, SnapshotInfo, RestoredSnapshot } from './snapshot-store.ts'
