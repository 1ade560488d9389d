import type { Labels } from '../core/label-set.ts'
import { catalogEntry, KNOWN_METRIC_NAMES } from '../core/metric-catalog.ts'
import type { MetricFamily } from '../core/metric-family.ts'
import { MetricKind } from '../core/metric-kind.ts'
import type { MetricDefinition } from '../core/metric-kind.ts'

/** Prometheus metric types the exposition writes. */
export type PromType = 'gauge' | 'counter' | 'histogram'

/** How one store family (a JSON metric name) is exposed to Prometheus. */
export interface PromMapping {
  /** Family name in format 0.0.4; a counter's ends in `_total`. */
  readonly name: string
  readonly type: PromType
  /** The store kind: decides which number a series exposes. */
  readonly kind: MetricKind
  readonly help: string
  readonly unit: string
  /** Labels every series of the family carries before its own (e.g. `event`). */
  readonly labels: Labels
  /**
   * True for the product's own names (metric-catalog.ts): several store
   * families may share one Prometheus family, and the name is reserved for them.
   */
  readonly catalog: boolean
}

/** The Prometheus type of a store kind: counters and totals are both counters. */
export function promTypeOf (kind: MetricKind): PromType {
  if (kind === MetricKind.histogram) return 'histogram'
  if (kind === MetricKind.gauge) return 'gauge'
  return 'counter'
}

/** A counter's family name: the name with a `_total` suffix, added when missing. */
export function counterName (name: string): string {
  return name.endsWith('_total') ? name : name + '_total'
}

/**
 * How a store family is exposed. A catalog name keeps its catalog mapping
 * only while its definition has the catalog's kind; a name redefined as
 * another kind, or a user's own name, is exposed under its own name (a
 * counter's with `_total`) with its definition's help and unit.
 */
export function mapFamily (name: string, definition: MetricDefinition): PromMapping {
  const entry = catalogEntry(name)
  if (entry !== null && entry.kind === definition.kind) {
    return { name: entry.promName, type: promTypeOf(entry.kind), kind: entry.kind, help: entry.help, unit: entry.unit, labels: entry.promLabels, catalog: true }
  }
  const type = promTypeOf(definition.kind)
  return {
    name: type === 'counter' ? counterName(name) : name,
    type,
    kind: definition.kind,
    help: definition.help,
    unit: definition.unit,
    labels: {},
    catalog: false
  }
}

const mappings = new WeakMap<MetricFamily, PromMapping>()

/** `mapFamily` for a store family, computed once per family. */
export function mappingOf (family: MetricFamily): PromMapping {
  let m = mappings.get(family)
  if (m === undefined) {
    m = mapFamily(family.name, family.definition)
    mappings.set(family, m)
  }
  return m
}

/**
 * Every name a family occupies in either format: its own, the sample names
 * derived from it, and a counter's OpenMetrics family name without `_total`.
 * Two families clash when these sets meet.
 */
export function occupiedNames (name: string, type: PromType): string[] {
  if (type === 'histogram') return [name, name + '_bucket', name + '_sum', name + '_count', name + '_created']
  if (type === 'counter') {
    const base = name.endsWith('_total') ? name.slice(0, -6) : name
    return [name, base, base + '_created']
  }
  return [name]
}

/**
 * The Prometheus families of the product's own names, reserved even before
 * their first point so that a user's metric cannot take them.
 */
export const CATALOG_FAMILIES: ReadonlyArray<{ name: string, type: PromType }> = (() => {
  const seen = new Map<string, PromType>()
  // One member of each prefix family stands for all of them.
  for (const n of [...KNOWN_METRIC_NAMES, 'trade_opened', 'scanner_filter_any', 'latency_any']) {
    const entry = catalogEntry(n)
    if (entry !== null) seen.set(entry.promName, promTypeOf(entry.kind))
  }
  return [...seen].map(([name, type]) => ({ name, type }))
})()

/**
 * Names taken so far in one rendering. A family is admitted only when none
 * of its names is taken, which keeps every family name unique in both formats.
 */
export class NameClaims {
  private readonly taken: Set<string>

  constructor (from?: NameClaims) {
    this.taken = new Set(from?.taken)
  }

  /** Takes the family's names and returns true, or returns false when one is already taken. */
  claim (name: string, type: PromType): boolean {
    const names = occupiedNames(name, type)
    for (const n of names) if (this.taken.has(n)) return false
    for (const n of names) this.taken.add(n)
    return true
  }

  has (name: string): boolean {
    return this.taken.has(name)
  }
}
