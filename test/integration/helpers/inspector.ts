import { readFileSync } from 'node:fs'

/**
 * A Chrome DevTools Protocol session with a Node process started with
 * `--inspect=127.0.0.1:0`: lets a test force a full garbage collection in
 * the service and read its memory, without any hook in the product.
 */
export interface InspectorSession {
  /** Runs a full, non-incremental GC in the inspected process. */
  collectGarbage: () => Promise<void>
  /** Evaluates an expression in the process and returns its value (JSON-serialisable). */
  evaluate: <T>(expression: string) => Promise<T>
  close: () => void
}

/** The inspector's WebSocket URL as Node prints it on stderr, or undefined while not yet printed. */
export function inspectorUrl (output: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1]
}

/** Connects to the inspector at `wsUrl`. */
export async function connectInspector (wsUrl: string): Promise<InspectorSession> {
  const ws = new WebSocket(wsUrl)
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true })
    ws.addEventListener('error', () => reject(new Error(`cannot connect to ${wsUrl}`)), { once: true })
  })
  let nextId = 1
  const pending = new Map<number, { resolve: (v: any) => void, reject: (e: Error) => void }>()
  ws.addEventListener('message', (event) => {
    const msg = JSON.parse(String(event.data)) as { id?: number, result?: unknown, error?: { message: string } }
    if (msg.id === undefined) return
    const p = pending.get(msg.id)
    pending.delete(msg.id)
    if (msg.error !== undefined) p?.reject(new Error(msg.error.message))
    else p?.resolve(msg.result)
  })
  const call = async (method: string, params: Record<string, unknown> = {}): Promise<any> => {
    const id = nextId++
    const answer = new Promise((resolve, reject) => { pending.set(id, { resolve, reject }) })
    ws.send(JSON.stringify({ id, method, params }))
    return await answer
  }
  return {
    collectGarbage: async () => { await call('HeapProfiler.collectGarbage') },
    evaluate: async <T>(expression: string): Promise<T> => {
      const r = await call('Runtime.evaluate', { expression, returnByValue: true }) as { result: { value: T } }
      return r.result.value
    },
    close: () => { ws.close() }
  }
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export function rssBytes (pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (m === null) throw new Error(`no VmRSS for process ${pid}`)
  return Number(m[1]) * 1024
}
