/**
 * Sets a long-running service's memory up before it allocates anything:
 * glibc's malloc and V8's young generation. Each setting was found under
 * load (bench/soak.ts, docs/RELIABILITY.md, bench/trading.bench.ts and
 * docs/BENCHMARKS.md), where the JavaScript heap stayed small and flat
 * while RSS did not:
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
 * - `--max-semi-space-size=16` (MiB). V8 lets each of the young
 *   generation's two semi-spaces grow to 64 MiB by default (Node 24, 64-bit,
 *   measured here); a burst of allocation grows them and V8 keeps them.
 *   After 1,000,000 closed trades RSS stood 297 MB over the process before
 *   the ledger with the default, 154 MB with the cap, the heap in use
 *   ~15 MB either way; after the HTTP benchmark's load, 198 MB against
 *   168 MB. With the read cache on (the default) the service's CPU time
 *   per request under that load was the same (53 µs both, ±20 % a run),
 *   and so were req/s and p99 within this machine's noise. With it off
 *   (READ_CACHE_MB=0: every read computes and serialises 1,000 points) a
 *   read cost 11-14 % more CPU (401 against 446 µs, 3 runs each) for
 *   ~90 MB less RSS; an operator who runs so can give a larger size.
 *
 * The variables only take effect when a process starts, and the flag is
 * read by V8 only then, so the CLI re-executes itself once (same PID, same
 * arguments) with them set. An operator's own value of any of them, any
 * value, is kept as it is (for the flag: any flag that sizes the young
 * generation, {@link sizesYoungGeneration}).
 */
export const MALLOC_SETTINGS: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072'
}

/** V8's cap on each of the young generation's semi-spaces, MiB: see the file's comment. */
export const SEMI_SPACE_MB = 16

/** The node argument that sets {@link SEMI_SPACE_MB}. */
export const SEMI_SPACE_FLAG = `--max-semi-space-size=${SEMI_SPACE_MB}`

/** What decides whether to re-execute: the process as it is. */
export interface MallocContext {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  execArgv: readonly string[]
  canExecve: boolean
}

/** What the one re-execution adds: environment variables and node arguments (before the script). */
export interface Reexecution {
  env: Record<string, string>
  nodeArgs: string[]
}

/**
 * Whether a re-execution may happen at all: on Linux only (musl ignores
 * the malloc variables: one cheap restart, no harm; the service runs and
 * was measured there), and never under an inspector flag (a debugger
 * attached to this process would lose it).
 */
function mayReexecute (ctx: MallocContext): boolean {
  return ctx.platform === 'linux' && ctx.canExecve && !ctx.execArgv.some((a) => a.startsWith('--inspect'))
}

/**
 * The variables to add before re-executing, or null to go on as is: those
 * of {@link MALLOC_SETTINGS} the environment does not set, when a
 * re-execution may happen at all.
 */
export function mallocSettingsToAdd (ctx: MallocContext): Record<string, string> | null {
  if (!mayReexecute(ctx)) return null
  const missing = Object.entries(MALLOC_SETTINGS).filter(([name]) => ctx.env[name] === undefined)
  return missing.length === 0 ? null : Object.fromEntries(missing)
}

/**
 * V8 flags by which an operator sizes the young generation: its semi-spaces
 * directly, or the whole heap, from which V8 derives them. Adding the cap
 * beside `--max-heap-size` and `--max-old-space-size` would stop the
 * service: V8 aborts at start when all three are given (Node 24).
 */
const YOUNG_GENERATION_FLAGS = new Set(['--max-semi-space-size', '--min-semi-space-size', '--max-heap-size'])

/**
 * Whether node arguments or NODE_OPTIONS (split on whitespace, as Node
 * does for unquoted values) already size the young generation, in either
 * of V8's spellings: `--max-semi-space-size=32`, `--max-semi-space-size 32`,
 * `--max_semi_space_size=32`, or one of the other {@link YOUNG_GENERATION_FLAGS}.
 */
export function sizesYoungGeneration (args: readonly string[], nodeOptions: string | undefined): boolean {
  const all = [...args, ...(nodeOptions ?? '').split(/\s+/)]
  return all.some((a) => YOUNG_GENERATION_FLAGS.has(a.split('=', 1)[0].replaceAll('_', '-')))
}

/**
 * The node arguments a run of the service adds for its memory: {@link SEMI_SPACE_FLAG},
 * unless the operator sized the young generation in `execArgv` or NODE_OPTIONS
 * ({@link sizesYoungGeneration}).
 * For processes started under an inspector, which the CLI does not re-execute
 * (bench/soak.ts, the memory tests), to run as the CLI would.
 */
export function nodeArgsToAdd (execArgv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  return sizesYoungGeneration(execArgv, env.NODE_OPTIONS) ? [] : [SEMI_SPACE_FLAG]
}

/**
 * What to re-execute with, or null to go on as is: the missing malloc
 * variables ({@link mallocSettingsToAdd}) and the semi-space cap
 * ({@link nodeArgsToAdd}), when a re-execution may happen and either adds
 * something. After it, every setting is present, so it happens once.
 *
 * @example
 * reexecution({ env: {}, platform: 'linux', execArgv: [], canExecve: true })
 * // { env: { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' }, nodeArgs: ['--max-semi-space-size=16'] }
 */
export function reexecution (ctx: MallocContext): Reexecution | null {
  if (!mayReexecute(ctx)) return null
  const env = mallocSettingsToAdd(ctx) ?? {}
  const nodeArgs = nodeArgsToAdd(ctx.execArgv, ctx.env)
  return Object.keys(env).length === 0 && nodeArgs.length === 0 ? null : { env, nodeArgs }
}

/** Re-executes the process with what {@link reexecution} names; returns when there is nothing to add. */
export function tuneMemory (): void {
  const execve = process.execve
  const add = reexecution({
    env: process.env,
    platform: process.platform,
    execArgv: process.execArgv,
    canExecve: typeof execve === 'function'
  })
  if (add === null || execve === undefined) return
  execve(process.execPath, [process.execPath, ...process.execArgv, ...add.nodeArgs, ...process.argv.slice(1)], { ...process.env, ...add.env })
}
