/**
 * Sets glibc's malloc up for a long-running service before it allocates
 * anything. Both settings were found under the soak's load (bench/soak.ts,
 * docs/RELIABILITY.md), where the JavaScript heap after a full GC stayed
 * flat while RSS after it did not:
 *
 * - `MALLOC_ARENA_MAX=2`. glibc gives each thread that allocates its own
 *   arena (up to 8 per core); V8's background compiler and GC threads and
 *   libuv's pool each fill one, and freed memory in them is rarely
 *   returned. With the default, RSS after a GC crept from 136 to 148 MB over
 *   200 s; with two arenas it stayed at 133-136 MB from the first minute.
 * - `MALLOC_MMAP_THRESHOLD_=131072`. glibc starts by serving blocks of
 *   128 KiB and more with mmap, returned to the kernel when freed, but each
 *   such free raises the threshold to the block's size, so later large
 *   blocks (a ring snapshot's encoding, SQLite's work) come from the heap
 *   and stay there: the main heap grew by a step of 1.4 MB at the first
 *   snapshot and kept it. Fixing the threshold (which also stops glibc
 *   moving it) kept the heap within 0.2 MB.
 *
 * The variables only take effect when a process starts, so the CLI
 * re-executes itself once (same PID, same arguments) with them set. An
 * operator's own value of either, any value, is kept as it is.
 */
export const MALLOC_SETTINGS: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072'
}

/** What decides whether to re-execute: the process as it is. */
export interface MallocContext {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  execArgv: readonly string[]
  canExecve: boolean
}

/**
 * The variables to add before re-executing, or null to go on as is: on
 * Linux (musl ignores them: one cheap restart, no harm), those of
 * {@link MALLOC_SETTINGS} the environment does not set, and none under an
 * inspector flag (a debugger attached to this process would lose it).
 */
export function mallocSettingsToAdd (ctx: MallocContext): Record<string, string> | null {
  if (ctx.platform !== 'linux' || !ctx.canExecve) return null
  if (ctx.execArgv.some((a) => a.startsWith('--inspect'))) return null
  const missing = Object.entries(MALLOC_SETTINGS).filter(([name]) => ctx.env[name] === undefined)
  return missing.length === 0 ? null : Object.fromEntries(missing)
}

/** Re-executes the process with the settings {@link mallocSettingsToAdd} names; returns when there are none. */
export function tuneMalloc (): void {
  const execve = process.execve
  const add = mallocSettingsToAdd({
    env: process.env,
    platform: process.platform,
    execArgv: process.execArgv,
    canExecve: typeof execve === 'function'
  })
  if (add === null || execve === undefined) return
  execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], { ...process.env, ...add })
}
