// The wire format of GET /stream's updates: the service writes it and the
// dashboard (web/) reads it, both from this one module.
import type { Labels } from '../core/label-set.ts'
import type { SystemSample } from '../collect/system-sample.ts'

export type { SystemSample } from '../collect/system-sample.ts'

/** One series' new points in an update: name, labels, times (epoch ms), values. */
export interface StreamSeries {
  n: string
  l: Labels
  t: number[]
  v: number[]
}

/** The JSON of an update's `data:` line. */
export interface StreamPayload {
  /** End of the update's window, epoch ms: the points are in [previous id, t). */
  t: number
  series: StreamSeries[]
  system: SystemSample[]
  health: { status: string, issues: Array<{ check: string, severity: string, message: string }> }
  /** Present when the point budget cut the update: the client should reload over JSON. */
  truncated?: true
}
