import type { InjectOptions } from 'fastify'
import { Random } from '../../../src/demo/prng.ts'
import { KEYS } from './security-helpers.ts'

/** One generated request and the family it came from (for failure messages). */
export interface HostileRequest {
  kind: string
  options: InjectOptions
}

const ROUTES = ['/api/metrics', '/api/metrics/', '/api/metrics/summary', '/api/metrics/performance', '/api/metrics/system',
  '/api/metrics/metric/engine_cycle_time', '/api/metrics/all', '/api/metrics/health', '/api/metrics/latency', '/api/docs',
  '/api/metrics/events', '/api/metrics/clear']
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const
const ODD_SEGMENTS = ['..', '.', '%2e%2e', '%2f', '%00', '%zz', '%', '%e0%a4%a', '%ff', '//', ';x=1', '*', '~', '%20', '+', 'é', '\u202e', '😀',
  '%u0041', '__proto__', 'constructor', 'metric', 'metric/', 'CON', 'a'.repeat(300), '%252e']
const ODD_NUMBERS = ['NaN', 'Infinity', '-Infinity', '1e309', '-1e309', '1e3', '-0', '0', '0x10', '1.5', '', ' 5', '%00', '99999999999999999999',
  '[]', '{}', 'null', 'true', '1,2', '٣']
const CONTROL = ['\u0000', '\u0001', '\n', '\r', '\t', '\u001b', '\u007f', '\u2028']
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'APPLICATION/JSON',
  'application/json;;', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
  'application/vnd.api+json', 'application/octet-stream', 'application/json\u0000', '']
const AUTH = ['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a b', 'Digest x', 'bearer ' + KEYS.read.toUpperCase(),
  'Bearer ' + 'k'.repeat(5000), 'Bearer é€😀', 'Bearer \u202eabc', 'Bearer ' + KEYS.read + 'x', 'Bearer ' + KEYS.read.slice(1),
  'Bearer %00', 'Bearer null', 'Bearer undefined']

// Lone surrogates cannot be percent-encoded as UTF-8; they become U+FFFD first.
const enc = (s: string): string => encodeURIComponent(s.toWellFormed())
const pick = <T>(rng: Random, list: readonly T[]): T => list[rng.int(list.length)]

function oddString (rng: Random, maxLength: number): string {
  let s = ''
  const n = rng.int(maxLength + 1)
  while (s.length < n) {
    const r = rng.next()
    s += r < 0.5 ? String.fromCharCode(97 + rng.int(26)) : r < 0.6 ? pick(rng, CONTROL) : r < 0.7 ? pick(rng, ['é', '😀', '\ud800', '"', '\\', '{', '[', ' ']) : String.fromCharCode(rng.int(0x3000))
  }
  return s.slice(0, n)
}

/** A metric name that never is `reference_metric`, the suite's witness. */
function name (rng: Random): unknown {
  const r = rng.next()
  if (r < 0.35) return 'h_' + rng.int(100_000).toString(36)
  if (r < 0.5) return 'h'.repeat(1 + rng.int(400))
  if (r < 0.7) return oddString(rng, 60)
  return pick(rng, [null, 42, true, [], {}, '', ' ', 'a b', '1abc', 'latency_' + oddString(rng, 10), 'trade_x', '__proto__', 'constructor'])
}

function value (rng: Random): unknown {
  return pick(rng, [1, -1, 0, 0.5, 1e308, -1e308, 5e-324, 'NaN', 'Infinity', '-Infinity', '1', null, true, {}, [], [1], 'x', Number.MAX_SAFE_INTEGER + 2])
}

function tags (rng: Random): unknown {
  const r = rng.next()
  if (r < 0.2) return undefined
  if (r < 0.3) return pick(rng, [[], 'tags', 1, null, [['a', 'b']]])
  const t: Record<string, unknown> = {}
  const n = rng.chance(0.1) ? 20 + rng.int(200) : rng.int(5)
  for (let i = 0; i < n; i++) {
    const k = rng.chance(0.7) ? 'l' + rng.int(50) : oddString(rng, rng.chance(0.1) ? 200 : 12)
    t[k] = rng.chance(0.6) ? 'v' + rng.int(1000) : rng.chance(0.5) ? oddString(rng, rng.chance(0.2) ? 400 : 20) : value(rng)
  }
  return t
}

