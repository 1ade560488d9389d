import { SEVERITY_RANK } from './rule.ts'
import type { Severity } from './rule.ts'

/** How an alert changed at one evaluation. */
export const AlertChange = {
  firing: 'firing',
  escalated: 'escalated',
  deescalated: 'deescalated',
  resolved: 'resolved'
} as const
export type AlertChange = typeof AlertChange[keyof typeof AlertChange]

/** A change of a rule's firing severity. */
export interface Transition {
  change: AlertChange
  severity: Severity
  previous: Severity
}

const LEVELS = ['warning', 'critical'] as const

/**
 * The firing state of one rule, advanced by `update` at each evaluation.
 * Pure: time comes in as an argument.
 *
 * Each level (warning, critical) goes ok -> pending when its condition
 * holds, pending -> firing once it has held for `forMs` (one spike does not
 * fire), and firing -> ok once the condition has been clear for
 * `keepFiringForMs` (a value hovering at the threshold does not flap). The
 * rule's severity is its highest firing level. This is Prometheus' `for`
 * and `keep_firing_for`, per level.
 */
export class RuleState {
  /** Highest firing level, or ok. */
  severity: Severity = 'ok'
  /** When the condition of the current firing episode began, epoch ms; null when ok. */
  sinceMs: number | null = null
  /** Whether the rule's actions ran in this firing episode. */
  actionsRun = false
  private readonly pendingSince: Array<number | null> = [null, null]
  private readonly clearSince: Array<number | null> = [null, null]
  private readonly firing = [false, false]

  /**
   * Feeds one evaluation: `condition` is the severity whose threshold the
   * value is beyond now (ok when none). Returns the change, or null.
   */
  update (condition: Severity, forMs: number, keepFiringForMs: number, nowMs: number): Transition | null {
    const rank = SEVERITY_RANK[condition]
    for (let level = 0; level < LEVELS.length; level++) {
      if (rank >= level + 1) {
        this.clearSince[level] = null
        const since = this.pendingSince[level] ?? nowMs
        this.pendingSince[level] = since
        if (!this.firing[level] && nowMs - since >= forMs) this.firing[level] = true
      } else {
        this.pendingSince[level] = null
        if (!this.firing[level]) continue
        const clear = this.clearSince[level] ?? nowMs
        this.clearSince[level] = clear
        if (nowMs - clear >= keepFiringForMs) {
          this.firing[level] = false
          this.clearSince[level] = null
        }
      }
    }
    const previous = this.severity
    const next: Severity = this.firing[1] ? 'critical' : this.firing[0] ? 'warning' : 'ok'
    if (next === previous) return null
    this.severity = next
    if (previous === 'ok') {
      // The episode began when its first level's condition did.
      this.sinceMs = Math.min(this.pendingSince[0] ?? nowMs, this.pendingSince[1] ?? nowMs)
      this.actionsRun = false
      return { change: 'firing', severity: next, previous }
    }
    if (next === 'ok') {
      this.sinceMs = null
      return { change: 'resolved', severity: next, previous }
    }
    return { change: SEVERITY_RANK[next] > SEVERITY_RANK[previous] ? 'escalated' : 'deescalated', severity: next, previous }
  }

  /** The highest level whose condition holds but that does not fire yet, with since when. */
  pending (): { severity: Severity, sinceMs: number } | null {
    for (let level = LEVELS.length - 1; level >= 0; level--) {
      const since = this.pendingSince[level]
      // Pending only when it would raise the severity.
      if (since !== null && !this.firing[level] && level + 1 > SEVERITY_RANK[this.severity]) {
        return { severity: LEVELS[level], sinceMs: since }
      }
    }
    return null
  }

  /** Back to ok with no history, e.g. when the rule is disabled or its data cleared. */
  reset (): void {
    this.severity = 'ok'
    this.sinceMs = null
    this.actionsRun = false
    this.pendingSince.fill(null)
    this.clearSince.fill(null)
    this.firing.fill(false)
  }
}
