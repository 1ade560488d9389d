import { readProcessFigures } from '../collect/process-figures.ts'
import type { ProcessFigures } from '../collect/process-figures.ts'
import { addConstantLabels } from './bot-identity.ts'
import { extraFamilyName, extraFamilyProblem, renderExtraFamily } from './extra-family.ts'
import type { ExtraFamily, ExtraFamilyProvider } from './extra-family.ts'
import { INTERNAL_FAMILY_NAMES, storeFamilies, systemFamilies } from './internal-families.ts'
import { processFamilies, PROCESS_FAMILY_NAMES, renderGcDurations } from './process-families.ts'
import { CATALOG_FAMILIES, NameClaims } from './prometheus-names.ts'
import { renderStore } from './prometheus-text.ts'
import { ExpositionFormat } from './text-format.ts'
import type { ExpositionSource } from './exposition.ts'

/** What one `Exposition` renders with: its source, options and warning hook. */
export interface RenderState {
  readonly source: ExpositionSource
  readonly providers: ReadonlySet<ExtraFamilyProvider>
  readonly constantLabels: ReadonlyArray<readonly [string, string]>
  readonly processMetrics: boolean
  /** Tells a problem once (the Exposition keeps which were told). */
  readonly warn: (message: string) => void
}

/** The names every exposition reserves before the store's, with and without the process families. */
const BASE_CLAIMS = new Map<boolean, NameClaims>()

function baseClaims (processMetrics: boolean): NameClaims {
  let claims = BASE_CLAIMS.get(processMetrics)
  if (claims === undefined) {
    claims = new NameClaims()
    for (const { name, type } of [...CATALOG_FAMILIES, ...INTERNAL_FAMILY_NAMES, ...(processMetrics ? PROCESS_FAMILY_NAMES : [])]) claims.claim(name, type)
    BASE_CLAIMS.set(processMetrics, claims)
  }
  return claims
}

/**
 * The exposition as UTF-8 bytes written into one buffer allocated at its
 * final size (see `Exposition.renderBuffer`). This module and what it
 * imports are loaded by the first render, not with the library.
 */
export function renderExposition (state: RenderState, format: ExpositionFormat): Buffer {
  const claims = new NameClaims(baseClaims(state.processMetrics))
  const extras = extraFamilies(state, claims)
  const store: Array<string | Buffer> = []
  renderStore(state.source.store, format, claims, store, (metric, promName) => {
    state.warn(`metric ${metric} is not exposed to Prometheus: the name ${promName} is taken by another family`)
  })
  const out: string[] = []
  for (const family of extras) renderExtraFamily(family, format, out)
  for (const family of systemFamilies(state.source.getPerformanceSummary?.() ?? null)) renderExtraFamily(family, format, out)
  for (const family of storeFamilies(state.source.store, state.source.droppedPoints)) renderExtraFamily(family, format, out)
  if (state.processMetrics) renderProcess(state, format, out)
  let tail = out.join('')
  if (format === ExpositionFormat.openmetrics) tail += '# EOF\n'
  store.push(tail)
  const body = concatParts(store)
  // The bot's labels in one pass over the finished text: series keep their label text cached without them.
  return state.constantLabels.length > 0 ? Buffer.from(addConstantLabels(body.toString('utf8'), state.constantLabels), 'utf8') : body
}

function extraFamilies (state: RenderState, claims: NameClaims): ExtraFamily[] {
  const admitted: ExtraFamily[] = []
  for (const provider of state.providers) {
    let families: readonly ExtraFamily[]
    try {
      families = provider()
      if (!Array.isArray(families)) throw new TypeError('did not return an array')
    } catch (error) {
      state.warn(`an exposition provider failed: ${error instanceof Error ? error.message : String(error)}`)
      continue
    }
    for (const family of families) {
      const problem = extraFamilyProblem(family)
      if (problem !== null) {
        state.warn(`extra family left out: ${problem}`)
        continue
      }
      const name = extraFamilyName(family)
      if (!claims.claim(name, family.type)) {
        state.warn(`extra family ${name} left out: the name is taken by another family`)
        continue
      }
      admitted.push(family)
    }
  }
  return admitted
}

function renderProcess (state: RenderState, format: ExpositionFormat, out: string[]): void {
  let figures: ProcessFigures
  try {
    figures = state.source.sampler?.processFigures() ?? readProcessFigures()
  } catch (error) {
    state.warn(`process metrics left out: ${error instanceof Error ? error.message : String(error)}`)
    return
  }
  for (const family of processFamilies(figures)) renderExtraFamily(family, format, out)
  renderGcDurations(figures, format, out)
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
