import { InvalidTradeEventError } from '../core/errors.ts'

/** The context fields of a trade event: why a position was opened and closed, and by which strategy. */
export const CONTEXT_FIELDS = Object.freeze(['strategy', 'entry_tag', 'exit_reason'] as const)
export type ContextField = typeof CONTEXT_FIELDS[number]

/**
 * Limits of a context value. Values become label values (Prometheus, the
 * breakdown), so their length and their number are bounded like labels.
 */
export const CONTEXT_LIMITS = Object.freeze({
  /** Longest value, UTF-16 code units. */
  valueLength: 64,
  /** Distinct values kept per field; later new values fold into `other`. */
  maxDistinct: 1000
})

/** The value every new value past `maxDistinct` is recorded under. */
export const OTHER_CONTEXT_VALUE = 'other'

// C0 controls and DEL: a value becomes a Prometheus label value.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/** Where each field may appear: an entry tag names an opening, an exit reason an exit. */
const ALLOWED_ON: Readonly<Record<ContextField, ReadonlySet<string>>> = {
  strategy: new Set(['opened', 'reduced', 'closed']),
  entry_tag: new Set(['opened']),
  exit_reason: new Set(['reduced', 'closed'])
}

/**
 * Checks the context fields of a trade-building event of kind `kind`:
 * each is absent, null, or a string of 1 to 64 characters without control
 * characters, on an event kind that takes it. Returns the error or null.
 */
export function checkTradeContext (e: Partial<Record<ContextField, unknown>>, kind: string): InvalidTradeEventError | null {
  for (const field of CONTEXT_FIELDS) {
    const v = e[field]
    if (v == null) continue
    if (typeof v !== 'string' || v.length === 0 || v.length > CONTEXT_LIMITS.valueLength || CONTROL.test(v)) {
      return new InvalidTradeEventError(field, `\`${field}\` must be a string of 1 to ${CONTEXT_LIMITS.valueLength} characters without control characters, or null`)
    }
    if (!ALLOWED_ON[field].has(kind)) {
      return new InvalidTradeEventError(field, `\`${field}\` is taken on ${[...ALLOWED_ON[field]].join('/')} events, not on ${kind}`)
    }
  }
  return null
}

/**
 * Bounds the distinct values of each context field: the first 1,000
 * values of a field are kept as given, any later new value is recorded as
 * `other` and counted. Deterministic in the order of the events, so a
 * journal replay folds the same values as the live ledger did.
 */
export class ContextLabels {
  private readonly seen: Record<ContextField, Set<string>> = { strategy: new Set(), entry_tag: new Set(), exit_reason: new Set() }
  private readonly foldedCounts: Record<ContextField, number> = { strategy: 0, entry_tag: 0, exit_reason: 0 }
  private readonly limit: number

  constructor (maxDistinct: number = CONTEXT_LIMITS.maxDistinct) {
    this.limit = maxDistinct
  }

  /** The value to record for `value` of `field`: itself, `other` past the limit, or null for none. */
  fold (field: ContextField, value: string | null | undefined): string | null {
    if (value == null) return null
    const seen = this.seen[field]
    if (seen.has(value)) return value
    if (seen.size < this.limit) {
      seen.add(value)
      return value
    }
    this.foldedCounts[field]++
    return OTHER_CONTEXT_VALUE
  }

  /** Events whose value was folded into `other`, per field, since the last clear. */
  folded (): Record<ContextField, number> {
    return { ...this.foldedCounts }
  }

  /** Distinct values kept per field. */
  distinct (): Record<ContextField, number> {
    return { strategy: this.seen.strategy.size, entry_tag: this.seen.entry_tag.size, exit_reason: this.seen.exit_reason.size }
  }

  clear (): void {
    for (const field of CONTEXT_FIELDS) {
      this.seen[field].clear()
      this.foldedCounts[field] = 0
    }
  }
}
