import { readProcessFigures } from '../collect/process-figures.ts'
import type { ProcessFigures } from '../collect/process-figures.ts'
import type { SystemSample } from '../collect/system-sample.ts'
import { InvalidArgumentError } from '../core/errors.ts'
import type { SeriesStore } from '../core/store.ts'
import { addConstantLabels } from './bot-identity.ts'
import { negotiateFormat, CONTENT_TYPES } from './content-negotiation.ts'
import { extraFamilyName, extraFamilyProblem, renderExtraFamily } from './extra-family.ts'
import type { ExtraFamily, ExtraFamilyProvider } from './extra-family.ts'
import { INTERNAL_FAMILY_NAMES, storeFamilies, systemFamilies } from './internal-families.ts'
import { processFamilies, PROCESS_FAMILY_NAMES, renderGcDurations } from './process-families.ts'
import { CATALOG_FAMILIES, NameClaims } from './prometheus-names.ts'
import { renderStore } from './prometheus-text.ts'
import { ExpositionFormat } from './text-format.ts'

/**
 * What the exposition reads. A `MetricsLogger` is one as it is; a bare store
 * needs only `{ store }`.
 */
export interface ExpositionSource {
  readonly store: SeriesStore
  /** Points dropped as invalid; exposed as `breakout_points_dropped_total` when present. */
  readonly droppedPoints?: number
  /** The latest system sample; its fields are exposed as `breakout_system_*` gauges. */
  getPerformanceSummary?: () => SystemSample | null
  /**
   * The system sampler (a `MetricsLogger`'s own): its event-loop delay and GC
   * counts feed `nodejs_eventloop_lag_*` and `nodejs_gc_duration_seconds`.
   * Without one, those families are left out and the others read directly.
   */
  readonly sampler?: { processFigures: () => ProcessFigures } | null
}

export interface ExpositionOptions {
  /**
   * Append the process families (`process_*`, `nodejs_*`, named as Node's
   * Prometheus clients name them; docs/metrics.md). Default true.
   */
  defaultMetrics?: boolean
  /**
   * Told once per distinct problem: a metric left out because its name is
   * taken, a provider that threw or returned a bad family. Default: a process warning.
   */
  onWarning?: (message: string) => void
  /**
   * Labels put on every sample, first (the bot's identity: `bot`, `strategy`,
   * ...; see `botLabelPairs`). A series' own label of the same name is kept
   * as `exported_<name>`. Default none.
   */
  constantLabels?: ReadonlyArray<readonly [string, string]>
}

/** A rendered exposition with the Content-Type to send it with. */
export interface RenderedExposition {
  format: ExpositionFormat
  contentType: string
  body: string
}

const MAX_WARNINGS = 1000

/**
 * The Prometheus exposition of a store: every series under its Prometheus
 * name and type, the latest system sample, the store's own counters, the
 * families of registered providers, and the process's own (`process_*`, `nodejs_*`).
 *
 * @example
 * const exposition = new Exposition(logger)
 * const { contentType, body } = await exposition.renderFor(request.headers.accept)
 */
export class Exposition {
  readonly source: ExpositionSource
  private readonly processMetrics: boolean
  private readonly baseClaims = new NameClaims()
  private readonly providers = new Set<ExtraFamilyProvider>()
  private readonly onWarning: (message: string) => void
  private readonly constantLabels: ReadonlyArray<readonly [string, string]>
  private readonly warned = new Set<string>()
  private readonly onClash = (metric: string, promName: string): void => {
    this.warn(`metric ${metric} is not exposed to Prometheus: the name ${promName} is taken by another family`)
  }

  constructor (source: ExpositionSource, options: ExpositionOptions = {}) {
    this.source = source
    this.constantLabels = options.constantLabels ?? []
    this.onWarning = options.onWarning ?? ((message) => { process.emitWarning(message, 'BreakoutMetricsWarning') })
    this.processMetrics = options.defaultMetrics !== false
    const reserved = [...CATALOG_FAMILIES, ...INTERNAL_FAMILY_NAMES, ...(this.processMetrics ? PROCESS_FAMILY_NAMES : [])]
    for (const { name, type } of reserved) this.baseClaims.claim(name, type)
  }

  /**
   * Adds families computed at each render. A provider that throws, or a
   * family that is invalid or whose name is taken, is left out with a
   * warning. Returns a function that removes the provider.
   */
  addProvider (provider: ExtraFamilyProvider): () => void {
    this.providers.add(provider)
    return () => { this.providers.delete(provider) }
  }

