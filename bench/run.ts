import { writeFileSync } from 'node:fs'
import os from 'node:os'
import { recordBench } from './record.bench.ts'
import { memoryBench, summaryBench } from './store.bench.ts'
import { renderBench } from './render.bench.ts'
import { chunksBench } from './chunks.bench.ts'
import { httpBench } from './http.bench.ts'
import { tradingContextBench, tradingIngestBench, tradingStatisticsBench } from './trading.bench.ts'
import { healthLatencyBench } from './health.bench.ts'
import { analysisQueryBench, sampledIngestBench } from './analysis.bench.ts'
import { importBench } from './import.bench.ts'
import type { Section } from './harness.ts'

/**
 * Runs every benchmark in one process and writes docs/BENCHMARKS.md.
 * `npm run bench -- --no-write` prints only.
 */
const benches: Array<[string, () => Section | Promise<Section>]> = [
  // Memory first, before other benchmarks leave garbage behind.
  ['memory', memoryBench],
  ['chunks', chunksBench],
  ['record', recordBench],
  ['summary', summaryBench],
  ['render', renderBench],
  ['analysis', analysisQueryBench],
  ['sampled-ingest', sampledIngestBench],
  ['http', httpBench],
  ['trading', tradingIngestBench],
  ['trading-statistics', tradingStatisticsBench],
  ['trading-context', tradingContextBench],
  ['health', healthLatencyBench],
  ['import', importBench]
]

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const write = !process.argv.includes('--no-write')
const sections: Section[] = []
for (const [name, bench] of benches) {
  if (only.length > 0 && !only.includes(name)) continue
  process.stderr.write(`bench ${name} ...\n`)
  const section = await bench()
  sections.push(section)
  console.log(render(section))
}

function render (s: Section): string {
  const [head, ...rows] = s.table
  const lines = [`### ${s.title}`, '', `| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`]
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`)
  lines.push('')
  for (const n of s.notes) lines.push(`- ${n}`)
  return lines.join('\n') + '\n'
}

if (write && only.length === 0) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  const doc = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand.',
    '',
    `Machine: ${os.cpus().length} x ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}. ` +
      `Run ${new Date().toISOString().slice(0, 10)}.`,
    '',
    'Caveat: these are 2 shared, noisy cores. Figures are medians over rounds; compare the ratios',
    'between cases of the same run rather than absolute numbers across runs or machines.',
    '',
    ...sections.map(render)
  ].join('\n')
  writeFileSync(new URL('../docs/BENCHMARKS.md', import.meta.url), doc)
  process.stderr.write('wrote docs/BENCHMARKS.md\n')
}
