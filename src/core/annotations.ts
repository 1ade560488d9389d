import { InvalidArgumentError } from './errors.ts'

/** A marker on the time axis: a deployment, a config change, an incident. */
export interface Annotation {
  id: number
  /** epoch ms */
  time: number
  /** End of a region, epoch ms; null for a point in time. */
  time_end: number | null
  text: string
  tags: string[]
}

/** An annotation as Grafana's annotation queries expect it (JSON / Infinity data sources). */
export interface GrafanaAnnotation {
  id: number
  time: number
  timeEnd?: number
  title: string
  text: string
  tags: string[]
}

export interface NewAnnotation {
  text: string
  tags?: string[]
  /** epoch ms; default now. */
  timeMs?: number
  timeEndMs?: number | null
}

export interface AnnotationFilter {
  sinceMs?: number
  untilMs?: number
  /** Annotations carrying every one of these tags. */
  tags?: string[]
  /** Newest N of the matches; default 100. */
  limit?: number
}

/**
 * A change the store is about to make: an annotation added (with the one
 * the bound drops to make room, which is the new one itself when it is
 * older than all of a full store), or every annotation cleared.
 */
export type AnnotationChange =
  | { kind: 'add', annotation: Annotation, dropped: Annotation | null }
  | { kind: 'clear' }

/**
 * Called with every change after validation and before the store changes:
 * a journal writes it here. If it throws, the store is unchanged and the
 * error reaches the caller.
 */
export type BeforeAnnotationChange = (change: AnnotationChange) => void

const TAG = /^[\w.:/-]{1,64}$/

/**
 * Annotations in time order, bounded: past `limit` the oldest go. Pure:
 * the time of an annotation without one is passed in.
 *
 * @example
 * const a = annotations.add({ text: 'deploy v1.4.2', tags: ['deploy'] }, Date.now())
 * compareWindows(before(a.time), after(a.time))
 */
export class AnnotationStore {
  readonly limit: number
  /** Called before each change; null for none. */
  beforeChange: BeforeAnnotationChange | null = null
  private items: Annotation[] = []
  private nextId = 1

  constructor (limit = 10_000) {
    this.limit = limit
  }

  get size (): number {
    return this.items.length
  }

  /** Validates and records an annotation; throws InvalidArgumentError naming the field. */
  add (input: NewAnnotation, nowMs: number): Annotation {
    const text = input.text
    if (typeof text !== 'string' || text.trim() === '' || text.length > 2000) throw new InvalidArgumentError('text', 'must be 1..2000 characters')
    const tags = input.tags ?? []
    if (!Array.isArray(tags) || tags.length > 16) throw new InvalidArgumentError('tags', 'must be at most 16 tags')
    for (const t of tags) if (typeof t !== 'string' || !TAG.test(t)) throw new InvalidArgumentError('tags', `each tag is 1..64 of [A-Za-z0-9_.:/-], got ${JSON.stringify(t)}`)
    const time = input.timeMs ?? nowMs
    if (!Number.isFinite(time)) throw new InvalidArgumentError('time', 'must be a finite epoch ms')
    const end = input.timeEndMs ?? null
    if (end !== null && !(Number.isFinite(end) && end >= time)) throw new InvalidArgumentError('time_end', 'must be a finite epoch ms not before time')
    const a: Annotation = { id: this.nextId, time, time_end: end, text, tags: [...new Set(tags)] }
    // Usually the newest: insert from the end.
    let i = this.items.length
    while (i > 0 && this.items[i - 1].time > time) i--
    const dropped = this.items.length < this.limit ? null : i === 0 ? a : this.items[0]
    this.beforeChange?.({ kind: 'add', annotation: a, dropped })
    this.nextId++
    this.items.splice(i, 0, a)
    if (this.items.length > this.limit) this.items.shift()
    return a
  }

  /**
   * Replaces the annotations with `items` (saved earlier), in time order,
   * ties by id; past `limit` the oldest go and are returned. Ids given out
   * from now on start above `nextId` and above every id in `items`, so an
   * id is never given twice. Does not call `beforeChange`.
   */
  load (items: readonly Annotation[], nextId: number): Annotation[] {
    const sorted = [...items].sort((x, y) => x.time - y.time || x.id - y.id)
    const dropped = sorted.length > this.limit ? sorted.splice(0, sorted.length - this.limit) : []
    this.items = sorted
    let next = Math.max(this.nextId, nextId)
    for (const a of items) if (a.id >= next) next = a.id + 1
    this.nextId = next
    return dropped
  }

  get (id: number): Annotation | undefined {
    return this.items.find((a) => a.id === id)
  }

  /** Matching annotations, oldest first (the newest `limit` of them). */
  list (filter: AnnotationFilter = {}): Annotation[] {
    const { sinceMs = -Infinity, untilMs = Infinity, tags = [], limit = 100 } = filter
    const out = this.items.filter((a) => (a.time_end ?? a.time) >= sinceMs && a.time <= untilMs && tags.every((t) => a.tags.includes(t)))
    return out.length > limit ? out.slice(out.length - limit) : out
  }

  /** Removes every annotation; ids are not given again. */
  clear (): void {
    this.beforeChange?.({ kind: 'clear' })
    this.items.length = 0
  }
}

/** Grafana's shape: `time`/`timeEnd` in ms, a title (the text's first line), text, tags. */
export function toGrafana (a: Annotation): GrafanaAnnotation {
  const g: GrafanaAnnotation = { id: a.id, time: a.time, title: a.text.split('\n', 1)[0].slice(0, 200), text: a.text, tags: a.tags }
  if (a.time_end !== null) g.timeEnd = a.time_end
  return g
}