  /** Content-Type of a format's response. */
  contentType (format: ExpositionFormat = ExpositionFormat.prometheus): string {
    return CONTENT_TYPES[format]
  }

  /**
   * Renders the exposition in format 0.0.4 (`prometheus`) or OpenMetrics 1.0
   * (`openmetrics`, ending in `# EOF`). No timestamps: Prometheus stamps a
   * scrape with its own time.
   */
  async render (format: ExpositionFormat = ExpositionFormat.prometheus): Promise<string> {
    return (await this.renderBuffer(format)).toString('utf8')
  }

  /**
   * The exposition as `render` gives it, as UTF-8 bytes written into one
   * buffer allocated at its final size: what GET /api/metrics sends, with
   * no string built or encoded on the way.
   */
  async renderBuffer (format: ExpositionFormat = ExpositionFormat.prometheus): Promise<Buffer> {
    if (format !== ExpositionFormat.prometheus && format !== ExpositionFormat.openmetrics) {
      throw new InvalidArgumentError('format', `must be prometheus or openmetrics, got ${String(format)}`)
    }
    const claims = new NameClaims(this.baseClaims)
    const extras = this.extraFamilies(claims)
    const store: Array<string | Buffer> = []
    renderStore(this.source.store, format, claims, store, this.onClash)
    const out: string[] = []
    for (const family of extras) renderExtraFamily(family, format, out)
    for (const family of systemFamilies(this.source.getPerformanceSummary?.() ?? null)) renderExtraFamily(family, format, out)
    for (const family of storeFamilies(this.source.store, this.source.droppedPoints)) renderExtraFamily(family, format, out)
    if (this.processMetrics) this.renderProcess(format, out)
    let tail = out.join('')
    if (format === ExpositionFormat.openmetrics) tail += '# EOF\n'
    store.push(tail)
    const body = concatParts(store)
    // The bot's labels in one pass over the finished text: series keep their label text cached without them.
    return this.constantLabels.length > 0 ? Buffer.from(addConstantLabels(body.toString('utf8'), this.constantLabels), 'utf8') : body
  }

  /** Picks the format from an Accept header (see `negotiateFormat`) and renders it. */
  async renderFor (accept: string | readonly string[] | null | undefined): Promise<RenderedExposition> {
    const { format, contentType } = negotiateFormat(accept)
    return { format, contentType, body: await this.render(format) }
  }

  private extraFamilies (claims: NameClaims): ExtraFamily[] {
    const admitted: ExtraFamily[] = []
    for (const provider of this.providers) {
      let families: readonly ExtraFamily[]
      try {
        families = provider()
        if (!Array.isArray(families)) throw new TypeError('did not return an array')
      } catch (error) {
        this.warn(`an exposition provider failed: ${error instanceof Error ? error.message : String(error)}`)
        continue
      }
      for (const family of families) {
        const problem = extraFamilyProblem(family)
        if (problem !== null) {
          this.warn(`extra family left out: ${problem}`)
          continue
        }
        const name = extraFamilyName(family)
        if (!claims.claim(name, family.type)) {
          this.warn(`extra family ${name} left out: the name is taken by another family`)
          continue
        }
        admitted.push(family)
      }
    }
    return admitted
  }

  private renderProcess (format: ExpositionFormat, out: string[]): void {
    let figures: ProcessFigures
    try {
      figures = this.source.sampler?.processFigures() ?? readProcessFigures()
    } catch (error) {
      this.warn(`process metrics left out: ${error instanceof Error ? error.message : String(error)}`)
      return
    }
    for (const family of processFamilies(figures)) renderExtraFamily(family, format, out)
    renderGcDurations(figures, format, out)
  }

  private warn (message: string): void {
    if (this.warned.has(message) || this.warned.size >= MAX_WARNINGS) return
    this.warned.add(message)
    try {
      this.onWarning(message)
    } catch {
      // A failing warning hook must not fail the scrape.
    }
  }
}

/** Strings (as UTF-8) and buffers, in order, copied into one buffer of their total size. */
function concatParts (parts: ReadonlyArray<string | Buffer>): Buffer {
  let size = 0
  for (const p of parts) size += typeof p === 'string' ? Buffer.byteLength(p) : p.byteLength
  const out = Buffer.allocUnsafe(size)
  let at = 0
  for (const p of parts) at += typeof p === 'string' ? out.write(p, at) : p.copy(out, at)
  return out
}
