import type { SystemSampler } from '../collect/system-sampler.ts'
import type { AnnotationStore } from '../core/annotations.ts'
import type { SeriesStore } from '../core/store.ts'
import type { LoggerSubscriber } from '../logger/logger-subscribers.ts'
import type { TradeLedger } from '../trading/trade-ledger.ts'
import { persistError } from './persist-errors.ts'
import type { Persistence } from './persistence.ts'

/** A logger persistence can attach to: its parts to restore, and its subscription. */
export interface PersistedLogger {
  readonly trades: TradeLedger
  readonly store: SeriesStore
  readonly annotations: AnnotationStore
  readonly sampler: Pick<SystemSampler, 'history' | 'restoreHistory'> | null
  subscribe: (subscriber: LoggerSubscriber) => () => void
}

/**
 * What persistence subscribes to a logger with: trade events and
 * annotation changes journaled before the logger makes them, clears that
 * clear the database first, batches as one transaction. Every hook is
 * synchronous and throws the PersistenceError when the database cannot
 * store: the logger then refuses the change, so nothing is acknowledged
 * that was not stored.
 */
export function journalingSubscriber (persistence: Persistence): LoggerSubscriber {
  const requireOpen = (what: string): void => {
    if (!persistence.isOpen) throw persistError('io', persistence.path, `the database is closed: ${what} was not stored`)
  }
  return {
    trade: (event) => {
      requireOpen('the event')
      persistence.journal.append(event)
    },
    annotation: (change) => {
      requireOpen('the annotation')
      if (change.kind === 'add') persistence.annotationJournal.append(change.annotation, change.dropped)
      else persistence.annotationJournal.clear()
    },
    clear: () => persistence.clear().tradeEvents,
    batch: (fn) => persistence.batch(fn)
  }
}
