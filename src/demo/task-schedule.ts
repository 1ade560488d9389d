/** Longest stretch a step catches up on; past it the schedule skips ahead (a suspended process). */
export const MAX_CATCH_UP_MS = 60_000

/** The demo bot's periodic tasks: a market tick, a scan, an engine cycle. */
export type DemoTask = 'tick' | 'scan' | 'cycle'

/** Periods of the tasks, ms. */
export interface TaskIntervals {
  tickIntervalMs: number
  scanIntervalMs: number
  engineIntervalMs: number
}

/**
 * When each of the demo bot's tasks is next due, epoch ms. Tasks run in
 * time order; at equal times a tick runs before a scan, a scan before a cycle.
 */
export class TaskSchedule {
  private nextTickMs = Number.NaN
  private nextScanMs = Number.NaN
  private nextCycleMs = Number.NaN
  private readonly intervals: TaskIntervals

  constructor (intervals: TaskIntervals) {
    this.intervals = intervals
  }

  /** A scan and a cycle due at `nowMs`, the first tick one tick period later. */
  begin (nowMs: number): void {
    this.nextScanMs = this.nextCycleMs = nowMs
    this.nextTickMs = nowMs + this.intervals.tickIntervalMs
  }

  /** More than MAX_CATCH_UP_MS behind `nowMs`: each task skips to its last due time. */
  catchUp (nowMs: number): void {
    if (nowMs - Math.min(this.nextTickMs, this.nextScanMs, this.nextCycleMs) <= MAX_CATCH_UP_MS) return
    const o = this.intervals
    this.nextTickMs = latestDue(this.nextTickMs, o.tickIntervalMs, nowMs)
    this.nextScanMs = latestDue(this.nextScanMs, o.scanIntervalMs, nowMs)
    this.nextCycleMs = latestDue(this.nextCycleMs, o.engineIntervalMs, nowMs)
  }

  /** The next task due at or before `nowMs`, its time moved one period on; `null` when none is due. */
  nextDue (nowMs: number): { task: DemoTask, atMs: number } | null {
    const atMs = Math.min(this.nextTickMs, this.nextScanMs, this.nextCycleMs)
    if (!(atMs <= nowMs)) return null
    if (this.nextTickMs === atMs) {
      this.nextTickMs += this.intervals.tickIntervalMs
      return { task: 'tick', atMs }
    }
    if (this.nextScanMs === atMs) {
      this.nextScanMs += this.intervals.scanIntervalMs
      return { task: 'scan', atMs }
    }
    this.nextCycleMs += this.intervals.engineIntervalMs
    return { task: 'cycle', atMs }
  }
}

/** The last time `next + k * interval` (k >= 0) at or before `nowMs`. */
export function latestDue (next: number, interval: number, nowMs: number): number {
  return nowMs < next ? next : next + Math.floor((nowMs - next) / interval) * interval
}
