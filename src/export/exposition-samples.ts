import type { RemoteSample } from './remote-write-encoding.ts'

/**
 * Turns a Prometheus text exposition (format 0.0.4) into remote-write
 * samples, all stamped `timestampMs` unless a line carries its own time.
 * The remote writer sends exactly what a scrape would see, so dashboards
 * and rules read the same series from a remote store as from Prometheus.
 *
 * Comment lines (HELP, TYPE) are skipped; a line that does not parse is
 * skipped and counted in `skipped`, never thrown.
 */
export function parseExposition (text: string, timestampMs: number): { samples: RemoteSample[], skipped: number } {
  const samples: RemoteSample[] = []
  let skipped = 0
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    const line = text.slice(start, end)
    start = end + 1
    if (line === '' || line[0] === '#') continue
    const sample = parseLine(line, timestampMs)
    if (sample === null) skipped++
    else samples.push(sample)
  }
  return { samples, skipped }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/
const LABEL = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/

function parseLine (line: string, timestampMs: number): RemoteSample | null {
  const name = NAME.exec(line)?.[0]
  if (name === undefined) return null
  const labels: Record<string, string> = { __name__: name }
  let i = name.length
  if (line[i] === '{') {
    i++
    for (;;) {
      while (line[i] === ' ' || line[i] === ',') i++
      if (line[i] === '}') { i++; break }
      const m = LABEL.exec(line.slice(i))
      if (m === null) return null
      i += m[0].length
      let value = ''
      for (;;) {
        const c = line[i++]
        if (c === undefined) return null
        if (c === '"') break
        if (c === '\\') {
          const e = line[i++]
          value += e === 'n' ? '\n' : e === '\\' ? '\\' : e === '"' ? '"' : '\\' + (e ?? '')
        } else {
          value += c
        }
      }
      labels[m[1]] = value
    }
  }
  const rest = line.slice(i).trim().split(/\s+/)
  if (rest.length < 1 || rest.length > 2 || rest[0] === '') return null
  const value = parseValue(rest[0])
  if (value === null) return null
  const ts = rest.length === 2 ? Number(rest[1]) : timestampMs
  if (!Number.isSafeInteger(ts)) return null
  return { labels, value, timestampMs: ts }
}

// Case-insensitive, as Prometheus' own parser (Go's ParseFloat): prom-client
// writes NaN as `Nan`.
function parseValue (raw: string): number | null {
  const lower = raw.toLowerCase()
  if (lower === '+inf' || lower === 'inf' || lower === '+infinity' || lower === 'infinity') return Number.POSITIVE_INFINITY
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY
  if (lower === 'nan') return Number.NaN
  const n = Number(raw)
  return Number.isNaN(n) ? null : n
}
