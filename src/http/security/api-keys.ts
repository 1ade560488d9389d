import crypto from 'node:crypto'
import { ConfigError } from '../../core/errors.ts'
import type { KeyScope } from './route-security.ts'

/**
 * One configured key, as the service keeps it: the SHA-256 of the key, never
 * the key. `id` is the first 8 hex digits of that digest: short enough to
 * log, not enough to recover or forge the key, and computable by the
 * operator (`printf %s "$KEY" | sha256sum | cut -c1-8`).
 */
export interface ApiKeyEntry {
  readonly scope: KeyScope
  readonly id: string
  /** SHA-256 of the key, 64 lowercase hex digits. */
  readonly sha256: string
}

/** Shortest key accepted: 16 characters keep guessing out of reach even at full request rate. */
export const MIN_KEY_LENGTH = 16
/** Longest key accepted; longer credentials are refused before they are hashed. */
export const MAX_KEY_LENGTH = 512

const KEY_SCOPES = new Set<string>(['read', 'write', 'admin'])
// Printable ASCII without space or comma: a key must survive a shell, an env var and the list syntax.
const KEY_CHARS = /^[\x21-\x2b\x2d-\x7e]+$/
const HASHED = /^sha256:([0-9a-fA-F]{64})$/

/** SHA-256 of a key, as a 32-byte buffer. */
export function keyDigest (key: string): Buffer {
  return crypto.createHash('sha256').update(key, 'utf8').digest()
}

/** The short, non-reversible id of a key as it appears in logs: 8 hex digits of its SHA-256. */
export function keyFingerprint (key: string): string {
  return keyDigest(key).toString('hex').slice(0, 8)
}

/**
 * Parses `scope:key` entries separated by commas or newlines (the format of
 * METRICS_API_KEYS). A key may be given as `sha256:<64 hex digits>`, its
 * digest, so that the clear key need not be on the server at all. Errors
 * name the entry by position, never by its key.
 *
 * @example parseApiKeys('read:3f9c0c4e5d2b8a17e6f1,admin:9d8e7f6a5b4c3d2e1f0a', 'METRICS_API_KEYS')
 */
export function parseApiKeys (spec: string, source: string): ApiKeyEntry[] {
  const entries: ApiKeyEntry[] = []
  const seen = new Set<string>()
  const parts = spec.split(/[,\n]/).map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#'))
  parts.forEach((part, i) => {
    const at = `${source} entry ${i + 1}`
    const colon = part.indexOf(':')
    const scope = colon < 0 ? '' : part.slice(0, colon).trim()
    if (!KEY_SCOPES.has(scope)) throw new ConfigError(at, 'must be scope:key with scope read, write or admin')
    const key = part.slice(colon + 1).trim()
    const hashed = HASHED.exec(key)
    let sha256: string
    if (hashed !== null) {
      sha256 = hashed[1].toLowerCase()
    } else {
      if (key.length < MIN_KEY_LENGTH || key.length > MAX_KEY_LENGTH) {
        throw new ConfigError(at, `key must be ${MIN_KEY_LENGTH} to ${MAX_KEY_LENGTH} characters (e.g. \`openssl rand -hex 32\`)`)
      }
      if (!KEY_CHARS.test(key)) throw new ConfigError(at, 'key must be printable ASCII without spaces or commas')
      sha256 = keyDigest(key).toString('hex')
    }
    if (seen.has(scope + sha256)) return
    seen.add(scope + sha256)
    entries.push(Object.freeze({ scope: scope as KeyScope, id: sha256.slice(0, 8), sha256 }))
  })
  return entries
}

/**
 * Compares two SHA-256 digests in constant time. Both are always 32 bytes,
 * so `timingSafeEqual` never throws and the time does not depend on where
 * they differ, nor on the length of the key that was sent.
 */
export function digestsEqual (a: Buffer, b: Buffer): boolean {
  if (a.length !== 32 || b.length !== 32) throw new RangeError('digestsEqual compares 32-byte SHA-256 digests')
  return crypto.timingSafeEqual(a, b)
}

/** A key the ring recognised: its id and every scope configured for it. */
export interface KeyMatch {
  id: string
  scopes: ReadonlySet<KeyScope>
}

interface RingEntry {
  digest: Buffer
  match: KeyMatch
}

/**
 * The configured keys, held as digests. `identify` hashes the key it is
 * given and compares the digest with every configured digest, without
 * stopping at a match, so the time taken says nothing about which key
 * matched or how much of it.
 */
export class KeyRing {
  readonly #entries: RingEntry[]

  constructor (keys: readonly ApiKeyEntry[]) {
    const byDigest = new Map<string, { digest: Buffer, id: string, scopes: Set<KeyScope> }>()
    for (const k of keys) {
      let e = byDigest.get(k.sha256)
      if (e === undefined) {
        e = { digest: Buffer.from(k.sha256, 'hex'), id: k.id, scopes: new Set() }
        byDigest.set(k.sha256, e)
      }
      e.scopes.add(k.scope)
    }
    this.#entries = [...byDigest.values()].map((e) => ({ digest: e.digest, match: Object.freeze({ id: e.id, scopes: e.scopes }) }))
  }

  /** Distinct keys configured. */
  get size (): number {
    return this.#entries.length
  }

  /** Keys per scope, for the start-up line. */
  counts (): Record<KeyScope, number> {
    const counts = { read: 0, write: 0, admin: 0 }
    for (const e of this.#entries) for (const s of e.match.scopes) counts[s]++
    return counts
  }

  /** The configured key equal to `presented`, or null. */
  identify (presented: string): KeyMatch | null {
    const digest = keyDigest(presented)
    let found: KeyMatch | null = null
    for (const e of this.#entries) {
      if (digestsEqual(digest, e.digest)) found = e.match
    }
    return found
  }
}
