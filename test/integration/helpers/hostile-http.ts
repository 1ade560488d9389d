import { request } from 'node:http'
import type { OutgoingHttpHeaders } from 'node:http'
import { hostileRequests } from '../../unit/http/hostile-requests.ts'
import type { HostileRequest } from '../../unit/http/hostile-requests.ts'

/** Statuses of one round, by code; `refusedByClient` counts requests Node's HTTP client would not send (bad path or header characters). */
export interface HostileRound {
  statuses: Record<number, number>
  refusedByClient: number
  /** Bodies over 1 MB the service refused before reading them whole (the socket closed under the client). */
  cutOff: number
}

interface Answer { status: number, body: string }

async function send (base: URL, method: string, path: string, headers: OutgoingHttpHeaders, payload: string | Buffer | undefined): Promise<Answer> {
  return await new Promise((resolve, reject) => {
    // A fresh connection each: a refused body may close the connection, which must not fail the next request.
    const length = payload === undefined ? {} : { 'content-length': Buffer.byteLength(payload) }
    const req = request({ host: base.hostname, port: base.port, method, path, headers: { ...headers, ...length }, agent: false, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')))
    req.on('error', reject)
    req.end(payload)
  })
}

/**
 * Sends the unit suite's seeded hostile requests (test/unit/http/hostile-requests.ts:
 * odd paths, deep and huge JSON, overflowing numbers, long names, label
 * bombs, bad keys) to a real service over HTTP, `concurrency` at a time. The service
 * must run with the suite's KEYS. Throws on a 5xx, a dropped connection or
 * a 4xx without an `{error, message}` body.
 */
export async function hostileRound (url: string, seed: number, count: number, concurrency = 4): Promise<HostileRound> {
  const base = new URL(url)
  const round: HostileRound = { statuses: {}, refusedByClient: 0, cutOff: 0 }
  // One generator shared by the workers: each request is built when sent, so the bodies are not all held at once.
  const requests = hostileRequests(seed, count, true)
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (const r of requests) await sendOne(base, r, round)
  }))
  return round
}

async function sendOne (base: URL, r: HostileRequest, round: HostileRound): Promise<void> {
  const o = r.options
  // HEAD goes as GET: the routes do the same work, and Node's client fails to parse some HEAD answers sent without keep-alive.
  const method = o.method === 'HEAD' ? 'GET' : String(o.method ?? 'GET')
  const path = String(o.url)
  const headers = (o.headers ?? {}) as OutgoingHttpHeaders
  const payload = o.payload as string | Buffer | undefined
  let answer: Answer
  try {
    answer = await send(base, method, path, headers, payload)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // Node's client refuses to put these on the wire; the service never sees them.
    if (code === 'ERR_UNESCAPED_CHARACTERS' || code === 'ERR_INVALID_CHAR' || code === 'ERR_INVALID_HTTP_TOKEN' || code === 'ERR_HTTP_INVALID_HEADER_VALUE') {
      round.refusedByClient++
      return
    }
    // A body the service refused (415, 413, 401) before reading it all: it answers and closes while the
    // client still writes. Loopback socket buffers take up to a few hundred KB, so any body larger
    // than 64 KiB may be cut off (seen with 560 KB); smaller ones always reach the service whole.
    if ((code === 'EPIPE' || code === 'ECONNRESET') && payload !== undefined && payload.length > 64 * 1024) {
      round.cutOff++
      return
    }
    throw new Error(`${r.kind} ${method} ${path.slice(0, 120)} (${payload?.length ?? 0} body chars): ${(error as Error).message}`)
  }
  const what = `${r.kind} ${method} ${path.slice(0, 120)} -> ${answer.status} ${answer.body.slice(0, 200)}`
  if (answer.status >= 500) throw new Error(what)
  if (answer.status >= 400 && answer.status !== 422 && method !== 'HEAD') {
    const body = JSON.parse(answer.body) as { error?: unknown, message?: unknown }
    if (typeof body.error !== 'string' || typeof body.message !== 'string') throw new Error(`no error body: ${what}`)
  }
  round.statuses[answer.status] = (round.statuses[answer.status] ?? 0) + 1
}
