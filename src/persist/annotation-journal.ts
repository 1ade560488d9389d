import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { Annotation } from '../core/annotations.ts'
import { persistError, toPersistenceError } from './persist-errors.ts'

interface AnnotationRow {
  id: number
  time_ms: number
  time_end_ms: number | null
  text: string
  tags: string
}

/** What `load` read: the stored annotations and the id to give next. */
export interface StoredAnnotations {
  annotations: Annotation[]
  /** One above the highest id ever stored (1 when none was). */
  nextId: number
}

/**
 * The annotations the store accepted, in the `annotations` table.
 * `append` returns once SQLite has committed the row (fsynced under
 * `synchronous: full`), so an annotation is stored before it is
 * acknowledged; the one the store's bound drops goes in the same commit.
 */
export class AnnotationJournal {
  readonly path: string
  private readonly db: DatabaseSync
  private readonly insert: StatementSync
  private readonly remove: StatementSync

  constructor (db: DatabaseSync, path: string) {
    this.db = db
    this.path = path
    this.insert = db.prepare('INSERT INTO annotations (id, time_ms, time_end_ms, text, tags) VALUES (?, ?, ?, ?, ?)')
    this.remove = db.prepare('DELETE FROM annotations WHERE id = ?')
  }

  /**
   * Stores `a` and deletes `dropped` (the annotation the store's bound
   * drops, possibly `a` itself) in one commit, or in the caller's open
   * transaction. Throws PersistenceError (`io`, ...) when it cannot.
   */
  append (a: Annotation, dropped: Annotation | null): void {
    this.write('writing an annotation', () => {
      this.insert.run(a.id, a.time, a.time_end, a.text, JSON.stringify(a.tags))
      if (dropped !== null) this.remove.run(dropped.id)
    })
  }

  /** Deletes the annotations with these ids (dropped by the store's bound at restore). */
  delete (ids: readonly number[]): void {
    if (ids.length === 0) return
    this.write('deleting annotations', () => { for (const id of ids) this.remove.run(id) })
  }

  /** Every stored annotation, in time order. Throws PersistenceError (`corrupt`) on a malformed row. */
  load (): StoredAnnotations {
    const annotations: Annotation[] = []
    let nextId = 1
    try {
      const rows = this.db.prepare('SELECT * FROM annotations ORDER BY time_ms, id').iterate() as Iterable<AnnotationRow>
      for (const row of rows) annotations.push(this.annotation(row))
      const seq = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'annotations'").get() as { seq: number } | undefined
      nextId = (seq?.seq ?? 0) + 1
    } catch (error) {
      throw toPersistenceError(error, this.path, `reading annotation ${annotations.length + 1} of the database`, 'corrupt')
    }
    for (const a of annotations) if (a.id >= nextId) nextId = a.id + 1
    return { annotations, nextId }
  }

  /** Number of stored annotations. */
  count (): number {
    return (this.db.prepare('SELECT count(*) AS n FROM annotations').get() as { n: number }).n
  }

  /** Removes every stored annotation; returns how many. Ids are not given again. */
  clear (): number {
    let n = 0
    this.write('clearing the annotations', () => { n = Number(this.db.prepare('DELETE FROM annotations').run().changes) })
    return n
  }

  /** Runs `fn` in its own transaction, or in the caller's when one is open (a batch). */
  private write (doing: string, fn: () => void): void {
    const db = this.db
    const own = !db.isTransaction
    try {
      if (own) db.exec('BEGIN IMMEDIATE')
      fn()
      if (own) db.exec('COMMIT')
    } catch (error) {
      if (own && db.isTransaction) db.exec('ROLLBACK')
      throw toPersistenceError(error, this.path, doing)
    }
  }

  private annotation (row: AnnotationRow): Annotation {
    const tags: unknown = JSON.parse(row.tags)
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) {
      throw persistError('corrupt', this.path, `annotation ${row.id} is malformed: tags are not a list of strings`)
    }
    if (!Number.isFinite(row.time_ms) || (row.time_end_ms !== null && !Number.isFinite(row.time_end_ms))) {
      throw persistError('corrupt', this.path, `annotation ${row.id} is malformed: a time is not finite`)
    }
    return { id: row.id, time: row.time_ms, time_end: row.time_end_ms, text: row.text, tags }
  }
}
