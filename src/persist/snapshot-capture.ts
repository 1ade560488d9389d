import type { SystemSample } from '../collect/system-sample.ts'
import type { DistinctCounterState } from '../core/distinct-counters.ts'
import { savedPointCount } from '../core/series.ts'
import type { SeriesState } from '../core/series.ts'
import type { FamilyState, SeriesStore } from '../core/store.ts'
import { encodeChunks } from './chunk-blob.ts'

/** A series as captured for a snapshot: its state, the compressed chunks already in their blob. */
export interface CapturedSeries extends Omit<SeriesState, 'chunks'> {
  overflow: boolean
  /** The chunks' blob (chunk-blob.ts), null without chunks. */
  chunkBlob: Uint8Array | null
  /** Points saved, in the chunks and raw. */
  points: number
}

/** A family as captured for a snapshot. */
export interface CapturedFamily extends Omit<FamilyState, 'series'> {
  series: CapturedSeries[]
}

/**
 * A snapshot taken but not yet written: plain data (a worker thread can
 * be sent it; `transfer` lists the buffers it may take over rather than
 * copy), which SnapshotStore.write stores.
 */
export interface SnapshotJob {
  takenAtMs: number
  families: CapturedFamily[]
  counters: DistinctCounterState[]
  samples: readonly SystemSample[] | null
  /** Buffers made for this job alone (the chunk blobs). */
  transfer: ArrayBuffer[]
}

/**
 * The store's state now, cheaply: sealed chunks never change, so their
 * words are copied into one blob per series as they are (a memory copy,
 * no encoding); the raw heads, totals and sketches are copied. Encoding
 * the rest and writing are left to SnapshotStore.write. Why one blob: a
 * worker thread is sent it whole, where thousands of small arrays would
 * each be cloned.
 */
export function captureSnapshot (store: SeriesStore, nowMs: number, samples: readonly SystemSample[] | null): SnapshotJob {
  const transfer: ArrayBuffer[] = []
  const families = store.exportState({ compressed: true }).map((f): CapturedFamily => {
    const { kind, help, unit, buckets } = f.definition
    const series = f.series.map(({ chunks, ...s }): CapturedSeries => {
      const chunkBlob = chunks == null || chunks.chunks.length === 0 ? null : encodeChunks(chunks.chunks, chunks.skip)
      if (chunkBlob !== null) transfer.push(chunkBlob.buffer as ArrayBuffer)
      return { ...s, chunkBlob, points: savedPointCount({ ...s, chunks }) }
    })
    // Plain data only: the definition's saved fields.
    return { name: f.name, definition: { kind, help, unit, buckets: [...buckets] }, foldedPoints: f.foldedPoints, series }
  })
  return { takenAtMs: nowMs, families, counters: store.distinct.exportState(), samples, transfer }
}
