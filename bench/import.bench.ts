import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { fmt, median } from './harness.ts'
import type { Section } from './harness.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const PROBE = fileURLToPath(new URL('../scripts/import-probe.ts', import.meta.url))

/** The entries, and the logger's own modules as the floor the library entry is held to. */
const CASES: ReadonlyArray<[string, string]> = [
  ['logger modules (src/logger/metrics-logger.ts)', 'src/logger/metrics-logger.ts'],
  ['breakout-metrics (src/index.ts)', 'src/index.ts'],
  ['breakout-metrics/persist', 'src/persist/index.ts'],
  ['breakout-metrics/http', 'src/http/index.ts'],
  ['breakout-metrics/server', 'src/server-entry.ts']
]

interface Probe { importMs: number, heapBytes: number, modules: string[] }

function probe (file: string, modules: boolean): Probe {
  const args = [PROBE, `${ROOT}${file}`, ...(modules ? ['--modules'] : [])]
  return JSON.parse(execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' })) as Probe
}

/**
 * Cold import of each entry: every sample is a fresh child process that imports the entry once
 * (Node strips the types of our .ts sources on the way, as it does when a bot runs them).
 * Rounds are interleaved across entries so a noisy second hurts each alike; medians reported.
 * The module count comes from one extra run with the resolution hook on (the hook costs time).
 */
export function importBench (rounds = 9): Section {
  const times = new Map<string, number[]>(CASES.map(([, file]) => [file, []]))
  const heaps = new Map<string, number[]>(CASES.map(([, file]) => [file, []]))
  for (let r = 0; r < rounds + 1; r++) {
    for (const [, file] of CASES) {
      const p = probe(file, false)
      if (r === 0) continue // the first round warms the disk cache
      times.get(file)!.push(p.importMs)
      heaps.get(file)!.push(p.heapBytes)
    }
  }
  const rows = CASES.map(([name, file]) => {
    const loaded = probe(file, true).modules
    const ours = loaded.filter((u) => u.startsWith('file:') && !u.includes('/node_modules/')).length
    const packages = loaded.filter((u) => u.includes('/node_modules/')).length
    return { name, file, ms: median(times.get(file)!), heapMb: median(heaps.get(file)!) / 2 ** 20, ours, packages }
  })
  const floor = rows[0]
  const library = rows[1]
  const ratio = library.ms / floor.ms
  return {
    title: `Cold import of each entry (ms, median of ${rounds} fresh processes)`,
    table: [
      ['entry', 'import ms (median)', 'heap MB after', 'modules of ours', 'package modules'],
      ...rows.map((r) => [r.name, fmt(r.ms), fmt(r.heapMb), String(r.ours), String(r.packages)])
    ],
    notes: [
      `The library entry takes ${fmt(ratio, 2)}x the logger's own modules (target <= 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'}) ` +
        `and ${fmt(library.ms)} ms (target < 50 ms: ${library.ms < 50 ? 'met' : 'NOT met'}).`,
      'Time from `import()` to its promise settling, inside a fresh process, so Node\'s own start is left out.'
    ]
  }
}
