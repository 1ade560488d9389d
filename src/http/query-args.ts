import { InvalidArgumentError } from '../core/errors.ts'
import { parseDurationArg, parseTimeArg } from '../core/time-arg.ts'

/** A step: milliseconds (`60000`) or a duration (`1m`, `5m`, `1h`); at least 1 ms. */
export function parseStep (argument: string, raw: string): number {
  const s = raw.trim()
  const ms = /^\d+(\.\d+)?$/.test(s) ? Number(s) : parseDurationArg(argument, s)
  if (!(ms >= 1) || !Number.isFinite(ms)) throw new InvalidArgumentError(argument, `must be at least 1 ms, got ${JSON.stringify(raw)}`)
  return ms
}

/**
 * A window `<start>..<end>`, each end a time argument (epoch ms, ISO 8601,
 * or a duration back from now): `2h..1h`, `1764064800000..1764068400000`.
 * An empty end means now: `1h..`.
 */
export function parseWindow (argument: string, raw: string, nowMs: number): [number, number] {
  const parts = raw.split('..')
  if (parts.length !== 2 || parts[0].trim() === '') {
    throw new InvalidArgumentError(argument, `expected <start>..<end> (epoch ms, ISO 8601 or a duration such as 2h..1h), got ${JSON.stringify(raw.slice(0, 64))}`)
  }
  const since = parseTimeArg(argument, parts[0], nowMs)
  const until = parts[1].trim() === '' ? nowMs : parseTimeArg(argument, parts[1], nowMs)
  if (until < since) throw new InvalidArgumentError(argument, 'the window ends before it starts')
  return [since, until]
}

/** Every query parameter not in `reserved` as a label filter (`?symbol=BTCUSDT`). */
export function labelsFrom (query: Readonly<Record<string, unknown>>, reserved: ReadonlySet<string>): Record<string, string> {
  const labels: Record<string, string> = {}
  for (const [k, v] of Object.entries(query)) {
    if (reserved.has(k) || v === undefined) continue
    if (typeof v !== 'string') throw new InvalidArgumentError(k, 'label filters take one string value')
    labels[k] = v
  }
  return labels
}

/**
 * Refuses a label filter that names a label no series of the metric has:
 * such a filter can only match nothing, and is far more often a typo
 * (`?symbl=`) than a question. A known label with an unseen value is
 * answered as usual, with no data. Metrics without series are not checked.
 *
 * @throws {InvalidArgumentError} naming the parameter and the metric's labels.
 */
export function checkLabelNames (metric: string, seriesLabels: ReadonlyArray<Readonly<Record<string, string>>>, filter: Readonly<Record<string, string>>): void {
  if (seriesLabels.length === 0) return
  for (const name of Object.keys(filter)) {
    if (seriesLabels.some((labels) => Object.hasOwn(labels, name))) continue
    const known = [...new Set(seriesLabels.flatMap((labels) => Object.keys(labels)))].sort()
    throw new InvalidArgumentError(name.slice(0, 64), `no series of ${metric} has this label, so the filter would match nothing; ` +
      (known.length === 0 ? 'its series have no labels' : `its labels: ${known.slice(0, 20).join(', ')}`))
  }
}
