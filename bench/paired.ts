import { median } from './harness.ts'
import type { Case, CaseResult } from './harness.ts'

/** Two cases measured side by side, and how their times compare. */
export interface PairResult {
  a: CaseResult
  b: CaseResult
  /** Median over the rounds of b's time over a's in the same round. */
  ratio: number
}

/** CPU time of the process, ns. */
function cpuNs (): number {
  const u = process.cpuUsage()
  return (u.user + u.system) * 1000
}

/**
 * Measures two cases side by side for a ratio between them: each round
 * runs both, in alternating order (a b, then b a), and each run is timed in
 * the process's CPU time, not the wall clock. On a machine whose cores are
 * shared with other work, wall time counts the time the process waits for
 * a core, which lands on whichever case was running; CPU time counts the
 * work. The ratio is the median of the per-round ratios, so a slow stretch
 * of the machine weighs on both sides of a ratio alike.
 */
export function measurePair (a: Case, b: Case, { ops = 1_000_000, rounds = 21, warmupRounds = 3 } = {}): PairResult {
  const sa: number[] = []
  const sb: number[] = []
  const ratios: number[] = []
  const time = (c: Case): number => {
    const start = cpuNs()
    c.run(ops)
    return (cpuNs() - start) / ops
  }
  for (let r = 0; r < warmupRounds + rounds; r++) {
    let ta: number
    let tb: number
    if (r % 2 === 0) {
      ta = time(a)
      tb = time(b)
    } else {
      tb = time(b)
      ta = time(a)
    }
    if (r < warmupRounds) continue
    sa.push(ta)
    sb.push(tb)
    ratios.push(tb / ta)
  }
  const result = (c: Case, s: number[]): CaseResult => {
    const m = median(s)
    return { name: c.name, nsPerOp: m, madNs: median(s.map((x) => Math.abs(x - m))) }
  }
  return { a: result(a, sa), b: result(b, sb), ratio: median(ratios) }
}
