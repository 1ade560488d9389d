/**
 * A small benchmark harness: each case runs in rounds after a warm-up, and
 * the median of the rounds' ns/op is reported. Medians, because these
 * machines are shared and noisy; rounds are interleaved across cases so a
 * noisy second hurts every case alike.
 */
export interface Case {
  name: string
  /** Runs the operation `ops` times. */
  run: (ops: number) => void
}

export interface CaseResult {
  name: string
  nsPerOp: number
  /** Median absolute deviation, ns/op. */
  madNs: number
}

export function median (values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

export function measure (cases: Case[], { ops = 200_000, rounds = 15, warmupRounds = 3 } = {}): CaseResult[] {
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]))
  for (let r = 0; r < warmupRounds + rounds; r++) {
    for (const c of cases) {
      const start = process.hrtime.bigint()
      c.run(ops)
      const ns = Number(process.hrtime.bigint() - start) / ops
      if (r >= warmupRounds) samples.get(c.name)!.push(ns)
    }
  }
  return cases.map((c) => {
    const s = samples.get(c.name)!
    const m = median(s)
    return { name: c.name, nsPerOp: m, madNs: median(s.map((x) => Math.abs(x - m))) }
  })
}

/** A section of docs/BENCHMARKS.md: a title, a markdown table, notes. */
export interface Section {
  title: string
  table: string[][]
  notes: string[]
}

export function fmt (n: number, digits = 1): string {
  if (!Number.isFinite(n)) return String(n)
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits)
}
