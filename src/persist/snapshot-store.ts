import type { DatabaseSync } from 'node:sqlite'
import type { SystemSample } from '../collect/system-sample.ts'
import type { DistinctCounterState } from '../core/distinct-counters.ts'
import type { Labels } from '../core/label-set.ts'
import { MetricKind } from '../core/metric-kind.ts'
import type { MetricDefinition } from '../core/metric-kind.ts'
import type { FamilyState, ImportReport, SeriesStore } from '../core/store.ts'
import { captureSnapshot } from './snapshot-capture.ts'
import type { SnapshotJob } from './snapshot-capture.ts'
import { decodeChunks } from './chunk-blob.ts'
import { readCounters, writeCounters } from './distinct-counter-rows.ts'
import { decodeFloats, encodeFloats } from './float-blob.ts'
import { persistError, toPersistenceError } from './persist-errors.ts'
import { decodeSketch, encodeSketch } from './sketch-blob.ts'
import { readSamples, writeSamples } from './system-sample-rows.ts'

/** What one snapshot wrote. */
export interface SnapshotInfo {
  /** When it was taken, epoch ms. */
  takenAtMs: number
  families: number
  series: number
  points: number
  /** Bytes of point (compressed chunks and raw), bucket, weight, sketch and distinct-counter data written. */
  bytes: number
  /** Distinct counters written. */
  distinctCounters: number
  /** System samples written (0 when none were given). */
  samples: number
}

/**
 * What a restore brought back, and when that snapshot was taken (null: none
 * saved yet). `skipped` also lists distinct counters not restored (labels null).
 */
export interface RestoredSnapshot extends ImportReport {
  takenAtMs: number | null
  /** Distinct counters restored. */
  distinctCounters: number
}

interface FamilyRow { name: string, kind: string, help: string, unit: string, buckets: string, folded_points: number }
interface SeriesRow {
  family: string
  labels: string
  overflow: number
  total_count: number
  total_sum: number
  bucket_counts: Uint8Array | null
  times: Uint8Array
  vals: Uint8Array
  weight_times: Uint8Array | null
  weights: Uint8Array | null
  sketch: Uint8Array | null
  chunks: Uint8Array | null
}

const KINDS: readonly string[] = Object.values(MetricKind)

/**
 * Saves every series of a SeriesStore (name, labels, ring points: the older
 * ones as the ring's compressed chunks, the newest raw; all-time
 * totals, bucket counts, sampler weights, sketch) to the `metric_*` tables,
 * its distinct counters to `distinct_counters` and the system sampler's
 * history to `system_samples`, replacing the previous snapshot in one
 * transaction, and restores them.
 */
export class SnapshotStore {
  readonly path: string
  private readonly db: DatabaseSync

  constructor (db: DatabaseSync, path: string) {
    this.db = db
    this.path = path
  }

  /**
   * Replaces the saved snapshot with the store's state and, unless null,
   * the system samples (null leaves the saved ones as they are). Throws
   * PersistenceError.
   */
  save (store: SeriesStore, nowMs: number, samples: readonly SystemSample[] | null = null): SnapshotInfo {
    return this.write(captureSnapshot(store, nowMs, samples))
  }

