import { getJson } from './api.ts'

interface SummaryBot {
  bot?: { id: string, labels: Record<string, string> } | null
}

/**
 * Shows which bot this dashboard belongs to (GET /summary's `bot`) in the
 * header and the page title: in a fleet, several tabs look alike otherwise.
 * A service that does not say leaves the header as it is.
 */
export async function showBotIdentity (doc: Document): Promise<void> {
  const { bot } = await getJson<SummaryBot>('/summary')
  if (bot == null) return
  const el = doc.getElementById('bot-identity')
  if (el === null) return
  const labels = Object.entries(bot.labels).filter(([k]) => k !== 'bot_url').map(([k, v]) => `${k}=${v}`)
  el.textContent = `Bot ${bot.id}`
  el.title = labels.join(', ')
  el.hidden = false
  const extra = doc.getElementById('bot-labels')
  if (extra !== null) {
    extra.textContent = labels.join(' · ')
    extra.hidden = labels.length === 0
  }
  doc.title = `${bot.id} · Breakout Metrics`
}
