/**
 * URLs as messages may show them. A notification or store URL can carry a secret anywhere past
 * its host: Telegram puts the bot token in the path (`/bot<token>/sendMessage`), Slack and
 * Discord webhooks are secrets as a whole path, other receivers take `?token=` or
 * `user:password@`. Errors, logs and JSON answers name such a URL by scheme, host and port only.
 */

/** Stands for whatever was cut: path, query, fragment or user info. */
const CUT = '/…'

/**
 * The scheme, host and port of `raw`, followed by `/…` when anything else (user info, a path
 * other than `/`, a query or a fragment) was left out; `(not a URL)` when it cannot be parsed,
 * since then no part of it is known to be safe to show.
 *
 * @example redactUrl('https://api.telegram.org/bot123:AAH/sendMessage') // 'https://api.telegram.org/…'
 * @example redactUrl('http://127.0.0.1:8428') // 'http://127.0.0.1:8428'
 */
export function redactUrl (raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return '(not a URL)'
  }
  const base = `${url.protocol}//${url.host}`
  const cut = url.username !== '' || url.password !== '' || (url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== ''
  return cut ? base + CUT : base
}

/**
 * `text` with every occurrence of `raw` (as given, and as the URL parser writes it) replaced by
 * its redacted form: for messages of other code (fetch's own errors quote the URL) that may
 * repeat it.
 *
 * @example redactUrlIn('bad URL https://u:p@h/x', 'https://u:p@h/x') // 'bad URL https://h/…'
 */
export function redactUrlIn (text: string, raw: string): string {
  if (raw === '') return text
  const forms = [raw]
  try {
    forms.push(new URL(raw).href)
  } catch {
    // Not a URL: only the text as given can appear.
  }
  // The longer form first, so that `https://h/` is not left as `https://h/…/`.
  forms.sort((a, b) => b.length - a.length)
  const shown = redactUrl(raw)
  let out = text
  for (const form of forms) out = out.split(form).join(shown)
  return out
}
