/** The API's base path, the same origin as the page. */
export const API_BASE = '/api/metrics'

const KEY_STORAGE = 'breakout-metrics.api-key'

/** An answer other than 2xx. `status` 404 means the route is not served by this version. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string

  constructor (status: number, code: string, message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
  }
}

/** True for a route this service does not serve (an older version): its panel says "not available". */
export function isNotAvailable (error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && error.code === 'BM_ERR_NOT_FOUND'
}

/**
 * The API key, kept for this browser tab only (sessionStorage): it is gone
 * when the tab closes and never written to localStorage or a cookie.
 */
export const apiKey = {
  get (): string | null {
    try {
      return sessionStorage.getItem(KEY_STORAGE)
    } catch {
      return null
    }
  },
  set (key: string | null): void {
    try {
      if (key === null) sessionStorage.removeItem(KEY_STORAGE)
      else sessionStorage.setItem(KEY_STORAGE, key)
    } catch {
      // Storage disabled: the key lasts as long as the page.
    }
  }
}

/** Headers every API request carries: the key as a bearer token when there is one. */
export function authHeaders (extra: Record<string, string> = {}): Record<string, string> {
  const key = apiKey.get()
  return key === null ? { ...extra } : { ...extra, authorization: `Bearer ${key}` }
}

/**
 * Asks for a key when the API answers 401, resolves once one is given.
 * The dashboard sets it to its key dialog.
 */
let askForKey: (reason: string) => Promise<void> = async () => {
  throw new ApiError(401, 'BM_ERR_UNAUTHORIZED', 'the service requires an API key')
}

export function onUnauthorized (ask: (reason: string) => Promise<void>): void {
  askForKey = ask
}

let pendingAsk: Promise<void> | null = null

/** Runs the key prompt once for every request that got a 401 at the same time. */
export async function requestKey (reason: string): Promise<void> {
  pendingAsk ??= askForKey(reason).finally(() => { pendingAsk = null })
  await pendingAsk
}

async function errorOf (res: Response): Promise<ApiError> {
  let code = `HTTP_${res.status}`
  let message = res.statusText
  try {
    const body = await res.json() as { error?: string, message?: string }
    code = body.error ?? code
    message = body.message ?? message
  } catch {
    // Not JSON: keep the status line.
  }
  return new ApiError(res.status, code, message)
}

/**
 * GET a JSON route: `path` under /api/metrics (`/summary`), or from the
 * root when it starts with /api/ (`/api/docs`). A 401 opens the key prompt and
 * retries with the key given; other non-2xx answers throw ApiError.
 */
export async function getJson<T> (path: string, params: Record<string, string | number | undefined> = {}, signal?: AbortSignal): Promise<T> {
  const query = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, String(v))
  const url = `${path.startsWith('/api/') ? '' : API_BASE}${path}${query.size > 0 ? '?' + query.toString() : ''}`
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, { headers: authHeaders({ accept: 'application/json' }), signal })
    if (res.ok) return await res.json() as T
    const error = await errorOf(res)
    if (res.status === 401 && attempt < 3) {
      await requestKey(apiKey.get() === null ? 'This service requires an API key.' : `The key was refused: ${error.message}`)
      continue
    }
    throw error
  }
}
