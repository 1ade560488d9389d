import { InvalidLabelError, InvalidMetricNameError } from './errors.ts'

/** Label name to value. Values are strings once stored. */
export type Labels = Readonly<Record<string, string>>
/** What callers may pass as tags: numbers and booleans are stored as their text. */
export type TagsInput = Readonly<Record<string, string | number | boolean>>

// Prometheus data model: metric names may hold colons, label names may not.
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/
// C0 controls and DEL never belong in a label value; rejecting them also keeps
// the lookup-key separators below unambiguous.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

/** Length limits, in UTF-16 code units. */
export const LIMITS = Object.freeze({
  metricNameLength: 200,
  labelNameLength: 100,
  labelValueLength: 256,
  labelsPerSeries: 16
})

export const EMPTY_LABELS: Labels = Object.freeze({})

/** Throws InvalidMetricNameError unless `name` is a valid metric name. */
export function validateMetricName (name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new InvalidMetricNameError(name, 'must be a string')
  if (name.length === 0) throw new InvalidMetricNameError(name, 'must not be empty')
  if (name.length > LIMITS.metricNameLength) {
    throw new InvalidMetricNameError(name.slice(0, 40) + '...', `longer than ${LIMITS.metricNameLength} characters`)
  }
  if (!METRIC_NAME.test(name)) throw new InvalidMetricNameError(name, 'must match [a-zA-Z_:][a-zA-Z0-9_:]*')
}

/**
 * Validates tags and returns them as a frozen label set with keys in sorted
 * order, plus the canonical key that identifies the label set.
 */
export function normalizeLabels (tags: TagsInput | undefined | null): { labels: Labels, key: string } {
  if (tags === undefined || tags === null) return { labels: EMPTY_LABELS, key: '' }
  if (typeof tags !== 'object' || Array.isArray(tags)) throw new InvalidLabelError('tags', 'must be an object of label name to value')
  const names = Object.keys(tags).sort()
  if (names.length > LIMITS.labelsPerSeries) {
    throw new InvalidLabelError(names[0], `more than ${LIMITS.labelsPerSeries} labels on one series`)
  }
  const labels: Record<string, string> = {}
  for (const name of names) {
    if (name.length > LIMITS.labelNameLength) throw new InvalidLabelError(name.slice(0, 40) + '...', `name longer than ${LIMITS.labelNameLength} characters`)
    if (!LABEL_NAME.test(name)) throw new InvalidLabelError(name, 'name must match [a-zA-Z_][a-zA-Z0-9_]*')
    if (name.startsWith('__')) throw new InvalidLabelError(name, 'names starting with __ are reserved')
    const raw = tags[name]
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      throw new InvalidLabelError(name, 'value must be a string, number or boolean')
    }
    const value = String(raw)
    if (value.length > LIMITS.labelValueLength) throw new InvalidLabelError(name, `value longer than ${LIMITS.labelValueLength} characters`)
    if (CONTROL.test(value)) throw new InvalidLabelError(name, 'value contains control characters')
    labels[name] = value
  }
  return { labels: Object.freeze(labels), key: lookupKey(labels) }
}

const KEY_SEP = '\u0001'
const PAIR_SEP = '\u0002'

/**
 * The key under which a tag object is looked up, in the tags' own key order.
 * It starts with the tag count, so that a value smuggling the separators
 * cannot collide with another label set: with equal counts, equal keys hold
 * equally many separators, so none can hide in a value.
 */
export function lookupKey (tags: TagsInput): string {
  let key = ''
  let count = 0
  for (const name in tags) {
    key += name + KEY_SEP + tags[name] + PAIR_SEP
    count++
  }
  return count === 0 ? '' : String.fromCharCode(count) + key
}

/** True when `labels` has every name=value pair of `filter`. */
export function matchesLabels (labels: Labels, filter: Labels): boolean {
  for (const name in filter) {
    if (labels[name] !== filter[name]) return false
  }
  return true
}
