import type { AdaptiveSamplingController } from './adaptive-sampling.ts'
import { DistinctCounters } from './distinct-counters.ts'
import { InvalidArgumentError, MetricKindConflictError, SeriesLimitError } from './errors.ts'
import { lookupKey, normalizeLabels, validateMetricName } from './label-set.ts'
import type { Labels, TagsInput } from './label-set.ts'
import { MetricFamily } from './metric-family.ts'
import { defaultDefinition } from './metric-kind.ts'
import type { MetricDefinition } from './metric-kind.ts'
import { QuantileSketch } from './quantile-sketch.ts'
import { createSampler } from './sampling.ts'
import type { SamplingOptions } from './sampling.ts'
import { SealQueue } from './seal-queue.ts'
import type { SealScheduler } from './seal-queue.ts'
import { Series } from './series.ts'

/** Store limits. Defaults in DEFAULT_STORE_OPTIONS. */
export interface StoreOptions {
  /** Points kept per series before the oldest age out. */
  capacity: number
  /** Label sets per metric name before new ones fold into the overflow series. */
  maxLabelSetsPerMetric: number
  /** Series in the whole store before new label sets fold. */
  maxSeries: number
}

/** Gives the definition of a name first seen without `define` (null: a plain gauge). */
export type DefinitionResolver = (name: string) => MetricDefinition | null

export const DEFAULT_STORE_OPTIONS: Readonly<StoreOptions> = Object.freeze({
  capacity: 10_000,
  maxLabelSetsPerMetric: 1_000,
  maxSeries: 10_000
})

/** Labels of the series that label sets past a limit fold into. */
export const OVERFLOW_LABELS: Labels = Object.freeze({ overflow: 'true' })

/**
 * The series of a SeriesStore, grouped by metric name: lookup and creation
 * within the limits, definitions, capacity and clearing. Pure: time comes
 * in as an argument. Lookups by (name, tags) are one map get on the name
 * and one on a key built from the tags in the caller's order; validation
 * and sorting happen only the first time a tag shape is seen.
 */
export class SeriesRegistry {
  /** The limits in force; replaced (not mutated) by `shrinkCapacity`. */
  options: Readonly<StoreOptions>
  protected readonly families = new Map<string, MetricFamily>()
  protected readonly definitions = new Map<string, MetricDefinition>()
  protected seriesCount = 0
  /** Per-name sampling and sketch settings: they outlive `clear`, as definitions do. */
  protected readonly samplingByName = new Map<string, { options: SamplingOptions, controller: AdaptiveSamplingController | null }>()
  protected readonly sketchByName = new Map<string, number>()
  /** Approximate distinct counts of unbounded values (order ids): never labels. */
  readonly distinct = new DistinctCounters()
  /** Bumped by every clear: lets caches tell "same counts" from "same data". */
  protected clears = 0

  protected readonly resolveDefinition: DefinitionResolver
  /** Full head blocks of every ring, compressed later (see ChunkedRing). */
  protected readonly sealQueue: SealQueue

  /**
   * `schedule` runs the compression of full ring blocks off the record path
   * (default: setImmediate; null: only when too many wait, or on `sealPending`).
   */
  constructor (options: Partial<StoreOptions> = {}, resolveDefinition: DefinitionResolver = () => null, schedule?: SealScheduler | null) {
    this.resolveDefinition = resolveDefinition
    this.sealQueue = schedule === undefined ? new SealQueue() : new SealQueue(schedule)
    const o: StoreOptions = { ...DEFAULT_STORE_OPTIONS }
    for (const k of Object.keys(o) as Array<keyof StoreOptions>) {
      if (options[k] !== undefined) o[k] = options[k]
    }
    for (const [k, v] of Object.entries(o)) {
      if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(k, `must be a positive integer, got ${String(v)}`)
    }
    this.options = Object.freeze(o)
  }

  /**
   * Declares how a metric name is exposed. Must come before its first point;
   * a name already in use keeps its kind (a conflicting kind throws).
   */
  define (name: string, definition: MetricDefinition): void {
    validateMetricName(name)
    const family = this.families.get(name)
    if (family !== undefined && family.definition.kind !== definition.kind) {
      throw new MetricKindConflictError(name, family.definition.kind, definition.kind)
    }
    this.definitions.set(name, definition)
  }

  /** The definition a name has or would get. */
  definitionOf (name: string): MetricDefinition {
    return this.families.get(name)?.definition ?? this.definitions.get(name) ?? this.resolveDefinition(name) ?? defaultDefinition(name)
  }

  /**
   * The series for (name, tags), created on first use. Throws on a bad name
   * or bad tags; folds into the overflow series past the limits.
   */
  series (name: string, tags?: TagsInput | null): Series {
    let family = this.families.get(name)
    if (family === undefined) {
      // A bad point must leave nothing behind, not an empty family per new name.
      validateMetricName(name)
      if (tags != null) normalizeLabels(tags)
      family = this.createFamily(name)
    }
    if (tags == null) return family.unlabelled ?? this.resolve(family, '', tags)
    const fast = family.fastLookup(tags)
    if (fast !== undefined) return fast
    const key = lookupKey(tags)
    const hit = family.byLookupKey.get(key)
    if (hit !== undefined) return hit
    return this.resolve(family, key, tags)
  }

  /** Families in creation order. */
  allFamilies (): IterableIterator<MetricFamily> {
    return this.families.values()
  }

  family (name: string): MetricFamily | undefined {
    return this.families.get(name)
  }

