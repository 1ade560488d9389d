import type { SystemSampler } from '../collect/system-sampler.ts'
import type { AnnotationStore } from '../core/annotations.ts'
import type { PersistenceError } from '../core/errors.ts'
import type { SeriesStore } from '../core/store.ts'
import type { TradeLedger } from '../trading/trade-ledger.ts'
import type { DatabaseOptions } from './database.ts'
import type { RestoredSnapshot } from './snapshot-store.ts'

/** Options of Persistence.open; every one has a default. */
export interface PersistenceOptions extends DatabaseOptions {
  /** Time between ring snapshots, ms; default 60,000. At least 100. */
  snapshotIntervalMs?: number
  /** Receives errors of the periodic and the final snapshot. Default: a process warning. */
  onError?: (error: PersistenceError) => void
  /** Epoch ms for snapshot times. Default Date.now. */
  now?: () => number
}

/** What `restore` fills from the database (each one fresh). */
export interface RestoreTargets {
  ledger: TradeLedger
  store: SeriesStore
  /** Annotations (e.g. `logger.annotations`); without it they are neither restored nor stored. */
  annotations?: AnnotationStore
  /** The system sampler (e.g. `logger.sampler`), whose history snapshots keep; without it they are neither restored nor saved. */
  system?: Pick<SystemSampler, 'history' | 'restoreHistory'> | null
}

/** What `restore` rebuilt. */
export interface RestoreReport {
  /** Journaled trade events replayed. */
  tradeEvents: number
  /** Replayed events the ledger rejected (0 unless its rules changed since they were written). */
  rejectedOnReplay: number
  snapshot: RestoredSnapshot
  /** Annotations restored (0 when none were asked for). */
  annotations: number
  /** System samples of the snapshot put back into the sampler's history. */
  systemSamples: number
}

/** Time between ring snapshots when the options give none, ms. */
export const DEFAULT_SNAPSHOT_INTERVAL_MS = 60_000
