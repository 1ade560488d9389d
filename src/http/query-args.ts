import { InvalidArgumentError } from '../core/errors.ts'
import { parseDurationMs, parseTimeArg } from '../core/time-arg.ts'

/** A step: milliseconds (`60000`) or a duration (`1m`, `5m`, `1h`); at least 1 ms. */
export function parseStep (argument: string, raw: string): number {
  const s = raw.trim()
  const ms = /^\d+(\.\d+)?$/.test(s) ? Number(s) : parseDurationMs(argument, s)
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
