import type { DatabaseSync } from 'node:sqlite'
import type { DistinctCounterState } from '../core/distinct-counters.ts'

interface CounterRow { name: string, precision: number, registers: Uint8Array }

/** Replaces the saved distinct counters with `counters`. Run inside the snapshot's transaction. */
export function writeCounters (db: DatabaseSync, counters: readonly DistinctCounterState[]): number {
  db.exec('DELETE FROM distinct_counters')
  const insert = db.prepare('INSERT INTO distinct_counters (name, precision, registers) VALUES (?, ?, ?)')
  let bytes = 0
  for (const c of counters) {
    insert.run(c.name, c.precision, c.registers)
    bytes += c.registers.byteLength
  }
  return bytes
}

/** The saved distinct counters (their registers are checked by DistinctCounters.importState). */
export function readCounters (db: DatabaseSync): DistinctCounterState[] {
  const rows = db.prepare('SELECT name, precision, registers FROM distinct_counters ORDER BY rowid').all() as unknown as CounterRow[]
  return rows.map((r) => ({ name: r.name, precision: r.precision, registers: r.registers }))
}