function item (rng: Random): unknown {
  const type = pick(rng, ['metric', 'metric', 'metric', 'trade', 'engine_cycle', 'scanner', 'risk', 'latency', 'nope', 1, null])
  const base: Record<string, unknown> = { type }
  switch (type) {
    case 'metric': Object.assign(base, { name: name(rng), value: value(rng), tags: tags(rng) }); break
    case 'trade': Object.assign(base, { event: pick(rng, ['opened', 'closed', 'reduced', 'x', 1]), symbol: rng.chance(0.7) ? 'S' + rng.int(20) : oddString(rng, 300), side: pick(rng, ['long', 'short', 'buy', 'sell', 'up']), quantity: value(rng), price: value(rng), pnl: value(rng) }); break
    case 'engine_cycle': Object.assign(base, { cycle_time: value(rng), state: oddString(rng, 20), positions: value(rng), signals: 1, orders: 0 }); break
    case 'scanner': Object.assign(base, { symbols_scanned: value(rng), candidates_found: 1, scan_time: 0.1, filters: rng.chance(0.5) ? { [oddString(rng, 10)]: value(rng) } : tags(rng) }); break
    case 'risk': Object.assign(base, { current: value(rng), max: value(rng), position: 0, daily_pnl: value(rng) }); break
    case 'latency': Object.assign(base, { component: rng.chance(0.5) ? 'c' + rng.int(30) : oddString(rng, 40), seconds: value(rng), tags: tags(rng) }); break
  }
  if (rng.chance(0.1)) base[oddString(rng, 8)] = value(rng)
  if (rng.chance(0.05)) base.timestamp = pick(rng, [-1, 0, 1e20, 'now', Date.now(), 1.5])
  return base
}

function body (rng: Random): string | Buffer {
  const r = rng.next()
  if (r < 0.45) {
    const n = rng.chance(0.05) ? 500 + rng.int(3000) : 1 + rng.int(30)
    return JSON.stringify(Array.from({ length: n }, () => item(rng)))
  }
  if (r < 0.55) {
    // A cardinality bomb: many new names or label sets in one batch.
    const n = 500 + rng.int(2000)
    const byLabel = rng.chance(0.5)
    return JSON.stringify(Array.from({ length: n }, (_, i) => byLabel
      ? { type: 'metric', name: 'bomb_' + rng.int(3), value: 1, tags: { id: `${rng.nextUint32()}_${i}` } }
      : { type: 'metric', name: `bomb_${rng.nextUint32().toString(36)}_${i}`, value: 1 }))
  }
  if (r < 0.62) {
    const depth = pick(rng, [31, 32, 33, 100, 10_000, 500_000])
    return rng.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '[{"type":"metric","name":"d","value":1,"tags":' + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) + '}]'
  }
  if (r < 0.65) return '[' + '1,'.repeat(rng.chance(0.5) ? 10_001 : 2_500_000) + '1]'
  if (r < 0.68) return Buffer.from(Array.from({ length: rng.int(2000) }, () => rng.int(256)))
  return pick(rng, ['', 'NaN', '[NaN]', '[Infinity]', '[-Infinity]', '[1e400]', '[{"type":"metric","name":"x","value":1e400}]', 'null', '{}', '"s"', '123',
    '[{"type":', '\ufeff[]', '[{"__proto__":{"x":1}}]', '[{"constructor":{"prototype":{"x":1}}}]', '[{"type":"metric","name":"a","name":"b","value":1}]',
    '[' + '"' + 'x'.repeat(100_000) + '"]', '[{"type":"metric","name":"' + 'n'.repeat(10_000) + '","value":1}]', '[{}]', '[[]]', '[null]', '{"type":"metric"}'])
}

function query (rng: Random): string {
  const parts: string[] = []
  const n = rng.chance(0.05) ? 200 + rng.int(800) : rng.int(6)
  for (let i = 0; i < n; i++) {
    const k = rng.chance(0.6) ? pick(rng, ['last_n', 'since', 'until', 'step', 'symbol', '__proto__', 'constructor', 'hasOwnProperty', 'toString']) : enc(oddString(rng, 20))
    const v = rng.chance(0.5) ? pick(rng, ODD_NUMBERS) : enc(oddString(rng, rng.chance(0.1) ? 1000 : 20))
    parts.push(rng.chance(0.1) ? k : `${k}=${v}`)
  }
  return parts.length === 0 ? '' : '?' + parts.join(rng.chance(0.1) ? ';' : '&')
}

