import type { Labels } from '../core/label-set.ts'
import { counterName } from './prometheus-names.ts'
import { familyHeader, formatValue, renderLabels } from './text-format.ts'
import type { ExpositionFormat } from './text-format.ts'

/** One sample of an extra family: its labels (none when omitted) and value. */
export interface ExtraSample {
  labels?: Labels
  value: number
}

/**
 * A Prometheus family computed at render time by another layer, such as the
 * trading statistics' headline gauges.
 *
 * @example
 * exposition.addProvider(() => [{
 *   name: 'breakout_trading_win_rate',
 *   help: 'Winning closed trades over all closed trades, 0..1.',
 *   type: 'gauge',
 *   samples: [{ labels: { window: '1h' }, value: 0.58 }]
 * }])
 */
export interface ExtraFamily {
  /** Family name; a counter's gets `_total` appended when it lacks it. */
  name: string
  /** One line of help text. */
  help: string
  type: 'gauge' | 'counter'
  /** Base unit (`seconds`, `bytes`); written as OpenMetrics UNIT when the name ends in it. */
  unit?: string
  samples: readonly ExtraSample[]
}

/** Returns the families to expose; called on every render, so keep it cheap. */
export type ExtraFamilyProvider = () => readonly ExtraFamily[]

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/**
 * Why an extra family cannot be exposed, or null when it can. Checked on
 * every render: a provider's bad family is left out, not the whole scrape.
 */
export function extraFamilyProblem (family: ExtraFamily): string | null {
  if (typeof family !== 'object' || family === null) return 'not an object'
  if (typeof family.name !== 'string' || !METRIC_NAME.test(family.name)) return `invalid name ${JSON.stringify(family.name)}`
  if (family.type !== 'gauge' && family.type !== 'counter') return `${family.name}: type must be gauge or counter`
  if (typeof family.help !== 'string') return `${family.name}: help must be a string`
  if (!Array.isArray(family.samples)) return `${family.name}: samples must be an array`
  for (const sample of family.samples) {
    if (typeof sample?.value !== 'number') return `${family.name}: a sample value is not a number`
    for (const label in sample.labels ?? {}) {
      if (!LABEL_NAME.test(label) || label.startsWith('__')) return `${family.name}: invalid label name ${JSON.stringify(label)}`
      if (typeof sample.labels![label] !== 'string') return `${family.name}: label ${label} is not a string`
    }
  }
  return null
}

/** The family's name as exposed: `_total` added to a counter's. */
export function extraFamilyName (family: ExtraFamily): string {
  return family.type === 'counter' ? counterName(family.name) : family.name
}

/**
 * Appends a valid extra family. A label set seen twice keeps its first
 * sample: a duplicate series would make Prometheus reject the sample.
 */
export function renderExtraFamily (family: ExtraFamily, format: ExpositionFormat, out: string[]): void {
  if (family.samples.length === 0) return
  const name = extraFamilyName(family)
  out.push(familyHeader(name, family.type, family.help, family.unit ?? '', format))
  const seen = new Set<string>()
  for (const sample of family.samples) {
    const labels = sample.labels ?? {}
    const text = renderLabels(Object.keys(labels).sort().map((k) => [k, labels[k]] as const))
    if (seen.has(text)) continue
    seen.add(text)
    out.push(name + text + ' ' + formatValue(sample.value) + '\n')
  }
}
