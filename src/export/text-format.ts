/**
 * The lexical pieces of the Prometheus text format 0.0.4 and OpenMetrics 1.0
 * text: escaping, number formatting, label text. Both formats share label
 * escaping and sample values; they differ in HELP escaping and in how
 * histogram bounds should be written.
 */

/** The two text formats the exposition renders. */
export const ExpositionFormat = {
  prometheus: 'prometheus',
  openmetrics: 'openmetrics'
} as const
export type ExpositionFormat = typeof ExpositionFormat[keyof typeof ExpositionFormat]

const LABEL_VALUE_SPECIAL = /[\\"\n]/
const HELP_SPECIAL = /[\\\n]/
const HELP_SPECIAL_OM = /[\\"\n]/

/**
 * Escapes a label value: backslash, double quote and line feed, as both
 * formats require.
 */
export function escapeLabelValue (value: string): string {
  if (!LABEL_VALUE_SPECIAL.test(value)) return value
  return value.replace(/[\\"\n]/g, escapeChar)
}

/**
 * Escapes HELP text. Format 0.0.4 escapes backslash and line feed only (a
 * double quote stays as is); OpenMetrics escapes the double quote too.
 */
export function escapeHelp (help: string, format: ExpositionFormat): string {
  if (format === ExpositionFormat.openmetrics) {
    return HELP_SPECIAL_OM.test(help) ? help.replace(/[\\"\n]/g, escapeChar) : help
  }
  return HELP_SPECIAL.test(help) ? help.replace(/[\\\n]/g, escapeChar) : help
}

function escapeChar (c: string): string {
  return c === '\n' ? '\\n' : '\\' + c
}

/**
 * A sample value as both formats want it: the shortest text that reads back
 * as the same float64 (JavaScript's own number to string, which Go's
 * ParseFloat accepts, exponents included), `+Inf`, `-Inf` or `NaN`.
 */
export function formatValue (value: number): string {
  if (value - value === 0) return '' + value
  if (value === Infinity) return '+Inf'
  if (value === -Infinity) return '-Inf'
  return 'NaN'
}

/**
 * A histogram bound for the `le` label. OpenMetrics asks for canonical
 * floats, so an integral bound gets a `.0` there (`1.0`, as Prometheus's own
 * clients write it); format 0.0.4 takes the plain value (`1`).
 */
export function formatBound (bound: number, format: ExpositionFormat): string {
  const text = formatValue(bound)
  if (format === ExpositionFormat.openmetrics && Number.isInteger(bound) && !text.includes('e')) return text + '.0'
  return text
}

/**
 * Label pairs as exposition text, braces included (`{a="x",b="y"}`), or the
 * empty string for no labels. Names are taken as valid.
 */
export function renderLabels (pairs: ReadonlyArray<readonly [string, string]>): string {
  if (pairs.length === 0) return ''
  let text = '{'
  for (let i = 0; i < pairs.length; i++) {
    if (i > 0) text += ','
    text += pairs[i][0] + '="' + escapeLabelValue(pairs[i][1]) + '"'
  }
  return text + '}'
}

/**
 * The HELP and TYPE lines (and UNIT, in OpenMetrics) that open a family.
 * `name` is the family's name in format 0.0.4: for a counter it ends in
 * `_total`, which OpenMetrics leaves out of the metadata lines.
 */
export function familyHeader (name: string, type: string, help: string, unit: string, format: ExpositionFormat): string {
  if (format === ExpositionFormat.openmetrics) {
    const family = type === 'counter' && name.endsWith('_total') ? name.slice(0, -6) : name
    let text = '# HELP ' + family + ' ' + escapeHelp(help, format) + '\n# TYPE ' + family + ' ' + type + '\n'
    // A UNIT line is only valid when the family name ends in the unit.
    if (unit !== '' && family.endsWith('_' + unit)) text += '# UNIT ' + family + ' ' + unit + '\n'
    return text
  }
  return '# HELP ' + name + ' ' + escapeHelp(help, format) + '\n# TYPE ' + name + ' ' + type + '\n'
}
