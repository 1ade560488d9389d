import { isSystemSeriesName } from '../collect/system-series.ts'
import type { MetricFamily } from '../core/metric-family.ts'
import { MetricKind } from '../core/metric-kind.ts'
import type { Series } from '../core/series.ts'
import { OVERFLOW_LABELS } from '../core/store.ts'
import type { SeriesStore } from '../core/store.ts'
import { mappingOf } from './prometheus-names.ts'
import type { NameClaims, PromMapping } from './prometheus-names.ts'
import { familyHeader, formatBound, formatValue, renderLabels } from './text-format.ts'
import type { ExpositionFormat } from './text-format.ts'

/** Told when a user's metric is left out because its Prometheus name is taken. */
export type ClashHandler = (metric: string, promName: string) => void

/**
 * The series' label text, braces included: the family's catalog labels
 * first, then the series' own. An own label whose name is taken is renamed
 * `exported_<name>`, as Prometheus does on a scrape: taken are the catalog
 * labels, a histogram's `le`, and `overflow` on any series but the overflow
 * series (a user's `{overflow="true"}` would otherwise duplicate it).
 * Rendered once and kept in `series.labelText`: a series' labels never change.
 */
export function seriesLabelText (series: Series, mapping: PromMapping): string {
  if (series.labelText !== null) return series.labelText
  const pairs: Array<[string, string]> = []
  const used = new Set<string>()
  for (const name in mapping.labels) {
    pairs.push([name, mapping.labels[name]])
    used.add(name)
  }
  if (mapping.type === 'histogram') used.add('le')
  if (series.labels !== OVERFLOW_LABELS) used.add('overflow')
  for (const own in series.labels) {
    let name = own
    while (used.has(name)) name = 'exported_' + name
    used.add(name)
    pairs.push([name, series.labels[own]])
  }
  series.labelText = renderLabels(pairs)
  return series.labelText
}

interface Group {
  mapping: PromMapping
  families: MetricFamily[]
}

/**
 * Appends every store family to `out`, one Prometheus family per name:
 * catalog names that share a Prometheus family (`trade_opened` and
 * `trade_closed` into `breakout_trade_events_total`) are grouped under one
 * HELP/TYPE block. A user's family whose name `claims` already holds is left
 * out and reported to `onClash`. A family with no sample to show (gauges
 * without points) is left out. Samples come as UTF-8 buffers (see
 * `renderFamily`), headers as strings: `out.join('')` reads both.
 */
export function renderStore (store: SeriesStore, format: ExpositionFormat, claims: NameClaims, out: Array<string | Buffer>, onClash: ClashHandler): void {
  const groups = new Map<string, Group>()
  for (const family of store.allFamilies()) {
    // The sampler's series are exposed once, as the breakout_system_* gauges of the latest sample.
    if (isSystemSeriesName(family.name)) continue
    const mapping = mappingOf(family)
    if (!mapping.catalog && !claims.claim(mapping.name, mapping.type)) {
      onClash(family.name, mapping.name)
      continue
    }
    const group = groups.get(mapping.name)
    if (group === undefined) groups.set(mapping.name, { mapping, families: [family] })
    else group.families.push(family)
  }
  for (const { mapping, families } of groups.values()) {
    const mark = out.length
    out.push(familyHeader(mapping.name, mapping.type, mapping.help, mapping.unit, format))
    const before = out.length
    for (const family of families) {
      const text = renderFamily(family, mappingOf(family), format)
      if (text.byteLength > 0) out.push(text)
    }
    if (out.length === before) out.length = mark
  }
}

/**
 * One family's rendered samples in one format: each series' text with the
 * stamp (ring version, all-time count) it was rendered at, and the
 * family's whole text while no series changed.
 */
interface FamilyTexts {
  texts: string[]
  versions: number[]
  counts: number[]
  /** The family's text as UTF-8, or null when a series changed or was added since it was joined. */
  whole: Buffer | null
}

const textCache = new WeakMap<MetricFamily, Partial<Record<ExpositionFormat, FamilyTexts>>>()

