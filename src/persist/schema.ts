import type { DatabaseSync } from 'node:sqlite'
import { persistError } from './persist-errors.ts'

/** `BMT1` in the SQLite header's application_id: marks the file as ours. */
export const APPLICATION_ID = 0x424d5431

// STRICT tables: SQLite checks the column types, so a stray write cannot
// put text where a replay expects a number.
const SCHEMA_V1 = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
CREATE TABLE trade_events (
  seq INTEGER PRIMARY KEY,
  event TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL,
  quantity REAL NOT NULL,
  price REAL NOT NULL,
  pnl REAL,
  fees REAL,
  trade_id TEXT,
  timestamp_ms REAL NOT NULL,
  metadata TEXT
) STRICT;
CREATE TABLE metric_families (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  help TEXT NOT NULL,
  unit TEXT NOT NULL,
  buckets TEXT NOT NULL,
  folded_points REAL NOT NULL
) STRICT;
CREATE TABLE metric_series (
  family TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  labels TEXT NOT NULL,
  overflow INTEGER NOT NULL,
  total_count REAL NOT NULL,
  total_sum REAL NOT NULL,
  bucket_counts BLOB,
  times BLOB NOT NULL,
  vals BLOB NOT NULL,
  PRIMARY KEY (family, ordinal)
) STRICT;
`

// Annotations keep the ids the store gave them; AUTOINCREMENT keeps the
// highest id ever stored in sqlite_sequence, so a restart never gives an
// id again, even one whose annotation was dropped or cleared.
const SCHEMA_V2 = `
ALTER TABLE metric_series ADD COLUMN weight_times BLOB;
ALTER TABLE metric_series ADD COLUMN weights BLOB;
ALTER TABLE metric_series ADD COLUMN sketch BLOB;
CREATE TABLE distinct_counters (
  name TEXT PRIMARY KEY,
  precision INTEGER NOT NULL,
  registers BLOB NOT NULL
) STRICT;
CREATE TABLE annotations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time_ms REAL NOT NULL,
  time_end_ms REAL,
  text TEXT NOT NULL,
  tags TEXT NOT NULL
) STRICT;
CREATE TABLE system_samples (
  seq INTEGER PRIMARY KEY,
  timestamp_ms REAL NOT NULL,
  cpu_percent REAL,
  memory_percent REAL,
  memory_used_mb REAL,
  disk_usage_percent REAL,
  active_threads REAL,
  open_files REAL,
  network_connections REAL,
  event_loop_lag_p99_ms REAL,
  heap_used_mb REAL
) STRICT;
`

// The execution fields of a trade event (decision price, order type,
// liquidity, request time, exchange, stop) as one JSON object, null when the
// event has none: replay rebuilds the fill figures and R-multiples.
const SCHEMA_V3 = `
ALTER TABLE trade_events ADD COLUMN fill TEXT;
`

// The context of a trade event (strategy, entry tag, exit reason): label
// values the breakdowns group by, replayed with the event.
const SCHEMA_V4 = `
ALTER TABLE trade_events ADD COLUMN strategy TEXT;
ALTER TABLE trade_events ADD COLUMN entry_tag TEXT;
ALTER TABLE trade_events ADD COLUMN exit_reason TEXT;
`

// Closed trade records that left memory (older than the newest kept there),
// whole as JSON, paged newest first by /trades. Derived from the journal:
// a replay writes any that are missing.
const SCHEMA_V5 = `
CREATE TABLE settled_trades (
  id INTEGER PRIMARY KEY,
  closed_at REAL NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL,
  record TEXT NOT NULL
) STRICT;
CREATE INDEX settled_trades_closed_at ON settled_trades (closed_at, id);
`

// Older ring points as compressed chunks (persist/chunk-blob.ts); `times`
// and `vals` then hold only the raw points after them. NULL in rows of
// older snapshots, whose `times` and `vals` hold every point.
const SCHEMA_V6 = `
ALTER TABLE metric_series ADD COLUMN chunks BLOB;
`

/**
 * The SQL that takes the schema from version i to i + 1, in order. A new
 * database runs them all; an older one the ones it lacks. Append, never edit.
 */
export const MIGRATIONS: readonly string[] = Object.freeze([SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6])

/** Schema version in the header's user_version: the number of migrations run. */
export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * Creates the schema in a new database, brings an older one up to date, or
 * checks that an existing one is ours and not newer than this code. Runs in
 * one write transaction, which also takes the exclusive lock and proves the
 * file writable: a failed migration leaves the file as it was.
 */
export function migrate (db: DatabaseSync, path: string): void {
  const appId = (db.prepare('PRAGMA application_id').get() as { application_id: number }).application_id
  const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version
  const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n
  if (appId !== APPLICATION_ID && (appId !== 0 || tables > 0)) {
    throw persistError('schema', path, 'the file is an SQLite database, but not one of Breakout Metrics')
  }
  if (version > SCHEMA_VERSION) {
    throw persistError('schema', path, `schema version ${version} was written by a newer version of the service (this one knows ${SCHEMA_VERSION})`)
  }
  db.exec('BEGIN IMMEDIATE')
  try {
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v])
    if (version === 0) db.exec(`PRAGMA application_id = ${APPLICATION_ID}`)
    if (version < SCHEMA_VERSION) db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`)
    db.prepare("INSERT INTO meta (key, value) VALUES ('opened_at_ms', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .run(String(Date.now()))
    db.exec('COMMIT')
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK')
    throw error
  }
}
