import { InvalidArgumentError } from '../core/errors.ts'
import type { Severity } from './rule.ts'

/** What an action is told when it runs. */
export interface RemediationContext {
  /** The rule that fired. */
  check: string
  severity: Severity
  value: number | null
  threshold: number | null
  /** When the action was started, epoch ms. */
  timestamp: number
  /** Aborted when the action times out: a long action should stop then. */
  signal: AbortSignal
}

/**
 * A remediation action. It may return a line saying what it did (kept in
 * the audit). Throwing or rejecting reports a failure; running past the
 * timeout reports a timeout. Neither stops evaluation.
 */
export type RemediationAction = (context: RemediationContext) => void | string | Promise<void | string>

/** One run of one action, as audited. */
export interface AuditEntry {
  /** When the action was started, epoch ms. */
  timestamp: number
  check: string
  action: string
  outcome: 'ok' | 'failed' | 'timeout' | 'unknown_action'
  /** What the action said it did, or the error. */
  detail: string | null
  /** Time the action took (the timeout for a timeout), ms. */
  duration_ms: number
}

const ACTION_NAME = /^[a-z][a-z0-9_]*$/
const TIMED_OUT: unique symbol = Symbol('timed out')

/**
 * Named remediation actions: registered by the product (`shrink_retention`)
 * and by the embedding bot (`pause_entries`, anything else), run with a
 * timeout, every run audited. `run` never rejects.
 */
export class Remediator {
  readonly timeoutMs: number
  private readonly actions = new Map<string, RemediationAction>()
  private readonly audit: (entry: AuditEntry) => void
  private readonly now: () => number

  constructor (options: { timeoutMs?: number, audit?: (entry: AuditEntry) => void, now?: () => number } = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.audit = options.audit ?? (() => {})
    this.now = options.now ?? Date.now
  }

  /**
   * Registers `action` under `name`, replacing any previous one; returns the
   * function that removes it.
   *
   * @throws {InvalidArgumentError} on a name that is not `[a-z][a-z0-9_]*` or an action that is not a function.
   */
  register (name: string, action: RemediationAction): () => void {
    if (!ACTION_NAME.test(name)) throw new InvalidArgumentError('name', `remediation action name ${JSON.stringify(name)} must match [a-z][a-z0-9_]*`)
    if (typeof action !== 'function') throw new InvalidArgumentError('action', `remediation action ${name} must be a function`)
    this.actions.set(name, action)
    return () => { if (this.actions.get(name) === action) this.actions.delete(name) }
  }

  has (name: string): boolean {
    return this.actions.has(name)
  }

  /** Runs the named actions one after another; resolves with their audit entries. */
  async run (names: readonly string[], context: Omit<RemediationContext, 'signal' | 'timestamp'>): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = []
    for (const name of names) {
      const entry = await this.runOne(name, context)
      entries.push(entry)
      try {
        this.audit(entry)
      } catch {
        // The audit hook's failure must not stop the other actions.
      }
    }
    return entries
  }

  private async runOne (name: string, context: Omit<RemediationContext, 'signal' | 'timestamp'>): Promise<AuditEntry> {
    const timestamp = this.now()
    const base = { timestamp, check: context.check, action: name }
    const action = this.actions.get(name)
    if (action === undefined) {
      return { ...base, outcome: 'unknown_action', detail: `no action registered as ${name}`, duration_ms: 0 }
    }
    const controller = new AbortController()
    const started = performance.now()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), this.timeoutMs)
      // A hanging action must not keep the process alive either.
      timer.unref()
    })
    try {
      const result = await Promise.race([
        Promise.resolve().then(() => action({ ...context, timestamp, signal: controller.signal })),
        timeout
      ])
      const duration = Math.round(performance.now() - started)
      if (result === TIMED_OUT) {
        controller.abort(new Error(`timed out after ${this.timeoutMs} ms`))
        return { ...base, outcome: 'timeout', detail: `no result within ${this.timeoutMs} ms`, duration_ms: duration }
      }
      return { ...base, outcome: 'ok', detail: typeof result === 'string' ? result : null, duration_ms: duration }
    } catch (error) {
      return { ...base, outcome: 'failed', detail: error instanceof Error ? error.message : String(error), duration_ms: Math.round(performance.now() - started) }
    } finally {
      clearTimeout(timer)
    }
  }
}
