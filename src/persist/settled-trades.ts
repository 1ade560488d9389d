import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { PersistenceError } from '../core/errors.ts'
import type { SettledStore } from '../trading/trade-ledger.ts'
import type { ClosedTrade } from '../trading/trade-records.ts'
import type { ResolvedFilter } from '../trading/trade-selection.ts'
import { toPersistenceError } from './persist-errors.ts'

// SQLite REAL bounds for an open window end: ±Infinity as a bound parameter is not portable.
const FAR = 1e300

/**
 * Closed trade records that left the ledger's memory, in the
 * `settled_trades` table, whole (JSON), paged newest first. Derived from
 * the trade journal: a replay writes the records that are missing and
 * skips those already stored (ids are stable across replays).
 */
export class SettledTrades implements SettledStore {
  readonly path: string
  private readonly db: DatabaseSync
  private readonly insert: StatementSync
  private readonly exists: StatementSync
  private readonly onError: (error: PersistenceError) => void
  /** Highest id stored when the database opened (or 0 after a clear): records above it are new. */
  private storedUpTo: number

  constructor (db: DatabaseSync, path: string, onError: (error: PersistenceError) => void) {
    this.db = db
    this.path = path
    this.onError = onError
    this.insert = db.prepare('INSERT OR IGNORE INTO settled_trades (id, closed_at, symbol, side, record) VALUES (?, ?, ?, ?, ?)')
    this.exists = db.prepare('SELECT 1 AS found FROM settled_trades WHERE id = ?')
    this.storedUpTo = (db.prepare('SELECT coalesce(max(id), 0) AS id FROM settled_trades').get() as { id: number }).id
  }

  /** Stores records in one transaction (or the caller's); a failure goes to `onError`, never thrown. */
  settle (records: ReadonlyArray<Readonly<ClosedTrade>>): void {
    const db = this.db
    const own = !db.isTransaction
    try {
      if (own) db.exec('BEGIN IMMEDIATE')
      for (let i = 0; i < records.length; i++) {
        const r = records[i]
        // A replay re-settles stored records: look before serializing.
        if (r.id <= this.storedUpTo && this.exists.get(r.id) !== undefined) continue
        this.insert.run(r.id, r.closed_at, r.symbol, r.side, JSON.stringify(r))
      }
      if (own) db.exec('COMMIT')
    } catch (error) {
      if (own && db.isTransaction) db.exec('ROLLBACK')
      this.onError(toPersistenceError(error, this.path, 'storing closed trade records that left memory'))
    }
  }

  /** Stored records closed in [sinceMs, untilMs] matching the filter. */
  count (sinceMs: number, untilMs: number, filter: ResolvedFilter): number {
    const { where, params } = selection(sinceMs, untilMs, filter)
    return (this.db.prepare(`SELECT count(*) AS n FROM settled_trades WHERE ${where}`).get(...params) as { n: number }).n
  }

  /** Those records newest first (closed_at, then id, descending), skipping `offset`, at most `limit`. */
  page (sinceMs: number, untilMs: number, filter: ResolvedFilter, offset: number, limit: number): ClosedTrade[] {
    const { where, params } = selection(sinceMs, untilMs, filter)
    let rows: Array<{ record: string }>
    try {
      rows = this.db.prepare(`SELECT record FROM settled_trades WHERE ${where} ORDER BY closed_at DESC, id DESC LIMIT ? OFFSET ?`)
        .all(...params, limit, offset) as Array<{ record: string }>
    } catch (error) {
      throw toPersistenceError(error, this.path, 'reading closed trade records')
    }
    return rows.map((row) => Object.freeze(JSON.parse(row.record) as ClosedTrade))
  }

  /** Removes every stored record; returns how many. */
  clear (): number {
    this.storedUpTo = 0
    return Number(this.db.prepare('DELETE FROM settled_trades').run().changes)
  }
}

function selection (sinceMs: number, untilMs: number, filter: ResolvedFilter): { where: string, params: Array<number | string> } {
  let where = 'closed_at >= ? AND closed_at <= ?'
  const params: Array<number | string> = [Math.max(sinceMs, -FAR), Math.min(untilMs, FAR)]
  if (filter.symbol !== null) { where += ' AND symbol = ?'; params.push(filter.symbol) }
  if (filter.side !== null) { where += ' AND side = ?'; params.push(filter.side) }
  return { where, params }
}
