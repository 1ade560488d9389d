import type { Series } from '../core/series.ts'

/** Default byte budget of the read cache: 32 MiB. */
export const DEFAULT_READ_CACHE_BYTES = 32 * 1024 * 1024

/** Hits, misses and size of a ReadCache, for benchmarks and diagnostics. */
export interface ReadCacheStats {
  entries: number
  bytes: number
  maxBytes: number
  hits: number
  misses: number
  /** Entries dropped to stay within the budget (stale entries are not counted). */
  evictions: number
}

interface Entry {
  body: Buffer
  /** What the answer depends on beyond the points: the store's clear count, series counts. */
  shape: string
  deps: readonly Series[]
  /** Each dependency's ring version when the answer was built. */
  versions: Float64Array
}

/**
 * Serialised answers of the read routes (GET /metric/{name}, GET /all),
 * kept as UTF-8 bytes under a byte budget, least recently used first out.
 *
 * An entry names the series it was built from and their ring versions
 * (bumped by every point recorded); a lookup that finds one of them moved
 * drops the entry. A new point in one series therefore invalidates only the
 * answers that read it: a chart of another metric keeps its entry. Why:
 * formatting a thousand points' numbers is most of a read's cost (V8's
 * shortest round-trip double formatting), and dashboards poll the same
 * query many times between two points.
 */
export class ReadCache {
  readonly maxBytes: number
  private readonly entries = new Map<string, Entry>()
  private bytes = 0
  private hits = 0
  private misses = 0
  private evictions = 0
  /** The entry last inserted or moved: the end of the LRU order. */
  private newest: Entry | null = null

  /** @param maxBytes budget in bytes; 0 disables the cache (every lookup misses, nothing is kept). */
  constructor (maxBytes: number = DEFAULT_READ_CACHE_BYTES) {
    if (!Number.isInteger(maxBytes) || maxBytes < 0) throw new RangeError(`read cache budget must be a non-negative integer of bytes, got ${String(maxBytes)}`)
    this.maxBytes = maxBytes
  }

  /**
   * The cached answer for `key` if it was built with the same `shape` and
   * every series it read still has the version it had then; else undefined
   * (a stale entry is dropped). A hit makes the entry the most recently used.
   */
  get (key: string, shape: string): Buffer | undefined {
    const entry = this.entries.get(key)
    if (entry === undefined) {
      this.misses++
      return undefined
    }
    if (entry.shape !== shape || !current(entry)) {
      this.drop(key, entry)
      this.misses++
      return undefined
    }
    // Re-inserting moves the key to the end of the map's order: the LRU order. Skipped
    // for the newest entry (a chart polling one query): a delete leaves a hole that the
    // map's table is rebuilt to drop, an allocation on every few hits.
    if (entry !== this.newest) {
      this.entries.delete(key)
      this.entries.set(key, entry)
      this.newest = entry
    }
    this.hits++
    return entry.body
  }

  /**
   * Keeps `body` as the answer for `key`, built from `deps` at their current
   * ring versions. Evicts least recently used entries to stay within the
   * budget; a body larger than the whole budget is not kept.
   */
  set (key: string, shape: string, deps: readonly Series[], body: Buffer): void {
    const old = this.entries.get(key)
    if (old !== undefined) this.drop(key, old)
    const size = sizeOf(key, body, deps.length)
    if (size > this.maxBytes) return
    const versions = new Float64Array(deps.length)
    for (let i = 0; i < deps.length; i++) versions[i] = deps[i].ring.version
    while (this.bytes + size > this.maxBytes) {
      const oldest = this.entries.keys().next()
      if (oldest.done === true) break
      this.drop(oldest.value, this.entries.get(oldest.value)!)
      this.evictions++
    }
    // A copy: a family's own series list grows in place.
    const entry: Entry = { body, shape, deps: deps.slice(), versions }
    this.entries.set(key, entry)
    this.newest = entry
    this.bytes += size
  }

  /** Drops every entry (counters are kept). */
  clear (): void {
    this.entries.clear()
    this.newest = null
    this.bytes = 0
  }

  /** Whether `key` has an entry, current or not; does not touch the LRU order. */
  has (key: string): boolean {
    return this.entries.has(key)
  }

  stats (): ReadCacheStats {
    return { entries: this.entries.size, bytes: this.bytes, maxBytes: this.maxBytes, hits: this.hits, misses: this.misses, evictions: this.evictions }
  }

  private drop (key: string, entry: Entry): void {
    if (entry === this.newest) this.newest = null
    this.entries.delete(key)
    this.bytes -= sizeOf(key, entry.body, entry.deps.length)
  }
}

function current (entry: Entry): boolean {
  const { deps, versions } = entry
  for (let i = 0; i < deps.length; i++) if (deps[i].ring.version !== versions[i]) return false
  return true
}

/** Bytes an entry is charged: its body, its key (UTF-16) and 16 bytes per dependency (reference + version). */
function sizeOf (key: string, body: Buffer, deps: number): number {
  return body.byteLength + key.length * 2 + deps * 16
}
