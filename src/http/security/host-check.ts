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
  const h = host.trim().toLowerCase()
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d*$/, '')
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
}
