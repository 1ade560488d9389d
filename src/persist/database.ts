import { mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { persistError, toPersistenceError } from './persist-errors.ts'
import { migrate } from './schema.ts'

/** How an opened database trades durability for speed. */
export interface DatabaseOptions {
  /** File name under the data directory. Default `breakout-metrics.db`. */
  fileName?: string
  /**
   * `full` (default): every commit is fsynced, so an acknowledged trade
   * event survives a power loss or OS crash. `normal`: commits reach the
   * OS but are fsynced only at checkpoints; an acknowledged event survives
   * the process being killed (SIGKILL included), not a power loss.
   */
  synchronous?: 'full' | 'normal'
  /** Run SQLite's quick_check at open (reads the whole file once). Default true. */
  integrityCheck?: boolean
}

export const DEFAULT_DB_FILE = 'breakout-metrics.db'

/**
 * Opens (creating when needed) the database under `dataDir`: WAL mode,
 * exclusive locking (a second process gets a `locked` error, not a shared
 * journal), schema checked or created. Throws PersistenceError with a reason
 * (`unwritable`, `corrupt`, `locked`, `schema`, `io`), never returns an
 * empty state over a file it cannot read.
 */
export function openDatabase (dataDir: string, options: DatabaseOptions = {}): { db: DatabaseSync, path: string } {
  const dir = resolve(dataDir)
  const path = join(dir, options.fileName ?? DEFAULT_DB_FILE)
  prepareDirectory(dir)
  let db: DatabaseSync
  try {
    db = new DatabaseSync(path)
  } catch (error) {
    throw toPersistenceError(error, path, 'opening the database', 'unwritable')
  }
  try {
    // Exclusive before WAL: the lock is kept for the connection's life and
    // WAL needs no shared-memory file.
    db.exec('PRAGMA locking_mode = EXCLUSIVE')
    db.exec('PRAGMA busy_timeout = 0')
    const mode = (db.prepare('PRAGMA journal_mode = WAL').get() as { journal_mode: string }).journal_mode
    if (mode !== 'wal') throw persistError('unwritable', path, `could not switch to WAL mode (journal_mode is ${mode})`)
    db.exec(`PRAGMA synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`)
    if (options.integrityCheck !== false) checkIntegrity(db, path)
    migrate(db, path)
  } catch (error) {
    db.close()
    throw toPersistenceError(error, path, 'opening the database')
  }
  return { db, path }
}

/** Creates the data directory and proves a file can be created in it. */
function prepareDirectory (dir: string): void {
  try {
    mkdirSync(dir, { recursive: true })
  } catch (error) {
    throw toPersistenceError(error, dir, 'creating the data directory', 'unwritable')
  }
  if (!statSync(dir).isDirectory()) throw persistError('unwritable', dir, 'the data directory is not a directory')
  const probe = join(dir, `.write-probe-${process.pid}`)
  try {
    writeFileSync(probe, '')
    unlinkSync(probe)
  } catch (error) {
    throw toPersistenceError(error, dir, 'creating a file in the data directory', 'unwritable')
  }
}

function checkIntegrity (db: DatabaseSync, path: string): void {
  const rows = db.prepare('PRAGMA quick_check').all() as Array<{ quick_check: string }>
  if (rows.length !== 1 || rows[0].quick_check !== 'ok') {
    const found = rows.slice(0, 3).map((r) => r.quick_check).join('; ')
    throw persistError('corrupt', path, `SQLite's integrity check failed: ${found}`)
  }
}
