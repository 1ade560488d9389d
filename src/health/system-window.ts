import type { SystemSample } from '../collect/system-sample.ts'
import { RingBuffer } from '../core/ring-buffer.ts'
import { SYSTEM_SERIES_FIELDS } from '../collect/system-series.ts'

/** The numeric fields of a system sample a rule may read, plus `samples` (one point per sample). */
export const SYSTEM_FIELDS = Object.freeze([...SYSTEM_SERIES_FIELDS, 'samples'] as const)
export type SystemField = typeof SYSTEM_FIELDS[number]

/** What the engine needs of a system sampler; `SystemSampler` has it. */
export interface SystemSource {
  onSample (listener: (sample: SystemSample) => void): () => void
  history (): SystemSample[]
  latest (): SystemSample | null
}

/**
 * The system samples as one ring per field, so that rules read them the
 * way they read series: a window found by binary search, no scan of the
 * sampler's history and no object per point. A null field leaves a gap.
 * `samples` records 1 per sample, for stale-sampler rules (`age`).
 */
export class SystemWindow {
  private readonly rings = new Map<SystemField, RingBuffer>()

  /** @param capacity samples kept per field (720: an hour at the default 5 s). */
  constructor (capacity = 720) {
    for (const field of SYSTEM_FIELDS) this.rings.set(field, new RingBuffer(capacity))
  }

  push (sample: SystemSample): void {
    const t = sample.timestamp
    for (const field of SYSTEM_FIELDS) {
      const value = field === 'samples' ? 1 : sample[field]
      if (typeof value === 'number' && Number.isFinite(value)) this.rings.get(field)!.append(t, value)
    }
  }

  /** The ring of `field`, or undefined for a name that is not a field. */
  ring (field: string): RingBuffer | undefined {
    return this.rings.get(field as SystemField)
  }

  clear (): void {
    for (const ring of this.rings.values()) ring.clear()
  }
}

export function isSystemField (name: string): name is SystemField {
  return (SYSTEM_FIELDS as readonly string[]).includes(name)
}
