import type { ProcessFigures } from '../collect/process-figures.ts'
import type { SystemSample } from '../collect/system-sample.ts'
import { InvalidArgumentError } from '../core/errors.ts'
import type { SeriesStore } from '../core/store.ts'
import { negotiateFormat, CONTENT_TYPES } from './content-negotiation.ts'
import type * as Renderer from './exposition-render.ts'
import type { RenderState } from './exposition-render.ts'
import type { ExtraFamilyProvider } from './extra-family.ts'
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

let renderer: typeof Renderer | null = null

/**
 * The renderer (Prometheus names, the text of series and families, the
 * process families), loaded by the first render rather than with the
 * library: a bot that never serves or pushes an exposition does not pay
 * for its modules at import (bench/import.bench.ts).
 */
async function loadRenderer (): Promise<typeof Renderer> {
  renderer = await import('./exposition-render.ts')
  return renderer
}

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
  private readonly providers = new Set<ExtraFamilyProvider>()
  private readonly state: RenderState
  private readonly onWarning: (message: string) => void
  private readonly warned = new Set<string>()

  constructor (source: ExpositionSource, options: ExpositionOptions = {}) {
    this.source = source
    this.onWarning = options.onWarning ?? ((message) => { process.emitWarning(message, 'BreakoutMetricsWarning') })
    this.state = {
      source,
      providers: this.providers,
      constantLabels: options.constantLabels ?? [],
      processMetrics: options.defaultMetrics !== false,
      warn: (message) => { this.warn(message) }
    }
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
    return (renderer ?? await loadRenderer()).renderExposition(this.state, format)
  }

  /** Picks the format from an Accept header (see `negotiateFormat`) and renders it. */
  async renderFor (accept: string | readonly string[] | null | undefined): Promise<RenderedExposition> {
    const { format, contentType } = negotiateFormat(accept)
    return { format, contentType, body: await this.render(format) }
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
