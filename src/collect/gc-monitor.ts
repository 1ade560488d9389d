import { constants, PerformanceObserver } from 'node:perf_hooks'
import type { PerformanceEntry } from 'node:perf_hooks'

/** Bounds of the GC duration histogram, seconds: prom-client's, so existing queries keep their buckets. */
export const GC_DURATION_BUCKETS: readonly number[] = Object.freeze([0.001, 0.01, 0.1, 1, 2, 5])

/** The kinds of collection V8 reports, by the name the exposition gives them. */
export const GC_KINDS = Object.freeze(['major', 'minor', 'incremental', 'weakcb'] as const)
export type GcKind = typeof GC_KINDS[number]

const KIND_OF: ReadonlyMap<number, GcKind> = new Map([
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb']
])

/** Collections of one kind since the monitor was made. */
export interface GcDurations {
  readonly kind: GcKind
  /** Collections at or under each bound of `GC_DURATION_BUCKETS`, cumulative. */
  readonly cumulativeCounts: readonly number[]
  /** Total time spent, seconds. */
  readonly sumSeconds: number
  readonly count: number
}

/**
 * Garbage-collection pauses by kind, from Node's `gc` performance entries,
 * counted into a fixed histogram. The observer is called by Node after the
 * collection, batched, off the record path of the bot; its cost is a few
 * additions per collection.
 *
 * @example
 * const gc = new GcMonitor()
 * gc.enable()
 * gc.durations().find((d) => d.kind === 'major')?.count
 */
export class GcMonitor {
  private readonly counts = new Map<GcKind, { buckets: number[], sum: number, count: number }>()
  private observer: PerformanceObserver | null = null

  constructor () {
    for (const kind of GC_KINDS) this.counts.set(kind, { buckets: new Array<number>(GC_DURATION_BUCKETS.length).fill(0), sum: 0, count: 0 })
  }

  /** Whether collections are being counted. */
  get enabled (): boolean {
    return this.observer !== null
  }

  /** Starts counting collections (idempotent). */
  enable (): void {
    if (this.observer !== null) return
    this.observer = new PerformanceObserver((list) => { for (const entry of list.getEntries()) this.observe(entry) })
    this.observer.observe({ entryTypes: ['gc'] })
  }

  /** Stops counting (idempotent); what was counted stays. */
  disable (): void {
    this.observer?.disconnect()
    this.observer = null
  }

  /** Every kind, in `GC_KINDS` order, zeros included so that `rate()` sees the first collection. */
  durations (): GcDurations[] {
    return GC_KINDS.map((kind) => {
      const c = this.counts.get(kind)!
      let running = 0
      return { kind, cumulativeCounts: c.buckets.map((n) => (running += n)), sumSeconds: c.sum, count: c.count }
    })
  }

  private observe (entry: PerformanceEntry): void {
    // Node puts the kind in `detail`, which the typings do not declare on every entry.
    const kind = KIND_OF.get((entry as { detail?: { kind?: number } | null }).detail?.kind ?? -1)
    if (kind === undefined) return
    const seconds = entry.duration / 1000
    const c = this.counts.get(kind)!
    c.sum += seconds
    c.count++
    const bucket = GC_DURATION_BUCKETS.findIndex((bound) => seconds <= bound)
    if (bucket >= 0) c.buckets[bucket]++
  }
}