  /**
   * Replaces the saved snapshot with a captured one, in one transaction:
   * a reader (or a restart after a kill) sees the previous snapshot or this
   * one, never a mix. `epoch` (see Persistence.clear) is stored with it.
   * Throws PersistenceError.
   */
  write (job: SnapshotJob, epoch = 0): SnapshotInfo {
    const { families, counters, samples } = job
    const info: SnapshotInfo = {
      takenAtMs: job.takenAtMs, families: families.length, series: 0, points: 0, bytes: 0, samples: samples?.length ?? 0, distinctCounters: counters.length
    }
    const db = this.db
    try {
      db.exec('BEGIN IMMEDIATE')
      db.exec('DELETE FROM metric_series; DELETE FROM metric_families')
      const family = db.prepare('INSERT INTO metric_families (name, kind, help, unit, buckets, folded_points) VALUES (?, ?, ?, ?, ?, ?)')
      const series = db.prepare(`INSERT INTO metric_series
        (family, ordinal, labels, overflow, total_count, total_sum, bucket_counts, times, vals, weight_times, weights, sketch, chunks)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      for (const f of families) {
        const d = f.definition
        family.run(f.name, d.kind, d.help, d.unit, JSON.stringify(d.buckets), f.foldedPoints)
        f.series.forEach((s, ordinal) => {
          const buckets = s.bucketCounts === null ? null : encodeFloats(s.bucketCounts)
          const w = s.weights ?? null
          const sketch = s.sketch == null ? null : encodeSketch(s.sketch)
          const chunks = s.chunkBlob
          series.run(f.name, ordinal, JSON.stringify(s.labels), s.overflow ? 1 : 0, s.totalCount, s.totalSum,
            buckets, encodeFloats(s.timesMs), encodeFloats(s.values),
            w === null ? null : encodeFloats(w.fromMs), w === null ? null : encodeFloats(w.weights), sketch, chunks)
          info.series++
          info.points += s.points
          info.bytes += s.timesMs.byteLength * 2 + (chunks?.byteLength ?? 0) + (buckets?.byteLength ?? 0) + (w === null ? 0 : w.fromMs.byteLength * 2) + (sketch?.byteLength ?? 0)
        })
      }
      info.bytes += writeCounters(db, counters)
      if (samples !== null) writeSamples(db, samples)
      const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      meta.run('snapshot_taken_at_ms', String(job.takenAtMs))
      meta.run('snapshot_epoch', String(epoch))
      db.exec('COMMIT')
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK')
      throw toPersistenceError(error, this.path, 'writing a snapshot of the metric rings')
    }
    return info
  }

  /** When the saved snapshot was taken (null: none) and the epoch it was written in (0 when none was stored). */
  header (): { takenAtMs: number | null, epoch: number } {
    try {
      const get = this.db.prepare('SELECT value FROM meta WHERE key = ?')
      const taken = get.get('snapshot_taken_at_ms') as { value: string } | undefined
      const epoch = get.get('snapshot_epoch') as { value: string } | undefined
      return { takenAtMs: taken === undefined ? null : Number(taken.value), epoch: epoch === undefined ? 0 : Number(epoch.value) }
    } catch (error) {
      throw toPersistenceError(error, this.path, 'reading the snapshot of the metric rings', 'corrupt')
    }
  }

  /**
   * Loads the saved snapshot into `store` (SeriesStore.importState: merged,
   * families whose definition changed skipped and reported). Throws
   * PersistenceError (`corrupt`) on a malformed snapshot.
   */
  restore (store: SeriesStore): RestoredSnapshot {
    let families: FamilyState[]
    let counters: DistinctCounterState[]
    let takenAtMs: number | null
    try {
      const taken = this.db.prepare("SELECT value FROM meta WHERE key = 'snapshot_taken_at_ms'").get() as { value: string } | undefined
      takenAtMs = taken === undefined ? null : Number(taken.value)
      families = this.readFamilies()
      counters = readCounters(this.db)
    } catch (error) {
      throw toPersistenceError(error, this.path, 'reading the snapshot of the metric rings', 'corrupt')
    }
    try {
      const report = store.importState(families)
      const skippedCounters = store.distinct.importState(counters)
      for (const c of skippedCounters) report.skipped.push({ name: c.name, labels: null, reason: `distinct counter: ${c.reason}` })
      return { ...report, takenAtMs, distinctCounters: counters.length - skippedCounters.length }
    } catch (error) {
      throw toPersistenceError(error, this.path, 'restoring the snapshot of the metric rings', 'corrupt')
    }
  }

  /** The system samples of the saved snapshot, oldest first. Throws PersistenceError (`corrupt`) on a malformed one. */
  readSamples (): SystemSample[] {
    try {
      return readSamples(this.db)
    } catch (error) {
      throw toPersistenceError(error, this.path, 'reading the saved system samples', 'corrupt')
    }
  }

  /** Removes the saved snapshot. */
  clear (): void {
    try {
      this.db.exec("DELETE FROM metric_series; DELETE FROM metric_families; DELETE FROM distinct_counters; DELETE FROM system_samples; DELETE FROM meta WHERE key IN ('snapshot_taken_at_ms', 'snapshot_epoch')")
    } catch (error) {
      throw toPersistenceError(error, this.path, 'clearing the snapshot')
    }
  }

  private readFamilies (): FamilyState[] {
    const byName = new Map<string, FamilyState>()
    for (const row of this.db.prepare('SELECT * FROM metric_families').all() as unknown as FamilyRow[]) {
      byName.set(row.name, { name: row.name, definition: this.definition(row), foldedPoints: row.folded_points, series: [] })
    }
    const rows = this.db.prepare('SELECT * FROM metric_series ORDER BY family, ordinal').iterate() as Iterable<SeriesRow>
    for (const row of rows) {
      const family = byName.get(row.family)
      if (family === undefined) throw this.malformed(row.family, 'series without a family row')
      const timesMs = decodeFloats(row.times)
      const values = decodeFloats(row.vals)
      const bucketCounts = row.bucket_counts === null ? null : decodeFloats(row.bucket_counts)
      const fromMs = row.weight_times === null ? null : decodeFloats(row.weight_times)
      const weights = row.weights === null ? null : decodeFloats(row.weights)
      if (timesMs === null || values === null || (row.bucket_counts !== null && bucketCounts === null)) {
        throw this.malformed(row.family, 'a point blob is not a whole number of float64s')
      }
      if ((row.weight_times === null) !== (row.weights === null) || (row.weights !== null && (fromMs === null || weights === null))) {
        throw this.malformed(row.family, 'its sampler weights are incomplete or not whole float64s')
      }
      const chunks = row.chunks == null ? null : decodeChunks(row.chunks)
      if (row.chunks != null && chunks === null) throw this.malformed(row.family, 'its chunk blob is not one')
      const sketch = row.sketch === null ? null : decodeSketch(row.sketch)
      if (row.sketch !== null && sketch === null) throw this.malformed(row.family, 'its sketch blob is not one')
      family.series.push({
        labels: this.labels(row),
        timesMs,
        values,
        totalCount: row.total_count,
        totalSum: row.total_sum,
        bucketCounts,
        weights: fromMs === null || weights === null ? null : { fromMs, weights },
        sketch,
        chunks,
        overflow: row.overflow === 1
      })
    }
    return [...byName.values()]
  }

  private definition (row: FamilyRow): MetricDefinition {
    const buckets: unknown = JSON.parse(row.buckets)
    if (!KINDS.includes(row.kind)) throw this.malformed(row.name, `unknown kind ${row.kind}`)
    if (!Array.isArray(buckets) || !buckets.every((b) => typeof b === 'number')) throw this.malformed(row.name, 'buckets are not a list of numbers')
    return { kind: row.kind as MetricKind, help: row.help, unit: row.unit, buckets }
  }

  private labels (row: SeriesRow): Labels {
    const labels: unknown = JSON.parse(row.labels)
    if (typeof labels !== 'object' || labels === null || Array.isArray(labels) ||
      !Object.values(labels).every((v) => typeof v === 'string')) {
      throw this.malformed(row.family, 'labels are not an object of strings')
    }
    return labels as Labels
  }

  private malformed (name: string, what: string): Error {
    return persistError('corrupt', this.path, `snapshot of metric ${JSON.stringify(name)} is malformed: ${what}`)
  }
}
