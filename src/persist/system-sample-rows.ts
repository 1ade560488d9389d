import type { DatabaseSync } from 'node:sqlite'
import type { SystemSample } from '../collect/system-sample.ts'

/** Every figure of a sample but its time, in the sample's order: one nullable REAL column each. */
const FIGURES = [
  'cpu_percent', 'memory_percent', 'memory_used_mb', 'disk_usage_percent', 'active_threads',
  'open_files', 'network_connections', 'event_loop_lag_p99_ms', 'heap_used_mb'
] as const satisfies ReadonlyArray<Exclude<keyof SystemSample, 'timestamp'>>

type SampleRow = Record<(typeof FIGURES)[number], number | null> & { seq: number, timestamp_ms: number }

/** Replaces the saved system samples with `samples`, in their order. Run inside the snapshot's transaction. */
export function writeSamples (db: DatabaseSync, samples: readonly SystemSample[]): void {
  db.exec('DELETE FROM system_samples')
  const insert = db.prepare(`INSERT INTO system_samples (timestamp_ms, ${FIGURES.join(', ')}) VALUES (?${', ?'.repeat(FIGURES.length)})`)
  for (const s of samples) insert.run(s.timestamp, ...FIGURES.map((f) => s[f]))
}

/** The saved system samples, in the order saved (oldest first). Throws on a malformed row. */
export function readSamples (db: DatabaseSync): SystemSample[] {
  const samples: SystemSample[] = []
  const rows = db.prepare(`SELECT seq, timestamp_ms, ${FIGURES.join(', ')} FROM system_samples ORDER BY seq`).iterate() as Iterable<SampleRow>
  for (const row of rows) {
    const sample: Record<string, number | null> = {}
    for (const f of FIGURES) {
      const v = row[f]
      if (v !== null && !Number.isFinite(v)) throw new Error(`system sample ${row.seq} is malformed: ${f} is not a finite number`)
      sample[f] = v
    }
    if (!Number.isFinite(row.timestamp_ms)) throw new Error(`system sample ${row.seq} is malformed: its time is not a finite number`)
    sample.timestamp = row.timestamp_ms
    samples.push(sample as unknown as SystemSample)
  }
  return samples
}
