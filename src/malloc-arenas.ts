/**
 * Caps glibc's malloc arenas at two before the service allocates anything.
 *
 * glibc gives each thread that allocates its own arena (up to 8 per core);
 * V8's background compiler and GC threads and libuv's pool each fill one,
 * and freed memory in them is rarely returned. Measured under the soak's
 * load (bench/soak.ts): with the default, RSS after a full GC crept from 136
 * to 148 MB over 200 s while the JavaScript heap stayed at 31 MB; with two
 * arenas it stayed at 133-136 MB from the first minute. The variable only
 * takes effect when the process starts, so the CLI re-executes itself once
 * (same PID, same arguments) with it set. An operator's own
 * MALLOC_ARENA_MAX, any value, is kept as it is.
 */
export const MALLOC_ARENA_LIMIT = '2'

/** What decides whether to re-execute: the process as it is. */
export interface ArenaContext {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  execArgv: readonly string[]
  canExecve: boolean
}

/**
 * True when the process should re-execute itself with the arena limit:
 * Linux (musl ignores the variable: one cheap restart, no harm), the
 * variable not set, and no inspector flag (a debugger attached to this
 * process would lose it).
 */
export function shouldLimitArenas (ctx: ArenaContext): boolean {
  if (ctx.platform !== 'linux' || !ctx.canExecve) return false
  if (ctx.env.MALLOC_ARENA_MAX !== undefined) return false
  return !ctx.execArgv.some((a) => a.startsWith('--inspect'))
}

/** Re-executes the process with the arena limit when {@link shouldLimitArenas} says so; returns otherwise. */
export function limitMallocArenas (): void {
  const execve = process.execve
  const ctx: ArenaContext = {
    env: process.env,
    platform: process.platform,
    execArgv: process.execArgv,
    canExecve: typeof execve === 'function'
  }
  if (!shouldLimitArenas(ctx) || execve === undefined) return
  execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], { ...process.env, MALLOC_ARENA_MAX: MALLOC_ARENA_LIMIT })
}
