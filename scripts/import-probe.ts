/**
 * Imports one module in this fresh process and prints, as one JSON line, how long the import
 * took (wall and CPU time, ms), the heap after it and, with `--modules`, every module it loaded. The import-isolation test and the import
 * benchmark run it as a child process, so that nothing is cached from a previous import.
 *
 *   node scripts/import-probe.ts <file or specifier> [--modules]
 *
 * `--modules` installs a synchronous module-resolution hook (node:module registerHooks), which
 * sees every `import` and `require` the module graph makes, built-ins included; it costs time,
 * so the benchmark leaves it off.
 */
import { registerHooks } from 'node:module'
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { existsSync } from 'node:fs'

const target = process.argv[2]
if (target === undefined) {
  process.stderr.write('usage: node scripts/import-probe.ts <module> [--modules]\n')
  process.exit(2)
}
const modules = new Set<string>()
if (process.argv.includes('--modules')) {
  registerHooks({
    resolve (specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context)
      modules.add(resolved.url)
      return resolved
    }
  })
}
// A file path (the sources, or dist/) or a package specifier such as `breakout-metrics/http`.
const url = existsSync(target) ? pathToFileURL(resolve(target)).href : target
const cpuStart = process.cpuUsage()
const start = performance.now()
await import(url)
const importMs = performance.now() - start
// CPU time as well as wall time: on a shared machine another process's load stretches the
// wall time of an import, not the CPU time it costs.
const cpu = process.cpuUsage(cpuStart)
const cpuMs = (cpu.user + cpu.system) / 1000
process.stdout.write(JSON.stringify({ importMs, cpuMs, heapBytes: process.memoryUsage().heapUsed, modules: [...modules] }) + '\n')
