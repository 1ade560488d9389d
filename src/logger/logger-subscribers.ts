import type { AnnotationChange } from '../core/annotations.ts'
import type { TradeEvent } from '../trading/trade-event.ts'

/**
 * What a store that must hold the logger's changes (the SQLite journal of
 * `breakout-metrics/persist`) subscribes to. Every hook is synchronous and
 * runs before the change is made: when it throws, the change is not made
 * and the error reaches the caller (a dropped trade in a running bot, a 503
 * at `POST /events`), so nothing is acknowledged that was not stored.
 *
 * @example
 * const off = logger.subscribe({ trade: (event) => { journal.append(event) } })
 */
export interface LoggerSubscriber {
  /** An accepted trade event, after every check, before the ledger changes. Throw to refuse it. */
  trade?: (event: TradeEvent) => void
  /** An annotation added (with the one its bound drops) or the annotations cleared. Throw to refuse it. */
  annotation?: (change: AnnotationChange) => void
  /** Before the logger clears its memory: clear what is stored, return the trade events removed. Throw to keep everything. */
  clear?: () => number
  /** Runs `fn` as one unit (a database transaction): undoes it and throws when it cannot be stored. */
  batch?: <T>(fn: () => T) => T
}

/** The subscribers of one logger, called in the order they subscribed. */
export class LoggerSubscribers {
  private readonly list: LoggerSubscriber[] = []

  get size (): number {
    return this.list.length
  }

  /** True when any subscriber takes `hook`. */
  has (hook: keyof LoggerSubscriber): boolean {
    return this.list.some((s) => s[hook] !== undefined)
  }

  /** Adds `subscriber`; returns the function that removes it. */
  add (subscriber: LoggerSubscriber): () => void {
    this.list.push(subscriber)
    return () => {
      const i = this.list.indexOf(subscriber)
      if (i >= 0) this.list.splice(i, 1)
    }
  }

  readonly trade = (event: TradeEvent): void => {
    for (const s of this.list) s.trade?.(event)
  }

  readonly annotation = (change: AnnotationChange): void => {
    for (const s of this.list) s.annotation?.(change)
  }

  /** Clears every store; the trade events they removed. */
  clear (): number {
    let removed = 0
    for (const s of this.list) removed += s.clear?.() ?? 0
    return removed
  }

  /** Runs `fn` inside every subscriber's unit, the first subscriber outermost. */
  batch<T> (fn: () => T): T {
    let run = fn
    for (let i = this.list.length - 1; i >= 0; i--) {
      const batch = this.list[i].batch
      if (batch === undefined) continue
      const inner = run
      run = () => batch(inner)
    }
    return run()
  }
}
