import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { PersistenceError } from '../core/errors.ts'
import type { TradeEvent } from '../trading/trade-event.ts'
import { fillJson, parseFill } from './trade-fill-column.ts'
import { toPersistenceError } from './persist-errors.ts'
import { SettledTrades } from './settled-trades.ts'

/** Metadata larger than this (UTF-16 units of JSON) is not journaled; the event is. */
export const MAX_METADATA_JSON = 65_536

interface EventRow {
  seq: number
  event: string
  symbol: string
  side: string
  quantity: number
  price: number
  pnl: number | null
  fees: number | null
  trade_id: string | null
  timestamp_ms: number
  metadata: string | null
  fill: string | null
  strategy: string | null
  entry_tag: string | null
  exit_reason: string | null
}

/**
 * The trade events the ledger accepted, in order, in the `trade_events`
 * table. `append` returns once SQLite has committed the row (fsynced under
 * `synchronous: full`), so an event is stored before it is acknowledged.
 */
export class TradeJournal {
  readonly path: string
  /** The closed records that left the ledger's memory, derived from these events. */
  readonly settled: SettledTrades
  private readonly db: DatabaseSync
  private readonly insert: StatementSync

  /** `onError` hears failures to store settled records (default: a process warning). */
  constructor (db: DatabaseSync, path: string, onError?: (error: PersistenceError) => void) {
    this.db = db
    this.path = path
    this.settled = new SettledTrades(db, path, onError ?? ((error) => { process.emitWarning(error.message, { code: error.code }) }))
    this.insert = db.prepare(`INSERT INTO trade_events
      (event, symbol, side, quantity, price, pnl, fees, trade_id, timestamp_ms, metadata, fill, strategy, entry_tag, exit_reason)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  }

  /** Stores one event; throws PersistenceError (`io`, ...) when it cannot. */
  append (e: TradeEvent): void {
    try {
      this.insert.run(e.event, e.symbol, e.side, e.quantity, e.price, e.pnl ?? null, e.fees ?? null, e.trade_id ?? null,
        e.timestamp, metadataJson(e.metadata), fillJson(e), e.strategy ?? null, e.entry_tag ?? null, e.exit_reason ?? null)
    } catch (error) {
      throw toPersistenceError(error, this.path, 'writing a trade event')
    }
  }

  /** Calls `visit` with every stored event, oldest first; returns how many. */
  replay (visit: (event: TradeEvent) => void): number {
    let n = 0
    let rows: Iterable<EventRow>
    try {
      rows = this.db.prepare('SELECT * FROM trade_events ORDER BY seq').iterate() as Iterable<EventRow>
      for (const row of rows) {
        visit({
          event: row.event,
          symbol: row.symbol,
          side: row.side,
          quantity: row.quantity,
          price: row.price,
          pnl: row.pnl,
          fees: row.fees,
          trade_id: row.trade_id,
          timestamp: row.timestamp_ms,
          metadata: parseMetadata(row.metadata),
          ...parseFill(row.fill),
          strategy: row.strategy,
          entry_tag: row.entry_tag,
          exit_reason: row.exit_reason
        })
        n++
      }
    } catch (error) {
      throw toPersistenceError(error, this.path, `reading trade event ${n + 1} of the journal`, 'corrupt')
    }
    return n
  }

  /** Number of stored events. */
  count (): number {
    return (this.db.prepare('SELECT count(*) AS n FROM trade_events').get() as { n: number }).n
  }

  /** Removes every stored event and the records derived from them; returns how many events. */
  clear (): number {
    try {
      this.settled.clear()
      return Number(this.db.prepare('DELETE FROM trade_events').run().changes)
    } catch (error) {
      throw toPersistenceError(error, this.path, 'clearing the trade journal')
    }
  }
}

/** JSON of the metadata, or null when there is none, it cannot be serialized, or it is too large. */
function metadataJson (metadata: TradeEvent['metadata']): string | null {
  if (metadata == null) return null
  try {
    const json = JSON.stringify(metadata)
    return json !== undefined && json.length <= MAX_METADATA_JSON ? json : null
  } catch {
    return null
  }
}

function parseMetadata (json: string | null): TradeEvent['metadata'] {
  if (json === null) return null
  try {
    const value: unknown = JSON.parse(json)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : null
  } catch {
    return null
  }
}
