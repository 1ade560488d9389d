import { DEFAULT_RULES } from '../../../src/health/default-rules.ts'
import type { HealthRule } from '../../../src/health/rule.ts'

/** A clock tests move by hand. */
export class FakeClock {
  t: number
  constructor (t = 1_700_000_000_000) { this.t = t }
  now (): number { return this.t }
  advance (ms: number): number { this.t += ms; return this.t }
}

/** A complete rule from a few fields (the rest as a plain built-in). */
export function rule (fields: Partial<HealthRule> & Pick<HealthRule, 'id'>): HealthRule {
  return {
    ...DEFAULT_RULES.find((r) => r.id === 'engine_cycle_p99')!,
    description: fields.id,
    forMs: 0,
    keepFiringForMs: 0,
    ...fields
  }
}
