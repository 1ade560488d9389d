import { ConfigError } from '../../core/errors.ts'

/** The name of a Host header, lower case, without port or trailing dot (`[::1]` keeps its brackets). */
function hostNameOf (host: string): string {
  const h = host.trim().toLowerCase()
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d*$/, '')
  return name.endsWith('.') ? name.slice(0, -1) : name
}

/**
 * True when a Host header names this machine's loopback interface:
 * `localhost`, `127.x.y.z` or `[::1]`, with any port. A missing header (not
 * a browser: HTTP/1.1 browsers always send one) passes.
 *
 * Why: a service without keys on loopback trusts whoever can reach it, and
 * a web page can reach it by pointing its own domain at 127.0.0.1 (DNS
 * rebinding); its requests then carry the page's domain as Host.
 */
export function isLoopbackHost (host: string | undefined): boolean {
  if (host === undefined) return true
  const name = hostNameOf(host)
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
}

/**
 * True when a Host header is a loopback name or one of `allowed` (names as
 * `normalizeAllowedHosts` returns them), with any port. The names an
 * operator lists are those a reverse proxy passes on or a port-forward is
 * reached by: a rebinding page cannot make its own domain one of them.
 */
export function isAllowedHost (host: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (isLoopbackHost(host)) return true
  return allowed.size > 0 && host !== undefined && allowed.has(hostNameOf(host))
}

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/
const IPV6 = /^\[[0-9a-f:.]{2,45}\]$/

/**
 * Validates host names to answer besides the loopback ones: DNS names
 * (`metrics.example.com`, `bot-1`), IPv4 addresses, or IPv6 addresses in
 * brackets; no scheme, port, path or wildcard (any port is accepted).
 * Returns them lower case, without a trailing dot. Throws ConfigError naming
 * `field` and the entry.
 */
export function normalizeAllowedHosts (names: readonly string[], field: string): string[] {
  const out: string[] = []
  for (const raw of names) {
    const trimmed = raw.trim().toLowerCase()
    if (trimmed === '') continue
    const name = trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed
    // All digits and dots is an address or nothing: `256.1.1.1` is no DNS name.
    const valid = /^[\d.]+$/.test(name) ? IPV4.test(name) : DNS_NAME.test(name) || IPV6.test(name)
    if (!valid) {
      throw new ConfigError(field, `${JSON.stringify(raw.slice(0, 100))} is not a host name: give a DNS name, an IPv4 address or a bracketed IPv6 address, without scheme, port or wildcard`)
    }
    if (!out.includes(name)) out.push(name)
  }
  return out
}

/** Parses ALLOWED_HOSTS / --allowed-hosts: comma-separated host names (see normalizeAllowedHosts). */
export function parseAllowedHosts (spec: string, field: string): string[] {
  return normalizeAllowedHosts(spec.split(','), field)
}
