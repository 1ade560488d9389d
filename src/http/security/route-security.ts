import { ConfigError } from '../../core/errors.ts'

/**
 * What a route asks of its caller. `public` needs nothing (liveness only);
 * `read`, `write` and `admin` need a key with that scope once keys are
 * configured. An admin key may do everything; a write key may only write.
 */
export const Scope = {
  public: 'public',
  read: 'read',
  write: 'write',
  admin: 'admin'
} as const
export type Scope = typeof Scope[keyof typeof Scope]

/** The scopes a key can carry (every scope but `public`). */
export type KeyScope = Exclude<Scope, 'public'>

/**
 * Which rate-limit budget a route draws from. Each client (a key, or an IP
 * when anonymous) has one budget per class, so a busy dashboard never eats
 * into a scraper's. `none` is not limited.
 */
export const RateClass = {
  read: 'read',
  scrape: 'scrape',
  ingest: 'ingest',
  admin: 'admin',
  none: 'none'
} as const
export type RateClass = typeof RateClass[keyof typeof RateClass]

/** The limited classes, in the order they are documented and configured. */
export const LIMITED_CLASSES = ['read', 'scrape', 'ingest', 'admin'] as const
export type LimitedClass = typeof LIMITED_CLASSES[number]

/** What a route may declare in its Fastify `config`. */
export interface RouteSecurityConfig {
  scope?: Scope
  rateClass?: RateClass
}

/** A route's resolved protection. */
export interface RouteSecurity {
  scope: Scope
  rateClass: RateClass
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Who may call the route. Undeclared: GET/HEAD need `read`, OPTIONS is
     * `public` (CORS preflight), every other method needs `admin`.
     */
    scope?: Scope
    /** The rate-limit budget it draws from. Undeclared: by scope (read, ingest for write, admin; none for public). */
    rateClass?: RateClass
  }
}

const SCOPES = new Set<string>(Object.values(Scope))
const CLASSES = new Set<string>(Object.values(RateClass))
const SAFE_METHODS = new Set(['GET', 'HEAD'])
const CLASS_OF_SCOPE: Readonly<Record<Scope, RateClass>> = { public: 'none', read: 'read', write: 'ingest', admin: 'admin' }

/**
 * The protection of a route from its declaration, or, undeclared, from its
 * method: reads need `read`, and anything that may change state needs
 * `admin`, so a route added without thought fails closed. A declaration that
 * is not a known scope or class throws when the route is registered.
 */
export function resolveRouteSecurity (method: string | readonly string[], url: string, config: RouteSecurityConfig | undefined): RouteSecurity {
  const methods = (typeof method === 'string' ? [method] : method).map((m) => m.toUpperCase())
  const declared = config?.scope
  if (declared !== undefined && !SCOPES.has(declared)) {
    throw new ConfigError(`route ${methods.join(',')} ${url}`, `scope must be one of ${[...SCOPES].join(', ')}, got ${JSON.stringify(declared)}`)
  }
  const scope: Scope = declared ?? (methods.every((m) => SAFE_METHODS.has(m))
    ? 'read'
    : methods.every((m) => m === 'OPTIONS') ? 'public' : 'admin')
  const rateClass = config?.rateClass ?? CLASS_OF_SCOPE[scope]
  if (!CLASSES.has(rateClass)) {
    throw new ConfigError(`route ${methods.join(',')} ${url}`, `rateClass must be one of ${[...CLASSES].join(', ')}, got ${JSON.stringify(rateClass)}`)
  }
  return { scope, rateClass }
}

/** True when a caller holding `granted` may call a route that needs `needed`: admin may do everything. */
export function scopeAllows (granted: ReadonlySet<KeyScope>, needed: Scope): boolean {
  return needed === 'public' || granted.has('admin') || granted.has(needed)
}
