import { ExpositionFormat } from './text-format.ts'

/** Content-Type of each format's response. */
export const CONTENT_TYPES: Readonly<Record<ExpositionFormat, string>> = Object.freeze({
  prometheus: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8'
})

/** What `negotiateFormat` chose. */
export interface NegotiatedFormat {
  format: ExpositionFormat
  contentType: string
}

// OpenMetrics 0.0.1 is what Prometheus 2.x also asks for; 1.0.0 text is a valid answer to it.
const OPENMETRICS_VERSIONS = new Set(['1.0.0', '0.0.1'])

interface Match {
  q: number
  /** 2 exact type, 1 `type/*`, 0 `*\/*`. */
  specificity: number
  index: number
}

/**
 * Picks the exposition format for an Accept header, as a Prometheus client
 * library does: OpenMetrics when the client prefers
 * `application/openmetrics-text` (version 1.0.0 or 0.0.1, or none) over
 * `text/plain`, else the 0.0.4 text format. Each format's weight is the q of
 * the most specific range that matches it; equal weights go to the range
 * listed first. A missing, empty or malformed header, or one that accepts
 * neither, gets the 0.0.4 text format: a scraper that sends nothing useful
 * still gets metrics. Never throws.
 *
 * @example
 * negotiateFormat('application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5')
 * // { format: 'openmetrics', contentType: 'application/openmetrics-text; version=1.0.0; charset=utf-8' }
 */
export function negotiateFormat (accept: string | readonly string[] | null | undefined): NegotiatedFormat {
  const header = Array.isArray(accept) ? accept.join(',') : accept
  let om: Match | null = null
  let text: Match | null = null
  if (typeof header === 'string' && header.length <= 4096) {
    const ranges = header.split(',')
    for (let index = 0; index < ranges.length; index++) {
      const [rawType, ...rawParams] = ranges[index].split(';')
      const type = rawType.trim().toLowerCase()
      let q = 1
      let version: string | null = null
      for (const param of rawParams) {
        const eq = param.indexOf('=')
        if (eq < 0) continue
        const key = param.slice(0, eq).trim().toLowerCase()
        const value = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1')
        if (key === 'q') q = parseQ(value)
        else if (key === 'version') version = value
      }
      if (Number.isNaN(q)) continue
      if (type === 'application/openmetrics-text') {
        if (version === null || OPENMETRICS_VERSIONS.has(version)) om = better(om, { q, specificity: 2, index })
      } else if (type === 'text/plain') {
        if (version === null || version === '0.0.4') text = better(text, { q, specificity: 2, index })
      } else if (type === 'application/*') {
        om = better(om, { q, specificity: 1, index })
      } else if (type === 'text/*') {
        text = better(text, { q, specificity: 1, index })
      } else if (type === '*/*') {
        om = better(om, { q, specificity: 0, index })
        text = better(text, { q, specificity: 0, index })
      }
    }
  }
  const format = om !== null && om.q > 0 && (text === null || om.q > text.q || (om.q === text.q && om.index < text.index))
    ? ExpositionFormat.openmetrics
    : ExpositionFormat.prometheus
  return { format, contentType: CONTENT_TYPES[format] }
}

/** The more specific match; the earlier one among equals. */
function better (current: Match | null, next: Match): Match {
  if (current === null || next.specificity > current.specificity) return next
  return current
}

/** A q value in 0..1 with at most three decimals, else NaN (the range is ignored). */
function parseQ (value: string): number {
  if (!/^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(value)) return NaN
  return Number(value)
}
