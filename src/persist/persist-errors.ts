import { MetricsError, PersistenceError } from '../core/errors.ts'

const ADVICE: Readonly<Record<string, string>> = Object.freeze({
  unwritable: 'check that the data directory exists or can be created and is writable by this process (or run with --no-persist)',
  corrupt: 'move the file aside or restore a backup, then start again; the service does not start on an empty state over it',
  locked: 'another process holds the database (a second instance?); stop it or give this one another data directory',
  io: 'the data directory may have become read-only, or the disk may be failing; the service retries with the next write',
  full: 'the disk (or the file-size limit of this process) is full: free space or move the data directory; the service retries with the next write',
  schema: 'use the version of the service that wrote it, or another data directory'
})

// SQLite primary result codes (https://sqlite.org/rescode.html) and errno
// names, to the reason a user acts on.
const SQLITE_REASON: Readonly<Record<number, string>> = Object.freeze({
  3: 'unwritable', // SQLITE_PERM
  5: 'locked', // SQLITE_BUSY
  6: 'locked', // SQLITE_LOCKED
  8: 'unwritable', // SQLITE_READONLY
  10: 'io', // SQLITE_IOERR
  11: 'corrupt', // SQLITE_CORRUPT
  13: 'full', // SQLITE_FULL
  14: 'unwritable', // SQLITE_CANTOPEN
  26: 'corrupt' // SQLITE_NOTADB
})
const ERRNO_REASON: Readonly<Record<string, string>> = Object.freeze({
  EACCES: 'unwritable',
  EPERM: 'unwritable',
  EROFS: 'unwritable',
  ENOTDIR: 'unwritable',
  EEXIST: 'unwritable',
  ENOSPC: 'full',
  EDQUOT: 'full',
  EFBIG: 'full',
  EIO: 'io'
})

/** A PersistenceError for `reason`, with the advice that goes with it. */
export function persistError (reason: string, path: string, what: string, cause?: unknown): PersistenceError {
  return new PersistenceError(reason, path, `${what}; ${ADVICE[reason] ?? ''}`.trim(), { cause })
}

/**
 * Maps an error from node:sqlite or node:fs to a PersistenceError whose
 * `reason` says what to do; a PersistenceError passes through.
 * `doing` says what was attempted ("opening", "writing a trade event").
 */
export function toPersistenceError (error: unknown, path: string, doing: string, fallback = 'io'): PersistenceError {
  if (error instanceof PersistenceError) return error
  const e = error as { errcode?: unknown, code?: unknown, message?: unknown } | null
  let reason = fallback
  if (typeof e?.errcode === 'number') reason = SQLITE_REASON[e.errcode & 0xff] ?? fallback
  else if (typeof e?.code === 'string') reason = ERRNO_REASON[e.code] ?? fallback
  const detail = typeof e?.message === 'string' ? e.message : String(error)
  return persistError(reason, path, `${doing}: ${detail}`, error)
}

/** Errors from SQLite or the file system (or already mapped), as opposed to a bug in `fn`. */
export function isStorageError (error: unknown): boolean {
  if (error instanceof MetricsError) return error.code === 'BM_ERR_PERSIST'
  const e = error as { errcode?: unknown, code?: unknown } | null
  return typeof e?.errcode === 'number' || (typeof e?.code === 'string' && /^(E[A-Z]+|ERR_SQLITE_\w+)$/.test(e.code))
}
