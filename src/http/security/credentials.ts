import type { IncomingHttpHeaders } from 'node:http'
import { MAX_KEY_LENGTH } from './api-keys.ts'

/** What a request presents: nothing, a key, or something that cannot be a key (and why). */
export type Credentials =
  | { kind: 'none' }
  | { kind: 'key', key: string }
  | { kind: 'malformed', reason: string }

const NONE: Credentials = Object.freeze({ kind: 'none' })
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i

function checkKey (key: string): Credentials {
  if (key.length === 0) return { kind: 'malformed', reason: 'empty key' }
  if (key.length > MAX_KEY_LENGTH) return { kind: 'malformed', reason: `key longer than ${MAX_KEY_LENGTH} characters` }
  return { kind: 'key', key }
}

/**
 * Reads the key from `Authorization: Bearer <key>` or `X-API-Key: <key>`.
 * Another scheme, a repeated header, or two headers that disagree are
 * malformed: the service never guesses which key was meant.
 */
export function credentialsOf (headers: IncomingHttpHeaders): Credentials {
  const auth = headers.authorization
  const apiKey = headers['x-api-key']
  if (Array.isArray(apiKey)) return { kind: 'malformed', reason: 'X-API-Key sent more than once' }
  let fromAuth: string | undefined
  if (auth !== undefined) {
    const m = BEARER.exec(auth)
    if (m === null) return { kind: 'malformed', reason: 'Authorization must be "Bearer <key>"' }
    fromAuth = m[1]
  }
  // Node joins a repeated X-API-Key into one value with ", ".
  if (apiKey !== undefined && apiKey.includes(', ')) return { kind: 'malformed', reason: 'X-API-Key sent more than once' }
  if (fromAuth !== undefined && apiKey !== undefined && fromAuth !== apiKey.trim()) {
    return { kind: 'malformed', reason: 'Authorization and X-API-Key carry different keys' }
  }
  if (fromAuth !== undefined) return checkKey(fromAuth)
  if (apiKey !== undefined) return checkKey(apiKey.trim())
  return NONE
}
