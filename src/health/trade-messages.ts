/**
 * Trade and digest messages for chats: templates with `{field}`
 * placeholders, and the payload each chat's API expects. Pure: no I/O,
 * no clock.
 */

/** Payload formats: Telegram `sendMessage`, a Discord webhook, a Slack incoming webhook, or plain JSON. */
export const TradeMessageFormat = {
  telegram: 'telegram',
  discord: 'discord',
  slack: 'slack',
  json: 'json'
} as const
export type TradeMessageFormat = typeof TradeMessageFormat[keyof typeof TradeMessageFormat]

/** What a message is about. */
export type TradeMessageKind = 'opened' | 'closed' | 'digest'

/** Templates per kind; `{name}` is replaced by the field `name` (unknown names stay as written). */
export type TradeTemplates = Record<TradeMessageKind, string>

/**
 * The default templates. The first line is the title (a Discord embed's
 * title); Telegram's HTML tags are added by the format, not here.
 */
export const DEFAULT_TRADE_TEMPLATES: Readonly<TradeTemplates> = Object.freeze({
  opened: '{icon} Opened {side} {symbol}\n{quantity} @ {price} on {instance}',
  closed: '{icon} {action} {side} {symbol}: P&L {pnl}\n{quantity} @ {exit_price} (entry {entry_price}), fees {fees}, held {holding}, on {instance}',
  digest: '📊 Daily digest {date} on {instance}\nP&L {pnl} over {closed_trades} closed trades, win rate {win_rate}\nMax drawdown {max_drawdown} ({max_drawdown_pct})\nOpen exposure {open_exposure} in {open_positions} positions'
})

/** Field values of one message; numbers are formatted by `formatNumber`, null shows as "n/a". */
export type MessageFields = Record<string, string | number | null>

/** Numbers as a trader reads them: at most 8 significant digits, no exponent for everyday sizes. */
export function formatNumber (v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v)
  const abs = Math.abs(v)
  if (abs >= 1e-6 && abs < 1e15) return String(Number(v.toPrecision(8)))
  return v.toPrecision(6)
}

/** Signed money: "+12.5", "-3.2". */
export function formatSigned (v: number): string {
  return (v > 0 ? '+' : '') + formatNumber(v)
}

/** Seconds as "2h 5m", "45s". */
export function formatHolding (seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`
  const m = Math.floor(seconds / 60)
  if (m < 60) return `${m}m ${Math.round(seconds - m * 60)}s`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h}h ${m - h * 60}m`
  return `${Math.floor(h / 24)}d ${h % 24}h`
}

const escapeHtml = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
// Slack reads &, < and > as control characters in mrkdwn.
const escapeSlack = escapeHtml

/**
 * `template` with each `{field}` replaced by its value, then escaped for
 * the format's markup (Telegram HTML, Slack mrkdwn): a symbol, an instance
 * name or the "&" of "P&L" can never break or inject markup. The format
 * adds its own (a bold title) in `messagePayload`.
 */
export function renderTemplate (template: string, fields: MessageFields, format: TradeMessageFormat): string {
  const text = template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    if (!(name in fields)) return whole
    const v = fields[name]
    return v === null ? 'n/a' : typeof v === 'number' ? formatNumber(v) : v
  })
  return format === 'telegram' ? escapeHtml(text) : format === 'slack' ? escapeSlack(text) : text
}

/** Telegram's, Discord's and Slack's length limits of one message. */
const LIMITS = { telegram: 4096, discord: 4096, slack: 3000, json: 100_000 } as const

function clip (text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…'
}

/** Embed colours (Discord) by kind and outcome. */
const COLORS = { opened: 0x3b82f6, win: 0x16a34a, loss: 0xdc2626, neutral: 0x6b7280 } as const

/**
 * The request body for `format`:
 * - telegram: `sendMessage` `{ chat_id, text, parse_mode: "HTML", disable_web_page_preview }`, the title in bold;
 * - discord: `{ embeds: [{ title, description, color, timestamp }], allowed_mentions: { parse: [] } }`
 *   (no `@everyone` from a symbol name);
 * - slack: `{ text, blocks: [header? section mrkdwn] }`, `text` the notification fallback;
 * - json: `{ kind, text, timestamp, fields }`.
 */
export function messagePayload (format: TradeMessageFormat, kind: TradeMessageKind, text: string, fields: MessageFields,
  options: { chatId?: string | null, timestampMs: number, outcome?: 'win' | 'loss' | 'neutral' }): Record<string, unknown> {
  const newline = text.indexOf('\n')
  const title = newline < 0 ? text : text.slice(0, newline)
  const body = newline < 0 ? '' : text.slice(newline + 1)
  switch (format) {
    case 'telegram':
      return {
        chat_id: options.chatId,
        text: clip(`<b>${title}</b>${body === '' ? '' : '\n' + body}`, LIMITS.telegram),
        parse_mode: 'HTML',
        disable_web_page_preview: true
      }
    case 'discord':
      return {
        embeds: [{
          title: clip(title, 256),
          description: clip(body === '' ? title : body, LIMITS.discord),
          color: kind === 'opened' ? COLORS.opened : COLORS[options.outcome ?? 'neutral'],
          timestamp: new Date(options.timestampMs).toISOString()
        }],
        allowed_mentions: { parse: [] }
      }
    case 'slack':
      return {
        text: clip(text, LIMITS.slack),
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(`*${title}*${body === '' ? '' : '\n' + body}`, LIMITS.slack) } }]
      }
    default:
      return { kind, text, timestamp: options.timestampMs, fields }
  }
}