  has (name: string): boolean {
    return this.families.has(name)
  }

  /** Number of series, overflow series included. */
  get size (): number {
    return this.seriesCount
  }

  /** How many times the store was cleared. */
  get generation (): number {
    return this.clears
  }

  /** Number of metric names. */
  get metricCount (): number {
    return this.families.size
  }

  /** Points held in every ring. */
  pointCount (): number {
    let n = 0
    for (const f of this.families.values()) for (const s of f.series) n += s.ring.size
    return n
  }

  /** Bytes held by every ring's typed arrays. */
  byteLength (): number {
    let n = 0
    for (const f of this.families.values()) for (const s of f.series) n += s.ring.byteLength
    return n
  }

  /** Compresses every full ring block waiting to be (normally done in the background). */
  sealPending (): void {
    this.sealQueue.drain()
  }

  /**
   * Lowers the points kept per series to `capacity`, in every existing ring
   * and for series created later, dropping the oldest points. Used to free
   * memory under pressure. A capacity at or above the current one changes
   * nothing.
   *
   * @returns the capacity before and after, and the points dropped.
   * @throws {InvalidArgumentError} unless `capacity` is a positive integer.
   */
  shrinkCapacity (capacity: number): { from: number, to: number, droppedPoints: number } {
    if (!Number.isInteger(capacity) || capacity < 1) throw new InvalidArgumentError('capacity', `must be a positive integer, got ${String(capacity)}`)
    const from = this.options.capacity
    if (capacity >= from) return { from, to: from, droppedPoints: 0 }
    let droppedPoints = 0
    for (const f of this.families.values()) for (const s of f.series) droppedPoints += s.ring.shrink(capacity)
    this.options = Object.freeze({ ...this.options, capacity })
    return { from, to: capacity, droppedPoints }
  }

  /** Removes every series and definition-less family; returns what was removed. */
  clear (): { metrics: number, series: number, points: number } {
    const cleared = { metrics: this.families.size, series: this.seriesCount, points: this.pointCount() }
    this.families.clear()
    this.sealQueue.clear()
    this.distinct.clear()
    this.seriesCount = 0
    this.clears++
    return cleared
  }

  /** The series for saved labels, created within the limits; null past them. */
  protected importTarget (family: MetricFamily, labels: Labels): Series | null {
    const { key } = normalizeLabels(labels)
    const existing = family.byCanonicalKey.get(key)
    if (existing !== undefined) return existing
    if (family.byCanonicalKey.size >= this.options.maxLabelSetsPerMetric || this.seriesCount >= this.options.maxSeries) return null
    return this.resolve(family, lookupKey(labels), labels)
  }

  protected createFamily (name: string): MetricFamily {
    validateMetricName(name)
    // Past the series limit a new name could only hold an overflow series,
    // and names are free to choose: one more series per name, without bound.
    // Names defined up front are the embedding code's own, and few.
    if (this.seriesCount >= this.options.maxSeries && !this.definitions.has(name)) throw new SeriesLimitError(name, this.options.maxSeries)
    const family = new MetricFamily(name, this.definitions.get(name) ?? this.resolveDefinition(name) ?? defaultDefinition(name))
    this.configure(family)
    this.families.set(name, family)
    return family
  }

  /** Copies the name's sampling and sketch settings onto its family. */
  protected configure (family: MetricFamily): void {
    const sampling = this.samplingByName.get(family.name)
    family.sampling = sampling?.options ?? null
    family.controller = sampling?.controller ?? null
    family.sketchAccuracy = this.sketchByName.get(family.name) ?? null
  }

  /** Gives a series its family's sampler and sketch. */
  protected attach (family: MetricFamily, series: Series): void {
    series.sampler = family.sampling === null ? null : createSampler(family.sampling, this.options.capacity, family.controller?.interval)
    const accuracy = family.sketchAccuracy
    if (accuracy === null) series.sketch = null
    else if (series.sketch?.relativeAccuracy !== accuracy) series.sketch = new QuantileSketch(accuracy)
  }

  protected resolve (family: MetricFamily, key: string, tags: TagsInput | null | undefined): Series {
    const { labels, key: canonical } = normalizeLabels(tags)
    let series = family.byCanonicalKey.get(canonical)
    if (series === undefined) {
      if (family.byCanonicalKey.size >= this.options.maxLabelSetsPerMetric || this.seriesCount >= this.options.maxSeries) {
        // Not cached under `key`: caching every folded label set would grow without bound.
        family.foldedPoints++
        return this.overflowOf(family)
      }
      series = new Series(family.name, labels, canonical, this.options.capacity, family.definition, this.sealQueue)
      this.attach(family, series)
      family.byCanonicalKey.set(canonical, series)
      family.series.push(series)
      this.seriesCount++
    }
    // The same labels in another key order alias the same series; the aliases
    // are bounded since only existing label sets get them.
    if (family.byLookupKey.size < this.options.maxLabelSetsPerMetric * 4) family.byLookupKey.set(key, series)
    if (canonical === '') family.unlabelled = series
    else if (tags != null) family.remember(tags, series)
    return series
  }

  protected overflowOf (family: MetricFamily): Series {
    if (family.overflow === null) {
      const labels = OVERFLOW_LABELS
      family.overflow = new Series(family.name, labels, 'overflow', this.options.capacity, family.definition, this.sealQueue)
      this.attach(family, family.overflow)
      family.series.push(family.overflow)
      this.seriesCount++
    }
    return family.overflow
  }
}
