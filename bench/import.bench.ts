import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { fmt, median } from './harness.ts'
import type { Section } from './harness.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const PROBE = fileURLToPath(new URL('../scripts/import-probe.ts', import.meta.url))
const TSC = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url))

/** The entries as built (what a bot loads), and the logger's own modules as the floor the library entry is held to. */
const CASES: ReadonlyArray<[string, string]> = [
  ['logger modules (dist/logger/metrics-logger.js)', 'dist/logger/metrics-logger.js'],
  ['breakout-metrics (dist/index.js)', 'dist/index.js'],
  ['breakout-metrics/persist', 'dist/persist/index.js'],
  ['breakout-metrics/http', 'dist/http/index.js'],
  ['breakout-metrics/server', 'dist/server-entry.js']
]

interface Probe { importMs: number, cpuMs: number, heapBytes: number, modules: string[] }

function probe (file: string, modules: boolean): Probe {
  const args = [PROBE, `${ROOT}${file}`, ...(modules ? ['--modules'] : [])]
  return JSON.parse(execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' })) as Probe
}

/**
 * Cold import of each entry of the package as built (`dist/`, compiled here first, so the
 * figures are of the current sources): every sample is a fresh child process that imports the
 * entry once.
 * Rounds are interleaved across entries so a noisy second hurts each alike; medians reported.
 * The module count comes from one extra run with the resolution hook on (the hook costs time).
 */
export function importBench (rounds = 9): Section {
  execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' })
  const times = new Map<string, number[]>(CASES.map(([, file]) => [file, []]))
  const cpus = new Map<string, number[]>(CASES.map(([, file]) => [file, []]))
  const heaps = new Map<string, number[]>(CASES.map(([, file]) => [file, []]))
  for (let r = 0; r < rounds + 1; r++) {
    for (const [, file] of CASES) {
      const p = probe(file, false)
      if (r === 0) continue // the first round warms the disk cache
      times.get(file)!.push(p.importMs)
      cpus.get(file)!.push(p.cpuMs)
      heaps.get(file)!.push(p.heapBytes)
    }
  }
  const rows = CASES.map(([name, file]) => {
    const loaded = probe(file, true).modules
    const ours = loaded.filter((u) => u.startsWith('file:') && !u.includes('/node_modules/')).length
    const packages = loaded.filter((u) => u.includes('/node_modules/')).length
    return { name, file, ms: median(times.get(file)!), cpuMs: median(cpus.get(file)!), heapMb: median(heaps.get(file)!) / 2 ** 20, ours, packages }
  })
  const floor = rows[0]
  const library = rows[1]
  const ratio = library.ms / floor.ms
  const cpuRatio = library.cpuMs / floor.cpuMs
  return {
    title: `Cold import of each package entry, as built (ms, median of ${rounds} fresh processes)`,
    table: [
      ['entry', 'import ms (median)', 'CPU ms (median)', 'heap MB after', 'modules of ours', 'package modules'],
      ...rows.map((r) => [r.name, fmt(r.ms), fmt(r.cpuMs), fmt(r.heapMb), String(r.ours), String(r.packages)])
    ],
    notes: [
      `The library entry takes ${fmt(ratio, 2)}x the logger's own modules (target <= 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'}) ` +
        `and ${fmt(library.ms)} ms (target < 50 ms: ${library.ms < 50 ? 'met' : 'NOT met'}); in CPU time, ${fmt(cpuRatio, 2)}x.`,
      'Time from `import()` to its promise settling, inside a fresh process, so Node\'s own start is left out; ' +
        'CPU time is the process\'s user + system time over the same span, which another process\'s load does not stretch.'
    ]
  }
}