function familyTexts (family: MetricFamily, format: ExpositionFormat): FamilyTexts {
  let byFormat = textCache.get(family)
  if (byFormat === undefined) {
    byFormat = {}
    textCache.set(family, byFormat)
  }
  let texts = byFormat[format]
  if (texts === undefined) {
    texts = { texts: [], versions: [], counts: [], whole: null }
    byFormat[format] = texts
  }
  return texts
}

/**
 * One family's samples as one string. A series' text is kept with the ring
 * version and all-time count it was rendered at (every point, clear and
 * restore moves one of them) and reused while both hold: a scrape then
 * formats only the numbers that changed since the last one, and a family
 * where nothing changed is one buffer reused whole. Formatting the numbers
 * was most of a render; re-checking 10,000 stamps costs microseconds. The
 * family is kept as bytes, not as a string: joining thousands of cached
 * strings (V8 ropes) flattened them again at every scrape, which measured
 * slower than the formatting it saved.
 */
function renderFamily (family: MetricFamily, mapping: PromMapping, format: ExpositionFormat): Buffer {
  const cache = familyTexts(family, format)
  const series = family.series
  const { texts, versions, counts } = cache
  let changed = cache.whole === null || texts.length !== series.length
  for (let i = 0; i < series.length; i++) {
    const s = series[i]
    const version = s.ring.version
    const count = s.totalCount
    if (i < texts.length && versions[i] === version && counts[i] === count) continue
    texts[i] = renderSeries(s, mapping, format, family)
    versions[i] = version
    counts[i] = count
    changed = true
  }
  if (!changed) return cache.whole!
  let out = ''
  for (let i = 0; i < texts.length; i++) out += texts[i]
  cache.whole = Buffer.from(out)
  return cache.whole
}

/**
 * One series' samples. Appending to a string (V8 keeps it as a rope until
 * the final join) measured 15-20 % faster than pushing each line.
 */
function renderSeries (s: Series, mapping: PromMapping, format: ExpositionFormat, family: MetricFamily): string {
  const name = mapping.name
  switch (mapping.kind) {
    case MetricKind.gauge: {
      const ring = s.ring
      if (ring.size === 0) return ''
      return name + (s.labelText ?? seriesLabelText(s, mapping)) + ' ' + formatValue(ring.valueAt(ring.size - 1)) + '\n'
    }
    case MetricKind.counter:
      // All-time totals, not the ring: a counter must not go down when old points age out.
      return name + (s.labelText ?? seriesLabelText(s, mapping)) + ' ' + s.totalCount + '\n'
    case MetricKind.total:
      return name + (s.labelText ?? seriesLabelText(s, mapping)) + ' ' + formatValue(s.totalSum) + '\n'
    case MetricKind.histogram:
      return renderHistogram(s, mapping, leTexts(family, format))
  }
  return ''
}

function renderHistogram (s: Series, mapping: PromMapping, les: readonly string[]): string {
  const counts = s.bucketCounts
  if (counts === null || counts.length !== les.length) return ''
  const labels = s.labelText ?? seriesLabelText(s, mapping)
  // `{a="x",` + `le="0.5"} `: the series' labels with the bound appended.
  const prefix = mapping.name + '_bucket' + (labels === '' ? '{' : labels.slice(0, -1) + ',')
  let out = ''
  let cumulative = 0
  for (let b = 0; b < counts.length; b++) {
    cumulative += counts[b]
    out += prefix + les[b] + cumulative + '\n'
  }
  return out + mapping.name + '_sum' + labels + ' ' + formatValue(s.totalSum) + '\n' + mapping.name + '_count' + labels + ' ' + cumulative + '\n'
}

const leCache = new WeakMap<MetricFamily, Partial<Record<ExpositionFormat, string[]>>>()

/** `le="<bound>"} ` for each bound and `+Inf`, per family and format, built once. */
function leTexts (family: MetricFamily, format: ExpositionFormat): string[] {
  let byFormat = leCache.get(family)
  if (byFormat === undefined) {
    byFormat = {}
    leCache.set(family, byFormat)
  }
  let texts = byFormat[format]
  if (texts === undefined) {
    texts = family.definition.buckets.map((b) => 'le="' + formatBound(b, format) + '"} ')
    texts.push('le="+Inf"} ')
    byFormat[format] = texts
  }
  return texts
}
