import { InvalidArgumentError } from '../core/errors.ts'
import type { ApiContext } from './api-context.ts'
import type { StreamUpdate } from './stream-hub.ts'
import type { StreamPayload, StreamSeries } from './stream-wire.ts'

export type { StreamPayload, StreamSeries } from './stream-wire.ts'

/** Which metrics a stream carries: exact names and `prefix*` patterns. */
export interface StreamSelection {
  names: ReadonlySet<string>
  prefixes: readonly string[]
}

/** The dashboard's metrics: what a stream carries when the client names none. */
export const DEFAULT_STREAM_METRICS = 'engine_*,scanner_*,latency_*,trade_closed,trade_reduced,risk_*'

/** Names and patterns one stream may ask for. */
export const MAX_STREAM_PATTERNS = 64

/** Points of one series in one update; a client that fell behind gets the newest. */
export const MAX_POINTS_PER_SERIES = 500

/**
 * Points in one update, all series together: bounds an update to a few
 * hundred KB, so that a client's buffer bound plus one update bounds the
 * memory it can hold on the server. Past it the update says `truncated`.
 */
export const MAX_POINTS_PER_UPDATE = 10_000

const PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]{0,199}\*?$/

/** Parses `metrics=engine_cycle_time,scanner_*`; throws InvalidArgumentError on a bad item. */
export function parseStreamSelection (raw: string | undefined): StreamSelection {
  const items = (raw ?? DEFAULT_STREAM_METRICS).split(',').map((s) => s.trim()).filter((s) => s !== '')
  if (items.length === 0) throw new InvalidArgumentError('metrics', 'name at least one metric or prefix*')
  if (items.length > MAX_STREAM_PATTERNS) throw new InvalidArgumentError('metrics', `at most ${MAX_STREAM_PATTERNS} names or patterns, got ${items.length}`)
  const names = new Set<string>()
  const prefixes: string[] = []
  for (const item of items) {
    if (!PATTERN.test(item)) throw new InvalidArgumentError('metrics', `${JSON.stringify(item.slice(0, 64))} is not a metric name or a name prefix ending in *`)
    if (item.endsWith('*')) prefixes.push(item.slice(0, -1))
    else names.add(item)
  }
  return { names, prefixes }
}

/**
 * The cursor a client resumes from: its `Last-Event-ID` (an epoch ms the
 * server sent), else now. A cursor in the future or older than a day is
 * not trusted: the client reloads history over the JSON routes anyway.
 */
export function resumeCursor (lastEventId: string | undefined, nowMs: number): number {
  if (lastEventId === undefined || !/^\d{1,16}(\.\d+)?$/.test(lastEventId)) return nowMs
  const t = Number(lastEventId)
  return t <= nowMs && t >= nowMs - 86_400_000 ? t : nowMs
}

function selected (name: string, selection: StreamSelection): boolean {
  if (selection.names.has(name)) return true
  for (const p of selection.prefixes) if (name.startsWith(p)) return true
  return false
}

/**
 * The update covering [cursorMs, now) on the logger's clock: the new points
 * of every selected series, new system samples, and the health status.
 * Its id is the window's end, the next update's cursor. Points come from
 * one monotonic clock, so a point recorded after the read has a time at or
 * after the id and falls in the next window; a bot that sends its own older
 * timestamps can miss the stream (the JSON routes still have them).
 */
export function buildStreamUpdate (ctx: ApiContext, selection: StreamSelection, cursorMs: number): StreamUpdate {
  const end = Math.max(cursorMs, ctx.logger.now())
  const series: StreamSeries[] = []
  let budget = MAX_POINTS_PER_UPDATE
  let truncated = false
  for (const family of ctx.logger.store.allFamilies()) {
    if (truncated && budget === 0) break
    if (!selected(family.name, selection)) continue
    for (const s of family.series) {
      const ring = s.ring
      let from = ring.lowerBound(cursorMs)
      const to = ring.lowerBound(end)
      if (to <= from) continue
      const limit = Math.min(MAX_POINTS_PER_SERIES, budget)
      if (to - from > limit) {
        from = to - limit
        truncated = true
      }
      if (to <= from) break
      const t = new Array<number>(to - from)
      const v = new Array<number>(to - from)
      ring.copyRange(from, to, t, v, 0)
      series.push({ n: family.name, l: s.labels, t, v })
      budget -= to - from
    }
  }
  const samples = ctx.logger.sampler?.history({ sinceMs: cursorMs }) ?? []
  const system = samples.filter((x) => x.timestamp < end)
  // The health engine's last report, re-evaluated when older than a second (as GET /health).
  const health = ctx.health.evaluate({ maxAgeMs: 1000 })
  const payload: StreamPayload = {
    t: end,
    series,
    system,
    health: { status: health.status, issues: health.issues.map((i) => ({ check: i.check, severity: i.severity, message: i.message })) }
  }
  if (truncated) payload.truncated = true
  return { id: end, data: JSON.stringify(payload) }
}