function path (rng: Random): string {
  const r = rng.next()
  const base = pick(rng, ROUTES)
  if (r < 0.4) return base
  if (r < 0.6) return '/api/metrics/metric/' + (rng.chance(0.5) ? enc(String(name(rng))) : pick(rng, ODD_SEGMENTS))
  if (r < 0.9) return base + '/' + Array.from({ length: 1 + rng.int(4) }, () => pick(rng, ODD_SEGMENTS)).join('/')
  return '/' + 'x/'.repeat(rng.int(3000))
}

function headers (rng: Random, keyed: boolean): Record<string, string | string[]> {
  const h: Record<string, string | string[]> = {}
  const r = rng.next()
  if (keyed && r < 0.55) h.authorization = `Bearer ${pick(rng, [KEYS.read, KEYS.write, KEYS.write, KEYS.admin])}`
  else if (r < 0.75) h.authorization = pick(rng, AUTH)
  else if (r < 0.85) h['x-api-key'] = rng.chance(0.5) ? [KEYS.read, KEYS.admin] : pick(rng, [KEYS.wrong, '', ' ', oddString(rng, 30).replace(/[^\x20-\x7e]/g, '')])
  if (rng.chance(0.1)) h.accept = pick(rng, ['application/openmetrics-text; version=1.0.0', '*/*;q=abc', 'text/html', oddString(rng, 50).replace(/[^\x20-\x7e]/g, '')])
  if (rng.chance(0.05)) h['content-encoding'] = pick(rng, ['gzip', 'br', 'identity', 'x'])
  if (rng.chance(0.05)) h['x-forwarded-for'] = pick(rng, ['1.2.3.4', 'evil', '::1, 10.0.0.1'])
  return h
}

/**
 * A seeded stream of hostile requests: odd paths and encodings, repeated and
 * non-numeric parameters, deep, huge and malformed JSON, NaN and Infinity as
 * strings and numbers, control characters, long names and labels, wrong
 * types, bad content types and bad credentials. Never POST /clear with the
 * admin key: the suite checks that stored data survives. Generated one at
 * a time, so that the bodies sent are not kept (a flattened 5 MB body would
 * count as the server's memory).
 */
export function * hostileRequests (seed: number, count: number, keyed: boolean): Generator<HostileRequest> {
  const rng = new Random(seed)
  let n = 0
  while (n < count) {
    const r = rng.next()
    const h = headers(rng, keyed)
    let kind: string
    let options: InjectOptions
    if (r < 0.45) {
      kind = 'ingest'
      h['content-type'] = rng.chance(0.75) ? 'application/json' : pick(rng, CONTENT_TYPES)
      options = { method: 'POST', url: '/api/metrics/events' + (rng.chance(0.1) ? query(rng) : ''), headers: h, payload: body(rng) }
    } else if (r < 0.75) {
      kind = 'query'
      options = { method: rng.chance(0.9) ? 'GET' : 'HEAD', url: pick(rng, ROUTES.slice(0, 10)) + query(rng), headers: h }
    } else if (r < 0.92) {
      kind = 'path'
      options = { method: pick(rng, METHODS), url: path(rng) + (rng.chance(0.3) ? query(rng) : ''), headers: h }
    } else {
      kind = 'method'
      const method = pick(rng, METHODS)
      if (method !== 'GET' && method !== 'HEAD' && rng.chance(0.5)) {
        h['content-type'] = pick(rng, CONTENT_TYPES)
        options = { method, url: pick(rng, ROUTES), headers: h, payload: body(rng) }
      } else {
        options = { method, url: pick(rng, ROUTES), headers: h }
      }
    }
    const isClear = typeof options.url === 'string' && options.url.startsWith('/api/metrics/clear')
    const auth = JSON.stringify(options.headers ?? {})
    if (isClear && auth.includes(KEYS.admin)) continue
    n++
    yield { kind, options }
  }
}
