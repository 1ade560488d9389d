import { InvalidArgumentError } from '../core/errors.ts'

/**
 * The metadata keys a trade keeps when nothing else is configured: what
 * explains a trade, and nothing a bot might also stuff in (account ids,
 * API keys, whole exchange responses).
 */
export const DEFAULT_TRADE_METADATA_KEYS: readonly string[] = Object.freeze(['order_id', 'strategy', 'entry_tag', 'exit_reason'])

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/

/**
 * Checks a list of metadata keys to keep: each 1 to 64 characters of
 * letters, digits, `_`, `.` and `-`, starting with a letter or `_`.
 * Throws InvalidArgumentError naming `field` and the entry.
 */
export function checkTradeMetadataKeys (keys: readonly string[], field: string): string[] {
  const out: string[] = []
  for (const key of keys) {
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new InvalidArgumentError(field, `${JSON.stringify(String(key).slice(0, 80))} is not a metadata key: 1 to 64 letters, digits, _ . -, starting with a letter or _`)
    }
    if (!out.includes(key)) out.push(key)
  }
  return out
}

/**
 * Parses TRADE_METADATA_KEYS / --trade-metadata-keys: comma-separated keys,
 * or `none` to keep no metadata at all.
 */
export function parseTradeMetadataKeys (spec: string, field: string): string[] {
  if (spec.trim() === 'none') return []
  return checkTradeMetadataKeys(spec.split(',').map((k) => k.trim()).filter((k) => k !== ''), field)
}

/**
 * The metadata with only the `kept` keys (own properties), or null when
 * none is left or it is not a plain object. Returns `metadata` itself when
 * every key is kept, so an event already filtered costs no copy.
 */
export function keepMetadata (metadata: unknown, kept: ReadonlySet<string>): Readonly<Record<string, unknown>> | null {
  if (metadata === null || metadata === undefined || typeof metadata !== 'object' || Array.isArray(metadata)) return null
  const source = metadata as Record<string, unknown>
  let out: Record<string, unknown> | null = null
  let all = true
  for (const key of Object.keys(source)) {
    if (!kept.has(key)) {
      all = false
      continue
    }
    out ??= {}
    out[key] = source[key]
  }
  if (all) return out === null ? null : source
  return out
}
