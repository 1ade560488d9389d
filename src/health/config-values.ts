import { ConfigError } from '../core/errors.ts'
import type { Labels } from '../core/label-set.ts'
import { normalizeLabels } from '../core/label-set.ts'
import { redactUrl } from '../core/redact-url.ts'
import { configDurationMs } from './duration.ts'

/** A plain object from a config document (YAML mapping or JSON object). */
export type RawObject = Record<string, unknown>

export function isObject (v: unknown): v is RawObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function show (v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v)
}

/**
 * Readers of config values: each returns the typed value or throws a
 * ConfigError that names the key (`health.rules.cpu_high.warning`).
 */
export const read = {
  object (v: unknown, key: string): RawObject {
    if (!isObject(v)) throw new ConfigError(key, `must be a mapping of keys to values, got ${Array.isArray(v) ? 'a list' : show(v)}`)
    return v
  },

  /** Rejects keys not in `known`: a typo must not be ignored silently. */
  knownKeys (o: RawObject, known: readonly string[], key: string): void {
    for (const k of Object.keys(o)) {
      if (!known.includes(k)) throw new ConfigError(`${key}.${k}`, `unknown key; known keys: ${known.join(', ')}`)
    }
  },

  number (v: unknown, key: string, { min = -Infinity, integer = false } = {}): number {
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new ConfigError(key, `must be a number, got ${show(v)}`)
    if (integer && !Number.isInteger(n)) throw new ConfigError(key, `must be an integer, got ${show(v)}`)
    if (n < min) throw new ConfigError(key, `must be at least ${min}, got ${show(v)}`)
    return n
  },

  /** A number, or null (`null`, `~`, or the text `none`) for "no such level". */
  threshold (v: unknown, key: string): number | null {
    if (v === null || v === 'none' || v === 'null') return null
    return read.number(v, key)
  },

  durationMs (v: unknown, key: string, { min = 0 } = {}): number {
    const ms = configDurationMs(v)
    if (ms === null) throw new ConfigError(key, `must be a duration such as 500ms, 5s, 1m, 1h30m, or a number of seconds, got ${show(v)}`)
    if (ms < min) throw new ConfigError(key, `must be at least ${min} ms, got ${show(v)}`)
    return ms
  },

  boolean (v: unknown, key: string): boolean {
    if (typeof v === 'boolean') return v
    if (v === 'true' || v === '1' || v === 'yes') return true
    if (v === 'false' || v === '0' || v === 'no') return false
    throw new ConfigError(key, `must be true or false, got ${show(v)}`)
  },

  string (v: unknown, key: string, pattern?: RegExp): string {
    if (typeof v !== 'string' || v === '') throw new ConfigError(key, `must be a non-empty string, got ${show(v)}`)
    if (pattern !== undefined && !pattern.test(v)) throw new ConfigError(key, `must match ${pattern.source}, got ${show(v)}`)
    return v
  },

  oneOf<T extends string> (v: unknown, key: string, values: readonly T[]): T {
    if (typeof v !== 'string' || !values.includes(v as T)) throw new ConfigError(key, `must be one of ${values.join(', ')}, got ${show(v)}`)
    return v as T
  },

  stringList (v: unknown, key: string, pattern: RegExp): string[] {
    if (!Array.isArray(v)) throw new ConfigError(key, `must be a list, got ${show(v)}`)
    return v.map((item, i) => read.string(item, `${key}[${i}]`, pattern))
  },

  labels (v: unknown, key: string): Labels {
    const o = read.object(v, key)
    try {
      return normalizeLabels(o as Record<string, string>).labels
    } catch (error) {
      throw new ConfigError(key, error instanceof Error ? error.message : String(error))
    }
  },

  /**
   * An http or https URL; returned without a trailing slash. Messages show it
   * redacted: a notification URL may carry a token in its path or query.
   */
  url (v: unknown, key: string): string {
    const text = read.string(v, key)
    let url: URL
    try {
      url = new URL(text)
    } catch {
      throw new ConfigError(key, `must be an absolute http(s) URL, got ${text.length} characters that are not one (not shown: they may hold a token)`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(key, `must be an http or https URL, got ${redactUrl(text)}`)
    return text.replace(/\/+$/, '')
  },

  headers (v: unknown, key: string): Record<string, string> {
    const o = read.object(v, key)
    const out: Record<string, string> = {}
    for (const [name, value] of Object.entries(o)) {
      if (!/^[A-Za-z0-9-]+$/.test(name)) throw new ConfigError(`${key}.${name}`, 'must be an HTTP header name')
      out[name] = read.string(value, `${key}.${name}`)
    }
    return out
  }
}
